/**
 * What VS Code loads at activation (package.json "main", dist/extension.js): a few kilobytes that
 * only stand in for the extension until the rest of it loads. Everything else (the engine, the
 * ledger, the views, the providers, zod and its schemas) is its own bundle, dist/features.js
 * (src/extension.ts), required right after activation, in a timer callback, so activation itself
 * costs almost nothing and the first real use finds everything loaded. The spend item is in the
 * status bar from the start, and shows the session's spend once the features are in.
 *
 * Until then each contributed command (src/core/commands.ts) is a stand-in that waits for the
 * load and runs the real command, and `@router` exists and answers once its handler is there, so
 * nothing a user does that early is lost. The features drop the stand-ins just before they
 * register the real commands, in the same tick, so a command is never missing.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './core/commands';
import type * as Features from './extension';
import type { ActivationShell, LazyModelRouterApi, ModelRouterApi } from './extension';

/** `@router`, as package.json's chatParticipants names it. */
const PARTICIPANT_ID = 'model-router.router';

/** How long after activate() returns the features are required (a command or @router used earlier loads them at once). */
const FEATURES_AFTER_MS = 100;

/** The features, once required: their deactivate waits for the OpenTelemetry export's last data. */
let features: typeof Features | undefined;

export function activate(context: vscode.ExtensionContext): LazyModelRouterApi | undefined {
  const standIns = new Map<string, vscode.Disposable>();
  let loading: Promise<ModelRouterApi | undefined> | undefined;
  const load = (): Promise<ModelRouterApi | undefined> => (loading ??= loadFeatures(context, shell));

  for (const { id: command } of Object.values(COMMANDS)) {
    standIns.set(
      command,
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await load();
        // Still here: the features failed to start (and said so).
        if (standIns.size > 0) return undefined;
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }
  let answer: vscode.ChatRequestHandler | undefined;
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, chat, stream, token) => {
    await load();
    if (!answer) return { errorDetails: { message: 'Model Router could not start: it said why when the window opened. Reload the window to try again.' } };
    return answer(request, chat, stream, token);
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  context.subscriptions.push(participant, { dispose: () => standIns.forEach((standIn) => standIn.dispose()) });

  // The spend item, at once; the features show the session's spend in it (src/vscode/statusBar.ts).
  const statusItem = vscode.window.createStatusBarItem('modelRouter.spend', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Model Router Spend';
  statusItem.command = COMMANDS.showMenu.id;
  statusItem.text = '$(pulse) loading';
  statusItem.show();
  context.subscriptions.push(statusItem);

  const shell: ActivationShell = {
    statusItem,
    releaseCommands() {
      standIns.forEach((standIn) => standIn.dispose());
      standIns.clear();
    },
    answerChat(handler) {
      answer = handler;
    },
  };

  // Not in the next tick: VS Code finishes its own bookkeeping of this activation over a few more
  // turns of the event loop, and compiling the features there (about 80 ms) held it up in some windows.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loaded = new Promise<ModelRouterApi | undefined>((resolve) => (timer = setTimeout(() => resolve(load()), FEATURES_AFTER_MS)));
  // Stopped within those 100 ms (a window closed at once): nothing is loaded into a disposed context.
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  // Only the integration tests and benchmarks (ExtensionMode.Test) get the API, once it is loaded.
  return context.extensionMode === vscode.ExtensionMode.Test ? { loaded } : undefined;
}

async function loadFeatures(context: vscode.ExtensionContext, shell: ActivationShell): Promise<ModelRouterApi | undefined> {
  try {
    // A computed path, so esbuild leaves the features out of this bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import() would be bundled into the activation path
    features = require(join(__dirname, 'features.js')) as typeof Features;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    shell.statusItem.text = '$(error) Model Router could not start';
    void vscode.window.showErrorMessage(`Model Router could not start: its code (dist/features.js) could not be loaded: ${message}. Reinstall the extension.`);
    return undefined;
  }
  return features.activate(context, shell);
}

/** Everything is disposed through context.subscriptions; the features' deactivate is waited for. */
export async function deactivate(): Promise<void> {
  await features?.deactivate();
}
