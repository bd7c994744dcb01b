/**
 * The status bar item: a humble view of `describeSpend`. It re-renders when the ledger, the
 * override, the settings or the pending routing suggestion change, and a click opens the router menu.
 */
import * as vscode from 'vscode';
import { evaluateBudget } from '../core/routing/budget';
import { COMMANDS } from '../core/commands';
import { budgetFromConfig } from '../core/settings/config';
import type { Ledger } from '../core/spend/ledger';
import type { SpendHolds } from '../core/spend/spendHolds';
import type { OverrideState } from '../core/routing/overrides';
import type { TierEndpoints } from '../core/settings/endpoints';
import type { SpendView, SpendViewOptions } from '../core/spend/statusBarText';
import { describeSpend } from '../core/spend/statusBarText';
import type { LearningService } from './learning/learningService';
import type { SettingsService } from './platform/settingsService';

export class SpendStatusBar implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private view: SpendView | undefined;

  /** `item` is the `modelRouter.spend` item the activation entry (src/activation.ts) created and named, opening the menu. */
  constructor(
    private readonly item: vscode.StatusBarItem,
    private readonly ledger: Ledger,
    private readonly overrides: OverrideState,
    private readonly settings: SettingsService,
    private readonly demo: boolean,
    private readonly learning?: LearningService,
    /** What the batches in flight are held at: counted with the spend against the budgets. */
    private readonly holds?: SpendHolds,
  ) {
    this.subscriptions.push(
      this.item,
      ledger.onDidChange(() => this.render()),
      overrides.onDidChange(() => this.render()),
      settings.onDidChange(() => this.render()),
      ...(learning ? [learning.onDidChange(() => this.render())] : []),
      ...(holds ? [holds.onDidChange(() => this.render())] : []),
    );
    this.render();
    this.item.show();
  }

  /** What the item shows now, for the test API. */
  get current(): SpendView | undefined {
    return this.view;
  }

  render(): void {
    const snapshot = this.ledger.snapshot();
    const budget = evaluateBudget({ session: snapshot.session, today: snapshot.today, heldMicros: this.holds?.micros ?? 0 }, budgetFromConfig(this.settings.config));
    const view = describeSpend(snapshot, budget, this.overrides.current(), {
      demo: this.demo,
      pins: this.settings.policy.pins,
      ...localOption(this.settings.endpoints),
      ...(this.learning?.pending ? { suggestion: this.learning.pending.text } : {}),
    });
    this.view = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: [COMMANDS.showMenu.id, COMMANDS.chooseTier.id, COMMANDS.spendReport.id] };
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([\w-]+\)\s*/g, ''), role: 'button' };
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

/** The status bar's word on the local server, when some tiers use it. */
function localOption(endpoints: TierEndpoints): Pick<SpendViewOptions, 'local'> {
  return endpoints.local === undefined ? {} : { local: { model: endpoints.local.model, url: endpoints.local.url, tiers: endpoints.localTiers } };
}
