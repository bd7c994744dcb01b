/**
 * `@router` in VS Code's Chat view. It is a client of Model Router's own language model, so its
 * requests take exactly the path every other chat request takes (provider → LanguageModelTasks →
 * engine → ledger); it adds the attached files to the prompt, streams the answer and ends it with
 * the footer: model, tier, rule and reasons, tokens and cost.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { answerFooter, withoutFooter } from '../../core/languageModel/answerFooter';
import { LM_VENDOR } from '../../core/languageModel/lmModels';
import type { Attachment } from '../../core/languageModel/taskSignals';
import { promptWithAttachments } from '../../core/languageModel/taskSignals';
import { DEFAULT_CHAT_CONTEXT_CHARS } from '../../core/prompts/chatPrompt';
import { fitToBudget, looksBinary } from '../../core/prompts/contextText';
import { secretFileNote } from '../../core/privacy/secretFiles';
import type { LanguageModelStepResult } from '../../core/languageModel/languageModelTasks';
import type { Log } from '../platform/log';
import { secretPatternFor } from '../platform/secretFiles';

export interface RouterParticipantDeps {
  readonly reports: StepReports;
  readonly log: Log;
  /** Secret files (modelRouter.completions.exclude): a reference to one is not read. */
  readonly secretPatterns: () => readonly string[];
}

/** `@router` itself is created at activation (src/activation.ts); this gives it its handler. */
export function registerRouterParticipant(deps: RouterParticipantDeps, answerChat: (handler: vscode.ChatRequestHandler) => void): void {
  answerChat((request, chat, stream, token) => answer(deps, request, chat, stream, token));
}

async function answer(
  deps: RouterParticipantDeps,
  request: vscode.ChatRequest,
  chat: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  // The model picked in the Chat view when it is one of ours (Auto or a tier); Auto otherwise.
  const model = request.model.vendor === LM_VENDOR ? request.model : (await vscode.lm.selectChatModels({ vendor: LM_VENDOR, id: 'auto' }))[0];
  if (model === undefined) return { errorDetails: { message: 'Model Router’s language models are not registered.' } };
  const implicit = openEditorReference(request.references);
  const references = implicit ? [...request.references, implicit.reference] : request.references;
  deps.log.info(`@router: ${references.length} reference(s)${references.length > 0 ? ` (${references.map((r) => r.id).join(', ')})` : ''}`);
  // Said first, so the user knows which file the answer is about and how to choose another.
  if (implicit) stream.markdown(`_About the open file \`${implicit.path}\` — attach files with # to ask about others._\n\n`);
  const { attachments, withheld } = await referencedFiles(references, deps.secretPatterns());
  // Said before the answer, so the user knows the model never saw those files.
  for (const note of withheld) stream.markdown(`_${note}._\n\n`);
  const messages = [...historyOf(chat), vscode.LanguageModelChatMessage.User(promptWithAttachments(request.prompt, attachments))];
  const reportId = randomUUID();
  try {
    const response = await model.sendRequest(messages, { modelOptions: { [STEP_REPORT_OPTION]: reportId } }, token);
    for await (const text of response.text) stream.markdown(text);
  } catch (error) {
    deps.reports.take(reportId);
    if (token.isCancellationRequested) return {};
    const message = deps.log.scrub(error instanceof Error ? error.message : String(error));
    deps.log.warn(`@router: ${message}`);
    return { errorDetails: { message } };
  }
  const step = deps.reports.take(reportId);
  if (step?.run.kind !== 'done') return {};
  const { decision, result, cost, record } = step.run;
  stream.markdown(answerFooter({ decision, usage: result.usage, cost, outcome: result.outcome }));
  return { metadata: { recordId: record.id, model: decision.model, tier: decision.tier } };
}

/** Earlier turns with `@router`, without the footers: the model needs the words, not the receipts. */
function historyOf(chat: vscode.ChatContext): vscode.LanguageModelChatMessage[] {
  return chat.history.flatMap((turn) => {
    if (turn instanceof vscode.ChatRequestTurn) return [vscode.LanguageModelChatMessage.User(turn.prompt)];
    const text = turn.response
      .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
      .join('');
    const words = withoutFooter(text);
    return words.trim() === '' ? [] : [vscode.LanguageModelChatMessage.Assistant(words)];
  });
}

/** Schemes of editors whose text is the user's own: not output channels, settings or chat inputs. */
const EDITOR_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

