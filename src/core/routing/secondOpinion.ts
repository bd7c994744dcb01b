/**
 * The optional second opinion (`modelRouter.routing.askFastTierWhenUnsure`): when the local
 * classifier is unsure of a free-text request, a short classification request to the fast tier
 * names its task kind, and the request is routed as that kind. Here: when to ask, the request, how
 * its answer is read, and the reasons' words. The engine sends it (its own ledger row, surface
 * `router`) and falls back to the local decision after `SECOND_OPINION_TIMEOUT_MS`.
 */
import type { LlmClient, LlmRequest, LlmResult } from '../model/llm';
import type { RouteDecision, RouteRequest } from './router';
import type { TaskKind } from './taskKinds';
import { TASK_KINDS, TASK_KIND_INFO } from './taskKinds';

/** How long the fast tier has to answer before the local decision stands. */
export const SECOND_OPINION_TIMEOUT_MS = 1500;
/** The most of the prompt the classification request carries: its start says what is asked. */
export const SECOND_OPINION_PROMPT_CHARS = 2000;
/** The rule of the classification request's own ledger row. */
export const SECOND_OPINION_RULE = 'router:secondOpinion';

/** Kinds a chat request can be (completions are declared by their surface, never asked about). */
const ASKABLE: readonly TaskKind[] = TASK_KINDS.filter((kind) => kind !== 'completion');

/**
 * Whether to ask: free text the local classifier was unsure of, off completions, and not when the
 * sensitive-work floor already holds it (the floor decides that tier whatever the kind) or the
 * user chose the tier.
 */
export function wantsSecondOpinion(request: RouteRequest, decision: RouteDecision): boolean {
  return (
    request.surface !== 'completion' &&
    request.taskKind === undefined &&
    decision.classification?.learned?.unsure === true &&
    decision.floor === undefined &&
    decision.override === undefined &&
    decision.blocked === undefined &&
    decision.escalations === 0 &&
    (request.prompt ?? '').trim() !== ''
  );
}

/** The classification request (without model and signal): one word back. */
export function secondOpinionRequest(prompt: string): Omit<LlmRequest, 'model' | 'signal'> {
  const kinds = ASKABLE.map((kind) => `${kind}: ${TASK_KIND_INFO[kind].label}`).join('\n');
  return {
    system: [
      {
        type: 'text',
        text: `You classify a developer's request to a coding assistant into one task kind. Reply with the kind's id only, nothing else.\n\nKinds:\n${kinds}`,
      },
    ],
    messages: [{ role: 'user', content: prompt.slice(0, SECOND_OPINION_PROMPT_CHARS) }],
    maxTokens: 12,
  };
}

/** The kind the answer names (its first word, case and punctuation aside), if it is one. */
export function kindFromAnswer(text: string): TaskKind | undefined {
  const word = /[A-Za-z]+/.exec(text)?.[0]?.toLowerCase();
  return ASKABLE.find((kind) => kind.toLowerCase() === word);
}

/** The reason put first in the decision routed by the fast tier's answer. */
export function secondOpinionReason(kind: TaskKind, model: string, local: RouteDecision): string {
  const sure = local.classification ? `, ${Math.round(local.classification.confidence * 100)}% sure of ${TASK_KIND_INFO[local.taskKind].label}` : '';
  return `Second opinion: the local classifier was unsure${sure}; the fast tier (${model}) read it as ${TASK_KIND_INFO[kind].label}`;
}

/** The reason added to the local decision when the second opinion gave nothing usable. */
export function noSecondOpinionReason(why: 'timeout' | 'failed' | 'unreadable'): string {
  const what = why === 'timeout' ? `no answer within ${SECOND_OPINION_TIMEOUT_MS / 1000} s` : why === 'failed' ? 'the request failed' : 'the answer named no task kind';
  return `Second opinion: ${what} from the fast tier; the local decision stands`;
}

/** What the fast tier said: its result (for the ledger), how long it took, and the kind or why there is none. */
export interface SecondOpinion {
  readonly result: LlmResult;
  readonly latencyMs: number;
  readonly kind?: TaskKind;
  readonly why?: 'timeout' | 'failed' | 'unreadable';
}

/** Asks `model` (the fast tier's) which kind `prompt` is, giving up after the timeout or when `signal` aborts. */
export async function askSecondOpinion(client: LlmClient, prompt: string, model: string, options: { readonly signal?: AbortSignal; readonly now: () => number; readonly timeoutMs?: number }): Promise<SecondOpinion> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? SECOND_OPINION_TIMEOUT_MS);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const started = options.now();
  try {
    const result = await client.stream({ ...secondOpinionRequest(prompt), model, tier: 'fast', attribution: { taskKind: 'classify', surface: 'router' }, signal: controller.signal });
    const latencyMs = options.now() - started;
    if (timedOut) return { result, latencyMs, why: 'timeout' };
    if (result.outcome !== 'ok') return { result, latencyMs, why: 'failed' };
    const kind = kindFromAnswer(result.text);
    return kind === undefined ? { result, latencyMs, why: 'unreadable' } : { result, latencyMs, kind };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
