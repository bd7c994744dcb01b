/**
 * Whether a conversation should leave its tier for a new task of a cheaper kind. A task keeps its
 * tier while it continues; but one expensive question must not make the whole conversation
 * expensive. Going down is not free, though: prompt caches are per model, so the cheaper model reads
 * the whole history again (written to its cache), while the current one reads it from cache at a
 * tenth of the input price. Both costs are computed; the cheaper wins, and the reason says so
 * ("back to fast for this rename: $0.0003 with the history re-read, against $0.0026 on frontier").
 */
import { formatUsd } from '../money';
import { usageOf } from '../model/usage';
import type { PriceOverrides } from '../spend/pricing';
import { costOf } from '../spend/pricing';
import type { Policy } from './policy';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { ModelTier } from './tiers';

/** What the router needs to weigh a step down: the conversation's task, its history, this request. */
export interface ConversationCosts {
  /** The task kind the conversation's tier was set by. */
  readonly taskKind: TaskKind;
  /** Tokens of the history a model would read before this request (cached on the current model). */
  readonly historyTokens: number;
  /** Tokens of the new request itself (question, attached context). */
  readonly requestTokens: number;
  /** Output expected of the answer. */
  readonly expectedOutputTokens: number;
  readonly prices?: PriceOverrides;
}

export interface StepDownVerdict {
  readonly down: boolean;
  /** What the request costs staying on the conversation's tier, and moving to the lower one, in micro-dollars. */
  readonly stayMicros: number;
  readonly downMicros: number;
  readonly reason: string;
}

/**
 * The verdict for a request of `taskKind` routed to `lower` in a conversation on `current`, or
 * undefined when it is not a new task (same kind) or a model is unpriced (then it stays, as before).
 */
export function weighStepDown(taskKind: TaskKind, lower: ModelTier, current: ModelTier, costs: ConversationCosts, policy: Policy): StepDownVerdict | undefined {
  if (taskKind === costs.taskKind) return undefined;
  const overrides = { overrides: costs.prices };
  const stay = costOf(
    usageOf({ inputTokens: costs.requestTokens, cacheReadTokens: costs.historyTokens, outputTokens: costs.expectedOutputTokens }),
    policy.tiers[current].model,
    overrides,
  );
  const down = costOf(
    usageOf({ inputTokens: costs.requestTokens, cacheWrite5mTokens: costs.historyTokens, outputTokens: costs.expectedOutputTokens }),
    policy.tiers[lower].model,
    overrides,
  );
  if (stay.kind !== 'priced' || down.kind !== 'priced') return undefined;
  const label = TASK_KIND_INFO[taskKind].label;
  const goesDown = down.micros < stay.micros;
  const figures = `${formatUsd(down.micros)} with the history re-read, against ${formatUsd(stay.micros)} on ${current}`;
  const reason = goesDown
    ? `Back to ${lower} for this ${label}: ${figures}`
    : `The conversation stays on ${current}: its cached history makes this ${label} cheaper there (${formatUsd(stay.micros)}, against ${formatUsd(down.micros)} on ${lower} with the history re-read)`;
  return { down: goesDown, stayMicros: stay.micros, downMicros: down.micros, reason };
}
