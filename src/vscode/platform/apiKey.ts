/**
 * The API key: kept only in VS Code's SecretStorage, with the ANTHROPIC_API_KEY environment
 * variable as the fallback. Never written to settings, the log, the ledger or a webview.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { Log } from './log';

const SECRET_KEY = 'modelRouter.anthropicApiKey';
/** Where a key comes from, said in the Set API Key box: the box cannot hold a link, so it names the place. */
export const WHERE_TO_GET_A_KEY = 'Get one at console.anthropic.com → Settings → API Keys.';

export type KeySource = 'secretStorage' | 'environment';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) this.changed.fire();
    });
    log.addSecret(env.ANTHROPIC_API_KEY);
  }

  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    if (stored) {
      this.log.addSecret(stored);
      return { key: stored, source: 'secretStorage' };
    }
    const fromEnv = this.env.ANTHROPIC_API_KEY?.trim();
    return fromEnv ? { key: fromEnv, source: 'environment' } : undefined;
  }

  /** Asks for a key in a password box (saying where to get one) and stores it. Returns whether a key was stored. */
  async promptAndStore(reason?: string): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: 'Model Router: Set API Key',
      prompt: reason ? `${reason} ${WHERE_TO_GET_A_KEY}` : `Your Anthropic API key. ${WHERE_TO_GET_A_KEY} It is kept in VS Code’s secret storage and never written to settings or logs.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-ant-…',
      validateInput: (text) => {
        const trimmed = text.trim();
        if (trimmed === '') return 'Paste the key, or press Escape to cancel.';
        if (/\s/.test(trimmed)) return 'An API key has no spaces: check what was pasted.';
        return undefined;
      },
    });
    if (value === undefined) return false;
    const key = value.trim();
    this.log.addSecret(key);
    await this.secrets.store(SECRET_KEY, key);
    this.log.info('API key stored in secret storage');
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.log.info('API key removed from secret storage');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerApiKeyCommands(context: vscode.ExtensionContext, keys: ApiKeyStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.setApiKey.id, async () => {
      if (await keys.promptAndStore()) void vscode.window.showInformationMessage('Model Router: API key saved.');
    }),
    vscode.commands.registerCommand(COMMANDS.clearApiKey.id, async () => {
      await keys.clear();
      const env = process.env.ANTHROPIC_API_KEY ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
      void vscode.window.showInformationMessage(`Model Router: API key removed.${env}`);
    }),
  );
}
