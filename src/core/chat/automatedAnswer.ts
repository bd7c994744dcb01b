/**
 * A $0 answer in the chat: a deterministic tool (a workspace task running the tests, the build,
 * lint or pre-flight: src/vscode/devLoop/checksInChat.ts) answers instead of a model, and the answer
 * is shown like any other with a footer on the automated tier.
 */
import { formatCost } from '../spend/pricing';
import type { ChatMessageView } from './conversation';

/** A $0 answer from a tool: what the thread says while it runs, and the run (its report and ledger record). */
export interface AutomatedWork {
  readonly starting: string;
  run(signal: AbortSignal): Promise<AutomatedAnswer>;
}

export interface AutomatedAnswer {
  readonly text: string;
  readonly recordId?: string;
  /** Who did the work ("Workspace task") and the rule that sent it there: the answer's footer on the automated tier. */
  readonly by: string;
  readonly rule: string;
  readonly reasons: readonly string[];
}

/** Replaces the running text with the tool's report and gives the answer its $0 footer. */
export function finishAutomated(answer: ChatMessageView, done: AutomatedAnswer, aborted: boolean): void {
  answer.text = done.text;
  answer.status = aborted ? 'cancelled' : 'done';
  if (done.recordId !== undefined) answer.recordId = done.recordId;
  const zero = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  answer.footer = { model: done.by, tier: 'automated', rule: done.rule, reasons: [...done.reasons], ...zero, cost: formatCost({ kind: 'priced', micros: 0 }) };
}
