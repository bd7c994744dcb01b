// Helpers for the agent command tests: files in the test workspace, the notification buttons a
// user clicks (Apply, Cancel, Redo one tier up), and the requests the ledger recorded.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { SpendRecord } from '../../../src/core/spend/spendRecord';
import type { FakeApiContext } from '../support/router';
import { resetSettings, withFakeApi } from '../support/router';
import { eventually } from '../support/eventually';
import { selectors, ui } from '../support/ui';

/**
 * The fake API and its key, with inline completions off: typing in these tests (an input box,
 * the rename box) must not add completion requests to what the fake and the ledger saw.
 */
export function withAgentEnv(): FakeApiContext {
  const env = withFakeApi();
  before(() => vscode.workspace.getConfiguration('modelRouter').update('completions.enabled', false, vscode.ConfigurationTarget.Global));
  after(() => resetSettings(['completions.enabled']));
  return env;
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return folder.uri;
}

/** Writes `text` to a workspace file and opens it with `selection` (0-based lines, whole lines when only lines are given). */
export async function openFile(path: string, text: string, selection?: { from: number; to: number }): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), path);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== text) {
    // The document was still open from an earlier test: its model may lag behind the disk.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
    await document.save();
  }
  const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
  if (selection) {
    const end = document.lineAt(selection.to).range.end;
    editor.selection = new vscode.Selection(new vscode.Position(selection.from, 0), end);
  }
  return editor;
}

/**
 * A notification's button, found by its exact label. VS Code 1.139's modern notifications UI
 * keeps them in the notification center rather than as toasts.
 */
export const notificationButton = (label: string) => `.notifications-center .monaco-button:text-is("${label}")`;

/**
 * Opens the notification center, waits for a button and clicks it, as a user would. The center
 * closes when an editor takes focus (a diff preview opening), so it is opened again while waiting.
 */
export async function clickNotificationButton(label: string): Promise<void> {
  await eventually(async () => {
    await vscode.commands.executeCommand('notifications.showList');
    return (await ui.count(notificationButton(label))) > 0;
  }, { what: `a notification with a “${label}” button`, timeoutMs: 15_000, intervalMs: 250 });
  await ui.click(notificationButton(label));
}

/** Waits for a notification whose text contains `text` and returns the center's text. */
export async function waitForNotification(text: string): Promise<string> {
  return eventually(async () => {
    await vscode.commands.executeCommand('notifications.showList');
    const center = await ui.text('.notifications-center');
    return center.includes(text) && center;
  }, { what: `a notification saying “${text}”`, timeoutMs: 15_000, intervalMs: 250 });
}

/** A button in the diff preview's editor title, by the start of its accessible name. */
export const diffTitleButton = (title: string) => `.editor-actions a.action-label[aria-label^="${title}"]`;
/** The preview's labelled status-bar items: who did it, Apply, Discard, Redo one tier up. */
export const PREVIEW_ITEMS = {
  header: selectors.statusBarItem('model-router.model-router', 'modelRouter.previewHeader'),
  apply: selectors.statusBarItem('model-router.model-router', 'modelRouter.previewApply'),
  discard: selectors.statusBarItem('model-router.model-router', 'modelRouter.previewDiscard'),
  redo: selectors.statusBarItem('model-router.model-router', 'modelRouter.previewRedo'),
};
const TITLES = { Apply: 'Apply the Proposed Change', Discard: 'Discard the Proposed Change', 'Redo one tier up': 'Redo One Tier Up' } as const;

/**
 * Waits for a diff preview's Apply button in its title and returns what the status bar says of
 * it: who did it and what it cost.
 */
export async function diffBarText(): Promise<string> {
  return eventually(async () => {
    if ((await ui.count(diffTitleButton(TITLES.Apply))) === 0) return undefined;
    return (await ui.texts(PREVIEW_ITEMS.header)).join(' ').trim() || undefined;
  }, { what: 'the Apply button on the diff preview and its who-did-it line', timeoutMs: 15_000, intervalMs: 200 });
}

/**
 * Clicks a button in the diff preview's title ("Apply", "Discard", "Redo one tier up"), as a user
 * would, without the notification center.
 */
