/**
 * The API key: kept only in VS Code's SecretStorage, with the ANTHROPIC_API_KEY environment
 * variable as the fallback. Never written to settings, the log, the ledger or a webview.
 * A gateway at `api.baseUrl` may have a key of its own (a LiteLLM virtual key), kept apart from the
 * Anthropic key in SecretStorage: when it is set, the gateway gets it and never the Anthropic key.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { Log } from './log';

const SECRET_KEY = 'modelRouter.anthropicApiKey';
const GATEWAY_SECRET_KEY = 'modelRouter.gatewayKey';
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
      if (event.key === SECRET_KEY || event.key === GATEWAY_SECRET_KEY) this.changed.fire();
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
    return this.askAndStore(SECRET_KEY, 'API key', {
      title: 'Model Router: Set API Key',
      prompt: reason ? `${reason} ${WHERE_TO_GET_A_KEY}` : `Your Anthropic API key. ${WHERE_TO_GET_A_KEY} It is kept in VS Code’s secret storage and never written to settings or logs.`,
      placeHolder: 'sk-ant-…',
      spaces: 'An API key has no spaces: check what was pasted.',
    });
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.log.info('API key removed from secret storage');
  }

  /** The gateway's own key, when one is stored (never read from the environment or settings). */
  async gatewayKey(): Promise<string | undefined> {
    const stored = (await this.secrets.get(GATEWAY_SECRET_KEY))?.trim();
    if (!stored) return undefined;
    this.log.addSecret(stored);
    return stored;
  }

  /** Asks for the gateway's key in a password box and stores it. Returns whether a key was stored. */
  async promptAndStoreGateway(gatewayUrl: string | undefined): Promise<boolean> {
    const where = gatewayUrl ? `the gateway at ${gatewayUrl} (modelRouter.api.baseUrl)` : 'the gateway you set in modelRouter.api.baseUrl';
    return this.askAndStore(GATEWAY_SECRET_KEY, 'gateway key', {
      title: 'Model Router: Set Gateway Key',
      prompt: `The key ${where} gave you, such as a LiteLLM virtual key. It is sent there instead of your Anthropic key, kept in VS Code’s secret storage and never written to settings or logs.`,
      spaces: 'A key has no spaces: check what was pasted.',
    });
  }

  /** A password box for a key, checked as it is typed; the key is kept as `secret` and scrubbed from the log. */
  private async askAndStore(secret: string, what: string, box: { title: string; prompt: string; placeHolder?: string; spaces: string }): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: box.title,
      prompt: box.prompt,
      password: true,
      ignoreFocusOut: true,
      ...(box.placeHolder ? { placeHolder: box.placeHolder } : {}),
      validateInput: (text) => {
        const trimmed = text.trim();
        if (trimmed === '') return 'Paste the key, or press Escape to cancel.';
        if (/\s/.test(trimmed)) return box.spaces;
        return undefined;
      },
    });
    if (value === undefined) return false;
    const key = value.trim();
    this.log.addSecret(key);
    await this.secrets.store(secret, key);
    this.log.info(`${what} stored in secret storage`);
    return true;
  }

  async clearGateway(): Promise<void> {
    await this.secrets.delete(GATEWAY_SECRET_KEY);
    this.log.info('gateway key removed from secret storage');
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
    vscode.commands.registerCommand(COMMANDS.setGatewayKey.id, async () => {
      const url = vscode.workspace.getConfiguration('modelRouter').inspect<string>('api.baseUrl')?.globalValue;
      if (await keys.promptAndStoreGateway(url || undefined)) {
        const unused = url ? '' : ' It is used once modelRouter.api.baseUrl names your gateway.';
        void vscode.window.showInformationMessage(`Model Router: gateway key saved.${unused}`);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.clearGatewayKey.id, async () => {
      await keys.clearGateway();
      void vscode.window.showInformationMessage('Model Router: gateway key removed. The gateway gets your Anthropic key again, if one is set.');
    }),
  );
}
