// Helpers for the inline completion tests: open a file with the cursor at a marked spot, type into
// the real editor key by key (through the browser, as a user does), and read the ghost text.
import * as vscode from 'vscode';
import { HOLE } from '../../../src/core/prompts/completionPrompt';
import { lastUserText } from '../../fakes/cannedAnswers';
import type { FakeAnthropic, RecordedRequest } from '../../fakes/fakeAnthropic';
import { startFakeAnthropic } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { selectors, ui } from '../support/ui';

/**
 * What the fake answers a completion, by how the line at the cursor ends. Answering by the hole
 * rather than in order of arrival keeps a test right when a slow machine lets a request out for
 * a keystroke in between: that request gets its own answer (none) instead of the test's.
 */
export class Answers {
  private rules: ReadonlyArray<readonly [string, string]> = [];

  /** Each rule: the end of the cursor's line, and the answer for it. Anything else gets ''. */
  set(...rules: ReadonlyArray<readonly [string, string]>): void {
    this.rules = rules;
  }

  readonly answer = (request: RecordedRequest): string => {
    const prompt = lastUserText(request.body);
    const hole = prompt.indexOf(HOLE);
    const line = prompt.slice(prompt.lastIndexOf('\n', hole - 1) + 1, hole);
    return this.rules.find(([end]) => line.endsWith(end))?.[1] ?? '';
  };
}

/** A fake of the API that answers completions from `answers`, with Model Router pointed at it. */
export async function startAnsweringFake(answers: Answers): Promise<FakeAnthropic> {
  const fake = await startFakeAnthropic({ answer: answers.answer });
  await vscode.workspace.getConfiguration('modelRouter').update('api.baseUrl', fake.url, vscode.ConfigurationTarget.Global);
  return fake;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `text` to `name` in the workspace and opens it, the cursor where `text` has its one `|`. */
export async function openAt(name: string, text: string): Promise<vscode.TextEditor> {
  const offset = text.indexOf('|');
  if (offset < 0) throw new Error(`openAt(${name}): the text needs a | where the cursor goes`);
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text.slice(0, offset) + text.slice(offset + 1)));
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  // Keys go wherever the browser's focus is: make sure it is this editor, not a panel.
  await eventually(
    async () => {
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      return ui.evaluate<boolean>("document.activeElement?.closest('.part.editor .monaco-editor') != null");
    },
    { what: `the keyboard focus in the editor of ${name}` },
  );
  return editor;
}

/** Types `text` into the focused editor: as fast as the browser can, or one key every `delayMs`. */
export async function typeKeys(text: string, delayMs = 0): Promise<void> {
  if (delayMs <= 0) return void (await ui.type(text));
  for (const key of text) {
    await ui.type(key);
    if (delayMs > 0) await sleep(delayMs);
  }
}

/** The ghost text on screen now ('' when there is none). */
export async function ghostText(): Promise<string> {
  return (await ui.texts(selectors.ghostText)).join('');
}

/**
 * Waits until the editor shows ghost text containing `expected`, and returns all of it; on a
 * timeout the error adds what `explain` says (the requests the fake saw, the end of the log).
 */
export async function waitForGhost(expected: string, explain: () => string = () => '', timeoutMs = 10_000): Promise<string> {
  try {
    return await eventually(
      async () => {
        const text = await ghostText();
        return text.includes(expected) ? text : undefined;
      },
      { what: `ghost text containing ${JSON.stringify(expected)}`, timeoutMs },
    );
  } catch (error) {
    const line = vscode.window.activeTextEditor?.document.lineAt(vscode.window.activeTextEditor.selection.active.line).text;
    throw new Error(`${(error as Error).message}; the cursor's line reads ${JSON.stringify(line)}, the ghost text ${JSON.stringify(await ghostText())}. ${explain()}`, { cause: error });
  }
}

/** Closes every editor without saving what the test typed. */
export async function closeAll(): Promise<void> {
  while (vscode.window.activeTextEditor !== undefined) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Editor settings that keep the suggest widget and auto-closing out of the way of the ghost text,
 * and the secondary side bar (Chat) closed so it cannot take the keyboard focus.
 */
export async function quietEditor(on: boolean): Promise<void> {
  if (on) await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  const editor = vscode.workspace.getConfiguration('editor');
  const target = vscode.ConfigurationTarget.Global;
  await editor.update('quickSuggestions', on ? { other: 'off', comments: 'off', strings: 'off' } : undefined, target);
  await editor.update('suggestOnTriggerCharacters', on ? false : undefined, target);
  await editor.update('autoClosingBrackets', on ? 'never' : undefined, target);
  await editor.update('autoClosingQuotes', on ? 'never' : undefined, target);
}