export async function clickDiffBar(label: keyof typeof TITLES): Promise<void> {
  await diffBarText();
  await ui.click(diffTitleButton(TITLES[label]));
}

/** The status-bar item that says how the last agent command ended. */
export const OUTCOME_ITEM = selectors.statusBarItem('model-router.model-router', 'modelRouter.agentOutcome');

/** Waits for the last command's outcome in the status bar to contain `text`, and returns it. */
export async function waitForOutcome(text: string): Promise<string> {
  return eventually(async () => {
    const shown = (await ui.texts(OUTCOME_ITEM)).join(' ');
    return shown.includes(text) && shown;
  }, { what: `the status bar saying “${text}”`, timeoutMs: 15_000, intervalMs: 200 });
}

/** Types an answer into the input box a command opened and presses Enter there. */
export async function answerInputBox(text: string): Promise<void> {
  const input = '.quick-input-widget input';
  await ui.waitFor(input);
  await ui.fill(input, text);
  await ui.press('Enter', { selector: input });
}

/** The requests in the ledger file, oldest first (feedback and outcome entries left out). */
export function ledgerRequests(api: ModelRouterApi): SpendRecord[] {
  if (!existsSync(api.ledgerPath)) return [];
  return readFileSync(api.ledgerPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"surface"'))
    .map((line) => JSON.parse(line) as SpendRecord);
}

/** The ledger requests added since `before` (a count from an earlier call). */
export function newLedgerRequests(api: ModelRouterApi, before: number): SpendRecord[] {
  return ledgerRequests(api).slice(before);
}

/** The editor's text now. */
export function textOf(editor: vscode.TextEditor): string {
  return editor.document.getText();
}

/** Runs VS Code's Undo in the editor and waits until the text is `expected`. */
export async function undoUntil(editor: vscode.TextEditor, expected: string): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false, viewColumn: editor.viewColumn });
  await vscode.commands.executeCommand('undo');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && editor.document.getText() !== expected) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(editor.document.getText(), expected, 'one Undo must restore the text from before the edit');
}

/** Dismisses notifications and closes every editor without saving, so no dirty file leaks into the next test. */
export async function closeEverything(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
  for (let i = 0; i < 30 && vscode.window.tabGroups.all.some((group) => group.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    if (!vscode.window.tabGroups.activeTabGroup.activeTab) await vscode.commands.executeCommand('workbench.action.focusNextGroup');
  }
}

export interface GitRepo {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
}
interface GitApi {
  readonly repositories: readonly GitRepo[];
  openRepository(root: vscode.Uri): Promise<GitRepo | null>;
}

/** Runs git in the test workspace. */
export function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: workspaceFolder().fsPath, encoding: 'utf8' });
}

/** The built-in Git extension's API. */
async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  assert.ok(extension, 'the built-in Git extension (vscode.git) is not part of this VS Code build');
  return (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
}

/**
 * Hooks that make the test workspace a git repository with one commit, opened by the Git
 * extension, for the describe block they are called in; `repo()` is that repository.
 */
export function withGitRepository(): { repo: () => GitRepo } {
  let repo: GitRepo | undefined;
  before(async function () {
    this.timeout(60_000); // the Git extension scans the new repository; on a busy machine that takes a while
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'Initial');
    const api = await gitApi();
    const root = workspaceFolder();
    await api.openRepository(root);
    repo = await eventually(() => api.repositories.find((candidate) => candidate.rootUri.fsPath === root.fsPath), { what: 'Git to open the workspace repository', timeoutMs: 20_000 });
  });
  // Later test folders share this workspace; they should not find themselves in a repository. Git
  // closes it first: deleting .git under an open repository makes its next git call fail uncaught.
  after(async function () {
    this.timeout(30_000);
    const api = await gitApi();
    await vscode.commands.executeCommand('git.close', workspaceFolder());
    await eventually(() => api.repositories.length === 0, { what: 'Git to close the workspace repository' });
    rmSync(join(workspaceFolder().fsPath, '.git'), { recursive: true, force: true });
  });
  return {
    repo: () => {
      assert.ok(repo, 'the repository is opened in before()');
      return repo;
    },
  };
}
