/**
 * What each kind of batch asks and what its results become: the prompt of one request (a file's
 * docstrings, a file's tests, one plan step's review), and, once the batch has ended, the files
 * the results propose (one multi-file preview) and the entries that produced nothing, with why.
 * Pure: the editor reads the files and writes the preview.
 */
import { firstFencedCode } from '../agent/fencedCode';
import type { PlanStep } from '../agent/plan';
import type { LlmResult } from '../model/llm';
import { ZERO_USAGE } from '../model/usage';
import type { ContextItem } from '../prompts/contextText';
import { buildCommandPrompt } from '../prompts/commandPrompt';
import type { BatchJob, BatchKind } from './batchJob';
import { BATCH_KIND_INFO } from './batchJob';
import type { BatchEntryResult, BatchRequest } from './batchPort';

/** The whole file back, documented: a folder's files are rewritten, not one declaration at a time. */
const DOCSTRINGS_TASK = {
  text: 'Add a documentation comment, in the idiomatic style of the file\'s language (JSDoc, docstring, rustdoc…), to every function, class, method and exported declaration of the file that has none. Keep existing comments and change no code: the file must behave exactly as before. Reply with the whole file in one fenced code block and nothing else.',
  maxTokens: 16_384,
};

/** A plan step reviewed on its own, in a fresh context: the plan, the step and the files it names. */
const STEP_REVIEW_TASK = {
  text: 'You are reviewing one step of a plan that someone else wrote; you have seen none of the conversation that produced it. Look for what is wrong rather than what is right, against confirmation bias: against the files it names as they are now, what the step gets wrong, misses or risks, files it should touch and does not, and how it fits the steps before and after it. Reply in Markdown: a `### Findings` list, most serious first; then a `Verdict:` line: ready, ready with changes, or not ready.',
  maxTokens: 4096,
};

/** One request of a batch: its prompt for `model`, without effort (batches are for work nobody waits on). */
export function batchRequest(kind: BatchKind, customId: string, model: string, context: readonly ContextItem[], instruction: string): BatchRequest {
  const taskKind = BATCH_KIND_INFO[kind].taskKind;
  const task = kind === 'docstrings' ? DOCSTRINGS_TASK : kind === 'planReview' ? STEP_REVIEW_TASK : undefined;
  const prompt = buildCommandPrompt({ kind: taskKind, instruction, context, ...(task ? { task } : {}) });
  return { customId, request: { ...prompt, model } };
}

export function docstringsInstruction(path: string): string {
  return `Document ${path}.`;
}

export function testsInstruction(testPath: string): string {
  return `Write the tests to ${testPath}.`;
}

export function stepReviewInstruction(step: PlanStep): string {
  return `Review step ${step.number} (${step.title}) of the plan, with the files it names.`;
}

/** The review document beside a plan: `docs/plan.md` → `docs/plan.review.md`. */
export function reviewPath(planPath: string): string {
  return /\.md$/i.test(planPath) ? planPath.replace(/\.md$/i, '.review.md') : `${planPath}.review.md`;
}

/** A result as the ledger records it: its usage, and an error, a cancel or an expiry as the outcome. */
export function resultForLedger(result: BatchEntryResult | undefined, fallbackModel: string): LlmResult {
  if (result === undefined) return { outcome: 'error', usage: ZERO_USAGE, text: '', error: { kind: 'unknown', message: 'the batch ended without a result for this request' } };
  if (result.type === 'succeeded') return { outcome: 'ok', usage: result.usage, text: result.text, stopReason: null, model: result.model || fallbackModel, ...(result.messageId ? { requestId: result.messageId } : {}) };
  if (result.type === 'canceled') return { outcome: 'cancelled', usage: ZERO_USAGE, text: '' };
  if (result.type === 'expired') return { outcome: 'error', usage: ZERO_USAGE, text: '', error: { kind: 'timeout', message: 'the batch expired (24 hours) before this request ran' } };
  return { outcome: 'error', usage: ZERO_USAGE, text: '', error: { kind: result.errorType === 'rate_limit_error' ? 'rateLimit' : result.errorType === 'overloaded_error' ? 'overloaded' : result.errorType === 'invalid_request_error' ? 'badRequest' : 'server', message: result.message } };
}

/** Why an entry produced nothing to review, in words for the preview and the view. */
export function entryProblem(kind: BatchKind, result: BatchEntryResult | undefined): string | undefined {
  if (result === undefined) return 'no result came back for it';
  if (result.type === 'errored') return `errored: ${result.message}`;
  if (result.type === 'canceled') return 'canceled before it ran';
  if (result.type === 'expired') return 'expired: the batch ended (24 hours) before it ran';
  if (result.stopReason === 'max_tokens') return 'the answer was cut off at its length limit';
  if (kind !== 'planReview' && firstFencedCode(result.text) === undefined) return 'the answer had no code block';
  if (result.text.trim() === '') return 'the answer was empty';
  return undefined;
}

export interface ProposedFile {
  /** Workspace-relative. */
  readonly path: string;
  readonly text: string;
}

export interface CollectedWork {
  readonly files: readonly ProposedFile[];
  /** Entries that gave nothing to apply: their source and why. */
  readonly problems: ReadonlyArray<{ readonly source: string; readonly why: string }>;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The batch's results as files to preview: docstrings and tests are each entry's code block (the
 * documented file, the test file); a plan review is one document with a section per step, the
 * steps without a review named in it. Entries are taken in the job's order, whatever the results' order.
 */
export function collectWork(job: BatchJob, results: ReadonlyMap<string, BatchEntryResult>): CollectedWork {
  const problems: Array<{ source: string; why: string }> = [];
  const files: ProposedFile[] = [];
  const sections: string[] = [];
  for (const entry of job.entries) {
    const result = results.get(entry.customId);
    const why = entryProblem(job.kind, result);
    if (why !== undefined || result?.type !== 'succeeded') {
      problems.push({ source: entry.source, why: why ?? 'no result' });
      if (job.kind === 'planReview') sections.push(`## ${entry.source}\n\n_No review: ${why ?? 'no result'}._\n`);
      continue;
    }
    if (job.kind === 'planReview') sections.push(`## ${entry.source}\n\n_${entry.decision.model} · ${entry.decision.tier} · batch (½ price)_\n\n${result.text.trim()}\n`);
    else files.push({ path: entry.target, text: withNewline(firstFencedCode(result.text)!) });
  }
  if (job.kind === 'planReview' && job.entries.length > 0) {
    files.push({ path: job.entries[0]!.target, text: `# Review of the plan, step by step\n\n${job.title}. Each step was reviewed on its own in a fresh context, in one Message Batch.\n\n${sections.join('\n')}` });
  }
  return { files, problems };
}
