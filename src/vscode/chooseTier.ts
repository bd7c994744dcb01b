/**
 * "Model Router: Choose Tier": Auto or a tier (each with its model and price), then for how long —
 * the next request, this session, or always for one task kind (a pin in the user's settings),
 * and each pin can be removed again from the same picker.
 * Items carry typed payloads; nothing is parsed back out of a label.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commands';
import type { Effort } from '../core/model/llm';
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
  readonly choice: 'auto' | 'clearPins' | 'removePin' | 'effort' | ModelTier;
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
  readonly tier: 'auto' | 'effort' | ModelTier;
  readonly scope?: OverrideScope;
  readonly taskKind?: TaskKind;
  /** With `tier: 'effort'`: the effort for the next request or the session (`scope`), or 'auto'. */
  readonly effort?: Effort | 'auto';
}

interface EffortItem extends vscode.QuickPickItem {
  readonly effort: Effort | 'auto';
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
      if (choice === 'effort') return chooseEffort(overrides, args);
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
  const effort = overrides.currentEffort();
  items.push({ choice: 'auto', label: 'Effort', kind: vscode.QuickPickItemKind.Separator });
  items.push({
    choice: 'effort',
    label: `$(dashboard) Effort…${effort ? ` (${effort.effort} for ${effort.scope === 'next' ? 'the next request' : 'this session'})` : ''}`,
    description: 'by task kind: medium for routine frontier work, high for architecture, security, debugging',
    detail: 'Choose an effort for the next request or this session, over the routing table',
  });
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

/** The effort step: an effort, then for how long; "Auto" goes back to the routing table. */
async function chooseEffort(overrides: OverrideState, args: ChooseTierArgs | undefined): Promise<void> {
  const effort = args?.effort ?? (await pickEffort());
  if (effort === undefined) return;
  if (effort === 'auto') return overrides.clearEffort();
  const scope = args?.scope ?? (await pickEffortScope(effort));
  if (scope !== 'next' && scope !== 'session') return;
  overrides.setEffort(effort, scope);
  void vscode.window.setStatusBarMessage(`Model Router: ${effort} effort for ${scope === 'next' ? 'the next request' : 'this session'}.`, 5000);
}

async function pickEffort(): Promise<Effort | 'auto' | undefined> {
  const items: EffortItem[] = [
    { effort: 'auto', label: 'Auto', description: 'by task kind: no thinking for mechanical work, high effort for the hard kinds' },
    { effort: 'low', label: 'Low', description: 'fewest tokens; fine for mechanical work' },
    { effort: 'medium', label: 'Medium', description: 'routine work; Opus at medium matches Sonnet’s best with far fewer output tokens' },
    { effort: 'high', label: 'High', description: 'architecture, hard debugging, security' },
    { effort: 'xhigh', label: 'Extra high', description: 'more thinking, more output tokens' },
    { effort: 'max', label: 'Max', description: 'the hardest few percent; the most output tokens' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Model Router: Effort', placeHolder: 'How much effort should the model spend?' });
  return picked?.effort;
}

async function pickEffortScope(effort: Effort): Promise<OverrideScope | undefined> {
  const items: ScopeItem[] = [
    { scope: 'next', label: 'Next request only', description: 'then back to the routing table' },
    { scope: 'session', label: 'This session', description: 'until you choose Auto or reset the session' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Model Router: ${effort} effort for…` });
  return picked?.scope;
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
