/**
 * The router menu behind the status bar item: every Model Router action in one quick pick.
 */
import * as vscode from 'vscode';
import type { CommandName } from '../core/commands';
import { COMMANDS } from '../core/commands';
import type { OverrideState } from '../core/routing/overrides';
import type { ApiKeyStore } from './platform/apiKey';

interface MenuItem extends vscode.QuickPickItem {
  readonly command: CommandName;
}

/** The routing suggestion waiting for the user, if any (LearningService.pending). */
export type PendingSuggestion = () => { readonly text: string } | undefined;

/** How many corrections the classifier has learned from the user's feedback (LearnedRouting). */
export type LearnedCount = () => number;

/** The gateway the cloud tiers go through (`api.baseUrl`), or undefined for the Anthropic API itself. */
export type GatewayUrl = () => string | undefined;

export function registerMenu(context: vscode.ExtensionContext, overrides: OverrideState, keys: ApiKeyStore, pending: PendingSuggestion = () => undefined, learned: LearnedCount = () => 0, gateway: GatewayUrl = () => undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showMenu.id, async () => {
      const override = overrides.current();
      const key = await keys.get();
      const suggestion = pending();
      const gatewayUrl = gateway();
      // Only with a gateway configured: its key means nothing to the Anthropic API.
      const gatewayItems: MenuItem[] =
        gatewayUrl === undefined
          ? []
          : [{ command: 'setGatewayKey', label: '$(key) Set Gateway Key…', description: (await keys.gatewayKey()) !== undefined ? `a key is stored for ${gatewayUrl}` : `for ${gatewayUrl}, if it gives out keys of its own` }];
      // Open Chat stays first, the way in; a pending suggestion comes right after it.
      const items: MenuItem[] = [
        { command: 'openChat', label: '$(comment-discussion) Open Chat', description: 'ask anything; each answer shows its tier and cost' },
        ...(suggestion
          ? [{ command: 'spendReport' as const, label: '$(lightbulb) Routing Suggestion…', description: 'Apply, Not now or Never in the Spend Report', detail: suggestion.text }]
          : []),
        { command: 'chooseTier', label: '$(layers) Choose Tier…', description: override ? `now: ${override.tier} (${override.scope === 'next' ? 'next request' : 'this session'})` : 'now: Auto' },
        { command: 'spendReport', label: '$(graph) Spend Report', description: 'per day, tier, model and task kind; export CSV or JSONL' },
        { command: 'setApiKey', label: '$(key) Set API Key…', description: key === undefined ? 'no key yet' : key.source === 'environment' ? 'using ANTHROPIC_API_KEY' : 'a key is stored' },
        ...gatewayItems,
        { command: 'showLog', label: '$(output) Show Log' },
        { command: 'resetSession', label: '$(debug-restart) Reset Session Spend', description: 'start the session at $0; history is kept' },
        { command: 'resetLearnedRouting', label: '$(history) Reset Learned Routing', description: learned() === 0 ? 'nothing learned from your feedback yet' : `forget ${learned()} correction${learned() === 1 ? '' : 's'} learned from your feedback` },
        { command: 'getStarted', label: '$(rocket) Get Started', description: 'the walkthrough: key, chat, tiers, status bar, report' },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: 'Model Router' });
      if (picked) await vscode.commands.executeCommand(COMMANDS[picked.command].id);
    }),
  );
}