/**
 * The open editor as a reference, when the request carries no file at all. VS Code attaches the
 * active file as "implicit context" only in some chat modes (in Agent mode it is merely suggested),
 * so a question typed next to a file would otherwise be answered without it; when VS Code did
 * attach it (or a selection, or any file) the user's choice stands and nothing is added. Secret
 * files are left out by referencedFiles like any other reference.
 */
function openEditorReference(references: readonly vscode.ChatPromptReference[]): { reference: vscode.ChatPromptReference; path: string } | undefined {
  const hasFile = references.some((r) => r.id.startsWith('vscode.implicit') || r.value instanceof vscode.Uri || r.value instanceof vscode.Location);
  if (hasFile) return undefined;
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor || !EDITOR_SCHEMES.has(editor.document.uri.scheme)) return undefined;
  const { document, selection } = editor;
  const value = selection.isEmpty ? document.uri : new vscode.Location(document.uri, selection);
  return { reference: { id: 'modelRouter.openEditor', value, modelDescription: 'The file open in the editor' }, path: vscode.workspace.asRelativePath(document.uri, false) };
}

/**
 * The files and selections attached to the request (`#file`, drag and drop, the selection), as text.
 * Binary files are left out, and the whole lot stays within the chat's context budget so one large
 * file cannot crowd out the question.
 */
async function referencedFiles(references: readonly vscode.ChatPromptReference[], secretPatterns: readonly string[]): Promise<{ attachments: Attachment[]; withheld: string[] }> {
  const attachments: Attachment[] = [];
  const withheld: string[] = [];
  let budget = DEFAULT_CHAT_CONTEXT_CHARS;
  for (const reference of references) {
    const uri = reference.value instanceof vscode.Uri ? reference.value : reference.value instanceof vscode.Location ? reference.value.uri : undefined;
    const secret = uri && secretPatternFor(uri, secretPatterns);
    if (uri && secret) {
      withheld.push(secretFileNote(vscode.workspace.asRelativePath(uri, false), secret));
      continue;
    }
    const read = await readReference(reference.value);
    if (read === undefined || looksBinary(read.text)) continue;
    const fitted = fitToBudget(read.text, Math.max(0, budget)).text;
    budget -= fitted.length;
    attachments.push({ path: read.path, text: fitted });
    if (budget <= 0) break;
  }
  return { attachments, withheld };
}

async function readReference(value: unknown): Promise<Attachment | undefined> {
  try {
    if (value instanceof vscode.Uri) {
      const document = await vscode.workspace.openTextDocument(value);
      return { path: vscode.workspace.asRelativePath(value, false), text: document.getText() };
    }
    if (value instanceof vscode.Location) {
      const document = await vscode.workspace.openTextDocument(value.uri);
      const lines = `${value.range.start.line + 1}-${value.range.end.line + 1}`;
      return { path: `${vscode.workspace.asRelativePath(value.uri, false)}:${lines}`, text: document.getText(value.range) };
    }
  } catch {
    // A reference that cannot be read (deleted, a folder, not text) is left out, not fatal.
  }
  return undefined;
}

/**
 * Hands the outcome of a provider step (decision, usage, cost) to the `@router` participant that
 * sent it. The participant's request travels through `vscode.lm` like any other, carrying an id in
 * its model options; the provider files the step under that id and the participant takes it once
 * the answer has streamed, for its footer.
 */

/** The model option that carries the id. */
export const STEP_REPORT_OPTION = 'modelRouter.stepReport';

/** Reports nobody took are dropped beyond this many, oldest first. */
const MAX_WAITING = 50;

export class StepReports {
  private readonly waiting = new Map<string, LanguageModelStepResult>();

  /** Files `step` when the request's model options carry a report id. */
  file(modelOptions: { readonly [name: string]: unknown } | undefined, step: LanguageModelStepResult): void {
    const id = modelOptions?.[STEP_REPORT_OPTION];
    if (typeof id !== 'string') return;
    this.waiting.set(id, step);
    while (this.waiting.size > MAX_WAITING) {
      const oldest = this.waiting.keys().next().value;
      if (oldest === undefined) break;
      this.waiting.delete(oldest);
    }
  }

  take(id: string): LanguageModelStepResult | undefined {
    const step = this.waiting.get(id);
    this.waiting.delete(id);
    return step;
  }
}
