/**
 * Signs that an agent task is failing on its tier, read from the tool calls and results in the
 * conversation: the same tool error twice in a row (the model retries without learning), and an
 * edit reverted and then made again (the model goes round in circles). Either is worth one tier
 * more; a single error is not, because agents recover from those by themselves.
 */
import type { LmMessage } from './lmMessages';

/** One tool call of the conversation and, once the editor ran it, its result. */
export interface ToolExchange {
  readonly callId: string;
  readonly name: string;
  readonly input: unknown;
  readonly result?: { readonly text: string; readonly isError: boolean };
}

export interface TaskFailure {
  /** In words, for the answer and the ledger: "the same tool error twice". */
  readonly reason: string;
}

/** VS Code's agent reports a tool that threw as a result starting with this text. */
const TOOL_ERROR = /^\s*(?:ERROR while calling tool|Error:)/i;

/** Whether a tool result's text reads as a failure; callers may know better and say so. */
export function looksLikeToolError(text: string): boolean {
  return TOOL_ERROR.test(text);
}

/** The tool calls of `conversation` from message `from` on, in order, each with its result. */
export function toolExchanges(conversation: readonly LmMessage[], from = 0): ToolExchange[] {
  const results = new Map<string, { text: string; isError: boolean }>();
  for (const message of conversation.slice(Math.max(0, from))) {
    for (const part of message.parts) if (part.type === 'toolResult') results.set(part.callId, { text: part.text, isError: part.isError });
  }
  const exchanges: ToolExchange[] = [];
  for (const message of conversation.slice(Math.max(0, from))) {
    for (const part of message.parts) {
      if (part.type !== 'toolCall') continue;
      const result = results.get(part.callId);
      exchanges.push({ callId: part.callId, name: part.name, input: part.input, ...(result ? { result } : {}) });
    }
  }
  return exchanges;
}

/**
 * A failure shown by the exchanges after the first `since` of them (those before were already
 * answered with an escalation), or undefined.
 */
export function detectFailure(exchanges: readonly ToolExchange[], since = 0): TaskFailure | undefined {
  const recent = exchanges.slice(Math.max(0, since)).filter((exchange) => exchange.result !== undefined);
  const [before, last] = recent.slice(-2);
  if (before?.result?.isError && last?.result?.isError && errorSignature(before) === errorSignature(last)) {
    return { reason: 'the same tool error twice' };
  }
  const redone = editRedone(recent);
  return redone === undefined ? undefined : { reason: `an edit of ${redone} was reverted and made again` };
}

function errorSignature(exchange: ToolExchange): string {
  return `${exchange.name}\u0000${(exchange.result?.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 500)}`;
}

interface Edit {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** Reads an edit out of a tool input with a file and an old and a new text, whatever the tool calls them. */
export function editOf(input: unknown): Edit | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const fields = Object.entries(input as Record<string, unknown>);
  const pick = (pattern: RegExp): string | undefined => {
    const found = fields.find(([name, value]) => pattern.test(name) && typeof value === 'string');
    return found?.[1] as string | undefined;
  };
  const path = pick(/^(?:file_?path|path|file|filename|uri)$/i);
  const before = pick(/^old_?(?:string|str|text|content)$/i);
  const after = pick(/^new_?(?:string|str|text|content)$/i);
  return path !== undefined && before !== undefined && after !== undefined && before !== after ? { path, before, after } : undefined;
}

/** The file whose latest edit repeats an edit that an edit in between had undone, if any. */
function editRedone(exchanges: readonly ToolExchange[]): string | undefined {
  const edits = exchanges.filter((exchange) => !exchange.result?.isError).map((exchange) => editOf(exchange.input));
  const last = edits[edits.length - 1];
  if (last === undefined) return undefined;
  const same = (a: Edit | undefined, b: Edit): boolean => a !== undefined && a.path === b.path && a.before === b.before && a.after === b.after;
  const reverts = (a: Edit | undefined, b: Edit): boolean => a !== undefined && a.path === b.path && a.before === b.after && a.after === b.before;
  for (let i = edits.length - 2; i >= 1; i--) {
    if (!reverts(edits[i], last)) continue;
    if (edits.slice(0, i).some((earlier) => same(earlier, last))) return last.path;
  }
  return undefined;
}
