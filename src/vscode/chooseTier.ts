/**
 * "Model Router: Choose Tier": Auto or a tier (each with its model and price), then for how long —
 * the next request, this session, or always for one task kind (a pin in the user's settings),
 * and each pin can be removed again from the same picker.
 * Items carry typed payloads; nothing is parsed back out of a label.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commands';
import type { OverrideState } from '../core/routing/overrides';
import { priceFor } from '../core/spend/pricing';
import { SECTION } from '../core/settings/settings';
import type { OverrideScope } from '../core/routing/request';
import type { TaskKind } from '../core/routing/taskKinds';
import { TASK_KIND_INFO, TASK_KINDS, isTaskKind } from '../core/routing/taskKinds';
import type { ModelTier } from '../core/routing/tiers';
import { MODEL_TIERS, TIER_LABELS } from '../core/routing/tiers';
import type { SettingsService } from './platform/settingsService';

interface TierItem extends vscode.QuickPickItem {
  readonly choice: 'auto' | 'clearPins' | 'removePin' | ModelTier;
  /** For `removePin`: the pinned task kind this item unpins. */
  readonly taskKind?: TaskKind;
}
interface ScopeItem extends vscode.QuickPickItem {
  readonly scope: OverrideScope;
}
interface KindItem extends vscode.QuickPickItem {
  readonly taskKind: TaskKind;
}

/** Arguments that skip the pickers: for keybindings with args, and for tests. */
export interface ChooseTierArgs {
  readonly tier: 'auto' | ModelTier;
  readonly scope?: OverrideScope;
  readonly taskKind?: TaskKind;
}

/** What the first picker chose: a choice, and the task kind of a pin to remove. */
interface TierPick {
  readonly choice: TierItem['choice'];
  readonly taskKind?: TaskKind;
}

export function registerChooseTier(context: vscode.ExtensionContext, overrides: OverrideState, settings: SettingsService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.chooseTier.id, async (args?: ChooseTierArgs) => {
      const pick: TierPick | undefined = args ? { choice: args.tier } : await pickTier(overrides, settings);
      if (pick === undefined) return;
      const choice = pick.choice;
      if (choice === 'auto') return overrides.clear();
      if (choice === 'clearPins') return updatePins(() => ({}));
      if (choice === 'removePin') return removePin(pick.taskKind);
      const scope = args?.scope ?? (await pickScope(choice));
      if (scope === undefined) return;
      if (scope === 'next') return overrides.setNext(choice);
      if (scope === 'session') return overrides.setSession(choice);
      const kind = args?.taskKind ?? (await pickKind(choice));
      if (kind === undefined || !isTaskKind(kind)) return;
      await updatePins((pins) => ({ ...pins, [kind]: choice }));
      void vscode.window.showInformationMessage(`Model Router: every ${TASK_KIND_INFO[kind].label} now goes to ${choice} (saved in your settings).`);
    }),
  );
}

async function pickTier(overrides: OverrideState, settings: SettingsService): Promise<TierPick | undefined> {
  const active = overrides.current();
  const policy = settings.policy;
  const items: TierItem[] = [
    { choice: 'auto', label: `${active === undefined ? '$(check) ' : ''}Auto`, description: 'the policy picks the cheapest tier that does the job', detail: 'Clears any override' },
    ...MODEL_TIERS.map((tier): TierItem => {
      const model = policy.tiers[tier].model;
      const price = priceFor(model, settings.priceOverrides);
      return {
        choice: tier,
        label: `${active?.tier === tier ? '$(check) ' : ''}${TIER_LABELS[tier]}`,
        description: model,
        detail: price ? `${perMTok(price.input)} in / ${perMTok(price.output)} out per million tokens` : 'unpriced: set modelRouter.prices for this model',
      };
    }),
  ];
  const pins = (Object.entries(policy.pins) as Array<[string, ModelTier]>).filter((entry): entry is [TaskKind, ModelTier] => isTaskKind(entry[0]));
  if (pins.length > 0) {
    items.push({ choice: 'auto', label: 'Pinned task kinds', kind: vscode.QuickPickItemKind.Separator });
    for (const [kind, tier] of pins) {
      items.push({ choice: 'removePin', taskKind: kind, label: `$(pinned) Remove pin: ${TASK_KIND_INFO[kind].label} → ${tier}`, description: `back to Auto for ${TASK_KIND_INFO[kind].label}` });
    }
    if (pins.length > 1) items.push({ choice: 'clearPins', label: '$(clear-all) Remove all pins', description: pins.map(([kind, tier]) => `${kind} → ${tier}`).join(', ') });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Model Router: Choose Tier', placeHolder: 'Which tier should answer?' });
  return picked && { choice: picked.choice, taskKind: picked.taskKind };
}

async function pickScope(tier: ModelTier): Promise<OverrideScope | undefined> {
  const items: ScopeItem[] = [
    { scope: 'next', label: 'Next request only', description: `then back to Auto` },
    { scope: 'session', label: 'This session', description: 'until you choose Auto or reset the session' },
    { scope: 'taskKind', label: 'Always for a task kind…', description: 'saved as a pin in your user settings' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Model Router: ${TIER_LABELS[tier]} for…` });
  return picked?.scope;
}

async function pickKind(tier: ModelTier): Promise<TaskKind | undefined> {
  const items: KindItem[] = TASK_KINDS.map((kind) => ({ taskKind: kind, label: TASK_KIND_INFO[kind].label, description: `default ${TASK_KIND_INFO[kind].defaultTier}` }));
  const picked = await vscode.window.showQuickPick(items, { title: `Model Router: always use ${tier} for…`, matchOnDescription: true });
  return picked?.taskKind;
}

/** Removes one pin from the user's settings and says so; the kind goes back to Auto. */
async function removePin(kind: TaskKind | undefined): Promise<void> {
  if (kind === undefined) return;
  const mine = vscode.workspace.getConfiguration(SECTION).inspect<Record<string, unknown>>('policy.pins')?.globalValue ?? {};
  if (!(kind in mine)) {
    void vscode.window.showWarningMessage(`Model Router: the ${TASK_KIND_INFO[kind].label} pin comes from this workspace's settings or its team policy file (.vscode/model-router.json), not your user settings: remove it there.`);
    return;
  }
  await updatePins((pins) => Object.fromEntries(Object.entries(pins).filter(([pinned]) => pinned !== kind)));
  void vscode.window.setStatusBarMessage(`Model Router: ${TASK_KIND_INFO[kind].label} is routed by Auto again.`, 5000);
}

async function updatePins(change: (pins: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const section = vscode.workspace.getConfiguration(SECTION);
  const current = section.inspect<Record<string, unknown>>('policy.pins')?.globalValue ?? {};
  await section.update('policy.pins', change(current), vscode.ConfigurationTarget.Global);
}

/** A per-million-token price as people write it: $0.10, $2, $2.50. */
function perMTok(usd: number): string {
  return Number.isInteger(usd) ? `$${usd}` : `$${usd.toFixed(2)}`;
}
