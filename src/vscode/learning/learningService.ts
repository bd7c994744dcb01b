/**
 * The weekly review in the editor: follows the ledger (ReviewFeed) and the settings, keeps the
 * review and the pending suggestions up to date for the spend report, the status bar and the menu,
 * and carries out Apply, Not now and Never. Nothing here is ever applied without the user's click.
 */
import * as vscode from 'vscode';
import { applyRefusal, applySuggestion } from '../../core/learning/applySuggestion';
import type { ApplyTarget } from '../../core/learning/applySuggestion';
import type { DismissAction, Dismissals } from '../../core/learning/dismissals';
import { dismiss, dismissedAt, NOT_NOW_DAYS, parseDismissals } from '../../core/learning/dismissals';
import { TASK_KIND_INFO } from '../../core/routing/taskKinds';
import { ReviewFeed } from '../../core/learning/reviewFeed';
import type { Suggestion } from '../../core/learning/suggestions';
import { suggestedRule } from '../../core/learning/suggestions';
import { ruleScopeText } from '../../core/routing/scopedRules';
import type { WeeklyReview } from '../../core/learning/weeklyReview';
import { buildWeeklyReview } from '../../core/learning/weeklyReview';
import type { Ledger } from '../../core/spend/ledger';
import type { LedgerStore } from '../../core/spend/ledgerStore';
import type { Log } from '../platform/log';
import type { SettingsService } from '../platform/settingsService';
import { SettingsTaskKindsWriter, teamFileRefusal } from './taskKindsWriter';
import type { LearnedRouting } from './learnedRouting';

const DISMISSALS_KEY = 'modelRouter.learning.dismissals';
/** Ledger changes come in bursts (a retry, its feedback); one read after the burst. */
const DEBOUNCE_MS = 300;

export interface LearningDeps {
  readonly store: LedgerStore;
  readonly ledger: Ledger;
  readonly settings: SettingsService;
  readonly globalState: vscode.Memento;
  readonly log: Log;
  /** The classifier's per-user adjustment, which learns the corrections the ledger gained. */
  readonly learned?: LearnedRouting;
}

export class LearningService implements vscode.Disposable {
  private readonly feed: ReviewFeed;
  private review: WeeklyReview | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the review or the pending suggestions changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly writer = new SettingsTaskKindsWriter();

  constructor(private readonly deps: LearningDeps) {
    this.feed = new ReviewFeed(deps.store);
    this.subscriptions.push(
      this.changed,
      { dispose: () => clearTimeout(this.timer) },
      deps.ledger.onDidChange(() => this.schedule()),
      deps.settings.onDidChange(() => this.recompute()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  /** The review as of the last read; undefined before the first. */
  get current(): WeeklyReview | undefined {
    return this.review;
  }

  /** The suggestion the status bar and the menu point to: the best-supported one. */
  get pending(): Suggestion | undefined {
    return this.review?.suggestions[0];
  }

  /** Reads what the ledger gained and recomputes; resolves when done. Failures are logged. */
  async update(): Promise<void> {
    try {
      await this.feed.refresh();
    } catch (error) {
      this.deps.log.warn(`learning: the ledger could not be read for the weekly review: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      await this.deps.learned?.learnFrom(this.feed.current().entries);
    } catch (error) {
      this.deps.log.warn(`learning: your corrections could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.recompute();
  }

  /** Carries out a click on a suggestion; returns what to tell the user. */
  async act(id: string, action: 'apply' | DismissAction, target: ApplyTarget = 'user'): Promise<string> {
    const suggestion = this.review?.suggestions.find((candidate) => candidate.id === id);
    if (suggestion === undefined) return 'That suggestion is no longer offered (the evidence changed, or it was already handled).';
    if (action !== 'apply') {
      await this.deps.globalState.update(DISMISSALS_KEY, dismiss(this.dismissals(), id, action, new Date()));
      this.recompute();
      const kind = suggestion.scope === undefined ? TASK_KIND_INFO[suggestion.taskKind].label : ruleScopeText(suggestedRule(suggestion.taskKind, suggestion.scope));
      return action === 'never' ? `Model Router will not suggest ${suggestion.to} for ${kind} again.` : `Hidden for ${NOT_NOW_DAYS} days: ${suggestion.to} for ${kind} comes back then if the signals still say so.`;
    }
    if (target === 'team') {
      const refusal = teamFileRefusal() ?? applyRefusal(suggestion, 'team');
      if (refusal !== undefined) return `Not applied: ${refusal}.`;
    }
    try {
      const said = await applySuggestion(suggestion, this.writer, target, localDate(new Date()));
      // Routing must follow at once: the next request may already be on its way.
      await this.deps.settings.reload();
      this.deps.log.info(`learning: applied ${suggestion.id} to ${target === 'user' ? 'user settings' : 'the team policy file'} (${suggestion.count} of ${suggestion.of} signals)`);
      return said;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.warn(`learning: could not apply ${suggestion.id}: ${message}`);
      return `Not applied: ${message}.`;
    }
  }

  private dismissals(): Dismissals {
    return parseDismissals(this.deps.globalState.get(DISMISSALS_KEY));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), DEBOUNCE_MS);
  }

  private recompute(): void {
    const now = new Date();
    const { entries } = this.feed.current();
    this.review = buildWeeklyReview(entries, { now, policy: this.deps.settings.policy, dismissed: dismissedAt(this.dismissals(), now) });
    this.changed.fire();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
