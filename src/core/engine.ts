/**
 * The one path every surface takes into the core: route the request (override, conversation and
 * budget included), send it through the LLM port, run the surface's local check and escalate on
 * failure, price the usage and write the ledger. Surfaces supply the prompt and render the result;
 * nothing here knows about VS Code.
 */
import { safeReasons } from './privacy/reasonText';
import type { Budget } from './routing/budget';
import { applyBudgetToTier, evaluateBudget } from './routing/budget';
import type { Ledger, RequestInput } from './spend/ledger';
import type { LlmClient, LlmDelta, LlmRequest, LlmResult } from './model/llm';
import type { OverrideState } from './routing/overrides';
import type { Policy } from './routing/policy';
import type { Cost, PriceOverrides } from './spend/pricing';
import { costOf, formatCost, microsOrNull } from './spend/pricing';
import type { RouteDecision, RouteRequest, RouteState } from './routing/router';
import type { RouteAdjustment } from './routing/userAdjustment';
import { askSecondOpinion, noSecondOpinionReason, SECOND_OPINION_RULE, secondOpinionReason, wantsSecondOpinion } from './routing/secondOpinion';
import { route } from './routing/router';
import { escalate } from './routing/escalation';
import { fallBackFromLocal, fallBackOnOverload, fallbackNotice, whyNoFallback } from './routing/fallback';
import type { TierEndpoints } from './settings/endpoints';
import { cloudModelOf, isLocalTier, NO_LOCAL_ENDPOINTS, platformOf } from './settings/endpoints';
import type { TierOverride } from './routing/request';
import type { BatchMark, CascadeStep, Outcome, RetryLink, SpendRecord } from './spend/spendRecord';
import type { ModelTier, Tier } from './routing/tiers';
import { folderOf } from './learning/folder';
import type { Usage } from './model/usage';
import { ZERO_USAGE } from './model/usage';

export interface EngineLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EngineDeps {
  readonly policy: () => Policy;
  readonly budget: () => Budget;
  readonly prices: () => PriceOverrides;
  readonly ledger: Ledger;
  readonly overrides: OverrideState;
  /** The client to use, or undefined when there is no API key. */
  readonly client: () => Promise<LlmClient | undefined>;
  readonly log: EngineLog;
  readonly now?: () => number;
  /** Which tiers the user's local server serves (user settings only); default none. */
  readonly endpoints?: () => TierEndpoints;
  /** The user's corrections of the classifier (routing/userAdjustment.ts), read at each route. */
  readonly adjustment?: () => RouteAdjustment | undefined;
  /** Told each recorded task's classified prompt, so a later correction of it can be learned. */
  readonly onLearnable?: (recordId: string, learnable: NonNullable<RouteDecision['learnable']>) => void;
  /** `modelRouter.routing.askFastTierWhenUnsure`: an unsure classification asks the fast tier for the kind (routing/secondOpinion.ts). */
  readonly askFastTierWhenUnsure?: () => boolean;
  /** Spend sent but not yet billed (Message Batches in flight, spend/spendHolds.ts), counted against the budget with the ledger's. */
  readonly held?: () => number;
}

/** What a surface sends: the request to route, and how to build the prompt for the chosen model. */
export interface RunOptions {
  readonly request: RouteRequest;
  readonly prompt: (decision: RouteDecision) => Omit<LlmRequest, 'model' | 'effort' | 'signal'>;
  readonly conversationTier?: ModelTier;
  /** Why the conversation just moved up to `conversationTier` (see RouteState.conversationChange). */
  readonly conversationChange?: RouteState['conversationChange'];
  /** The conversation's task and history, so a new cheaper task can go back down when that is cheaper. */
  readonly conversationCosts?: Omit<NonNullable<RouteState['conversationCosts']>, 'prices'>;
  /** A tier the surface itself was told to use (the chat composer's selector); beats the window's override. */
  readonly override?: TierOverride;
  readonly conversationId?: string;
  readonly signal?: AbortSignal;
  /** Skip the budget's stop (the user chose "Send anyway"). */
  readonly ignoreBudgetStop?: boolean;
  readonly onDecision?: (decision: RouteDecision) => void;
  readonly onDelta?: (delta: LlmDelta) => void;
  /**
   * A check of a finished answer: a cheap local one, or the editor's own (the diagnostics gate,
   * which waits for the language server); a string names the failure, and the request is asked
   * again one tier up where the policy allows. `decision` is the attempt's, for its words.
   */
  readonly check?: (text: string, decision: RouteDecision) => string | undefined | Promise<string | undefined>;
  /**
   * Asked before a climb the budget's `stop` would block, with the budget's message; true sends
   * it. Without it (or on false) the failed answer is the result: a climb is a request like any.
   */
  readonly confirmClimb?: (message: string, next: RouteDecision) => Promise<boolean>;
  /** Called when a failed check moves the request up, before the new attempt streams. */
  readonly onEscalate?: (decision: RouteDecision, failedCheck: string) => void;
  /**
   * Called when the routed model was overloaded and the request is asked again one tier lower
   * (see fallback.ts), before the new attempt streams; `notice` says so in words for the user.
   */
  readonly onFallback?: (decision: RouteDecision, notice: string) => void;
  /** False to report an overloaded model instead of falling back (inline completions fail quietly). */
  readonly fallback?: boolean;
  /**
   * Return as soon as the ledger's totals have the request, without waiting for its write to
   * disk (a failed write is logged): for inline completions, where a slow disk must not delay
   * the suggestion the user is waiting for.
   */
  readonly recordInBackground?: boolean;
  /** The earlier request this one re-asks (Retry, Redo one tier up), kept in its ledger record. */
  readonly retryOf?: RetryLink;
  /**
   * A climb a gate asked for after the answer was finished (the test gate runs once Write Tests'
   * file is applied): the request starts one step above `decision`, as an escalation with `reason`
   * (rule `escalation`), counted against the budget like a climb inside one run.
   */
  readonly climbFrom?: { readonly decision: RouteDecision; readonly record: SpendRecord; readonly reason: string };
}

export type RunResult =
  | {
      readonly kind: 'done';
      readonly decision: RouteDecision;
      readonly result: LlmResult;
      readonly cost: Cost;
      /** The final attempt's ledger record. */
      readonly record: SpendRecord;
      /** Every attempt's record in order (escalated and fallen-back ones, then `record`): what this run spent. */
      readonly attempts: readonly SpendRecord[];
    }
  /** `climbDeclined`: a `climbFrom` climb the budget stopped and the user did not send (they were asked already). */
  | { readonly kind: 'blocked'; readonly decision: RouteDecision; readonly message: string; readonly climbDeclined?: true }
  | { readonly kind: 'noKey'; readonly decision: RouteDecision }
  | { readonly kind: 'automated'; readonly decision: RouteDecision };

export class Engine {
  private readonly now: () => number;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** The decision a request would get now, without sending anything (for the composer's estimate). */
  preview(request: RouteRequest, conversationTier?: ModelTier, override?: TierOverride): RouteDecision {
    return route(request, this.deps.policy(), this.routeState(conversationTier, override));
  }

  async run(options: RunOptions): Promise<RunResult> {
    const { deps } = this;
    const policy = deps.policy();
    const state = {
      ...this.routeState(options.conversationTier, options.override),
      conversationChange: options.conversationChange,
      ...(options.conversationCosts ? { conversationCosts: { ...options.conversationCosts, prices: deps.prices() } } : {}),
    };
    const climb = options.climbFrom;
    let decision = climb ? escalate(climb.decision, policy, climb.reason) ?? { ...climb.decision, blocked: `no tier is left above ${climb.decision.tier} to ask after: ${climb.reason}` } : route(options.request, policy, options.ignoreBudgetStop ? { ...state, budget: undefined } : state);
    // What the policy alone would have chosen: an override that moved it is a verdict on the routing.
    const routedTier = climb || decision.override === undefined ? undefined : route(options.request, policy, { ...state, override: undefined, budget: options.ignoreBudgetStop ? undefined : state.budget }).tier;
    deps.log.info(`route ${options.request.surface}: ${decision.taskKind} → ${decision.tier} (${decision.model}) by ${decision.rule}; ${safeReasons(decision.reasons).join('; ')}`);
    if (decision.blocked !== undefined) return { kind: 'blocked', decision, message: decision.blocked };
    if (climb && !(await this.climbAllowed(decision, options, 0))) return { kind: 'blocked', decision, message: `the budget stopped the climb to ${decision.tier}`, climbDeclined: true };
    if (decision.tier === 'automated') return { kind: 'automated', decision };
    const client = await deps.client();
    if (client === undefined) return { kind: 'noKey', decision };
    // The optional second opinion: an unsure local decision asks the fast tier which kind it is.
    const opinion = deps.askFastTierWhenUnsure?.() === true && wantsSecondOpinion(options.request, decision) ? await this.secondOpinion(options, decision, client, state) : undefined;
    if (opinion !== undefined) decision = opinion.decision;
    if (!climb && options.override === undefined && decision.override?.scope === 'next') deps.overrides.consumeNext();
    if (decision.effortOverride?.scope === 'next') deps.overrides.consumeNextEffort();
    options.onDecision?.(decision);

    const attempts: SpendRecord[] = opinion?.record ? [opinion.record] : [];
    const firstAttempt = attempts.length;
    // Once the local server failed, this run stays in the cloud (escalations included).
    let leftLocal = false;
    // A gated request's place in its cascade, for the ledger (the spend report's cascade table).
    let cascade: CascadeStep | undefined = options.request.gated ? (climb ? climbStep(climb.record) : { step: 0 }) : undefined;
    for (;;) {
      const endpoints = this.endpoints();
      const local = !leftLocal && isLocalTier(decision.tier, endpoints);
      const started = this.now();
      const result = await client.stream(
        {
          ...options.prompt(decision),
          model: decision.model,
          effort: decision.effort,
          ...(decision.thinking !== undefined ? { thinking: decision.thinking } : {}),
          ...(decision.tier !== 'automated' ? { tier: decision.tier } : {}),
          ...(local ? { local: true } : {}),
          attribution: { taskKind: decision.taskKind, surface: options.request.surface },
          signal: options.signal,
        },
        options.onDelta,
      );
      const latencyMs = this.now() - started;
      const failedCheck = result.outcome === 'ok' && options.check && !options.signal?.aborted ? await options.check(result.text, decision) : undefined;
      let next = failedCheck !== undefined ? escalate(decision, policy, failedCheck) : undefined;
      if (next !== undefined && !(await this.climbAllowed(next, options, microsOrNull(costOf(result.usage, decision.model, { overrides: deps.prices() })) ?? 0))) next = undefined;
      const outcome: Outcome = next !== undefined ? 'escalated' : result.outcome;
      const { record, cost } = await this.record(decision, result, outcome, latencyMs, options, routedTier, local, cascade);
      attempts.push(record);
      if (attempts.length === firstAttempt + 1 && decision.learnable !== undefined) deps.onLearnable?.(record.id, decision.learnable);
      // A dead local server: the same tier's cloud model answers, on every surface, completions included.
      const toCloud = local && endpoints.local?.fallback === true && !options.signal?.aborted ? fallBackFromLocal(decision, policy, result, cloudModelOf(decision.tier as ModelTier, endpoints)) : undefined;
      if (toCloud !== undefined) {
        const notice = fallbackNotice(toCloud, endpoints.local!.url)!;
        deps.log.warn(`the local server at ${endpoints.local!.url} did not answer; asking ${toCloud.model} (${toCloud.tier}) instead`);
        decision = toCloud;
        leftLocal = true;
        options.onFallback?.(decision, notice);
        continue;
      }
      const lower = options.fallback === false || options.signal?.aborted ? undefined : fallBackOnOverload(decision, policy, result);
      if (lower !== undefined) {
        const notice = fallbackNotice(lower)!;
        deps.log.warn(`${decision.model} is overloaded; asking ${lower.model} (${lower.tier}) instead`);
        decision = lower;
        options.onFallback?.(decision, notice);
        continue;
      }
      if (result.outcome === 'error' && result.error.kind === 'overloaded' && options.fallback !== false) {
        deps.log.info(`no fallback for the overloaded ${decision.model}: ${whyNoFallback(decision, policy) ?? 'part of the answer had already arrived'}`);
      }
      if (next === undefined) return { kind: 'done', decision, result, cost, record, attempts };
      deps.log.warn(`check failed on ${decision.model}: ${failedCheck}; asking ${next.model}`);
      decision = next;
      if (cascade) cascade = climbStep(record);
      options.onEscalate?.(decision, failedCheck!);
    }
  }

  /** A climb is counted against the budget like any request: with `stop` exceeded it goes only if the surface's user says so. */
  private async climbAllowed(next: RouteDecision, options: RunOptions, attemptMicros: number): Promise<boolean> {
    if (options.ignoreBudgetStop) return true;
    // The attempt that failed is recorded after this decision (its outcome depends on it), but it was spent.
    const { session, today } = this.deps.ledger.snapshot();
    const spend = { session: { costMicros: session.costMicros + attemptMicros }, today: { costMicros: today.costMicros + attemptMicros }, heldMicros: this.deps.held?.() ?? 0 };
    const budgeted = applyBudgetToTier(next.tier, evaluateBudget(spend, this.deps.budget()));
    if (budgeted.kind !== 'blocked') return true;
    const allowed = (await options.confirmClimb?.(budgeted.message, next)) ?? false;
    this.deps.log.info(`escalation to ${next.tier}: ${budgeted.message} ${allowed ? 'sent anyway' : 'not sent'}`);
    return allowed;
  }

  /**
   * Asks the fast tier for the kind of a request the local classifier was unsure of, records that
   * request as its own ledger row (surface `router`), and routes the request as the kind it named;
   * after the timeout, a failure or an answer naming no kind the local decision stands, saying so.
   */
  private async secondOpinion(options: RunOptions, local: RouteDecision, client: LlmClient, state: RouteState): Promise<{ decision: RouteDecision; record: SpendRecord }> {
    const policy = this.deps.policy();
    const model = policy.tiers.fast.model;
    const opinion = await askSecondOpinion(client, options.request.prompt ?? '', model, { signal: options.signal, now: this.now });
    const said = opinion.kind !== undefined ? `Second opinion on the task kind: ${opinion.kind}` : noSecondOpinionReason(opinion.why ?? 'failed');
    const row: RouteDecision = { tier: 'fast', model, taskKind: opinion.kind ?? local.taskKind, rule: SECOND_OPINION_RULE, reasons: [said], sensitive: [], escalations: 0, surface: 'router' };
    const { record } = await this.record(row, opinion.result, opinion.result.outcome, opinion.latencyMs, { request: { surface: 'router' }, prompt: options.prompt, ...(options.conversationId ? { conversationId: options.conversationId } : {}) });
    this.deps.log.info(`second opinion from ${model} in ${opinion.latencyMs} ms: ${opinion.kind ?? opinion.why}`);
    if (opinion.kind === undefined) return { decision: { ...local, reasons: [...local.reasons, noSecondOpinionReason(opinion.why ?? 'failed')] }, record };
    const routed = route({ ...options.request, taskKind: opinion.kind }, policy, state);
    const decision: RouteDecision = { ...routed, reasons: [secondOpinionReason(opinion.kind, model, local), ...routed.reasons], ...(local.classification ? { classification: local.classification } : {}), ...(local.learnable ? { learnable: local.learnable } : {}) };
    return { decision, record };
  }

  /**
   * Records one Message Batches request once its batch has ended: priced at the batch rate (half of
   * every token class), with what the same usage costs outside a batch kept beside it, and the
   * savings against the frontier model at its standard price, as for any request. `decision` is the
   * one the router made when the batch was submitted (its tier, rule and reasons).
   */
  async recordBatch(decision: RouteDecision, entry: { readonly result: LlmResult; readonly latencyMs: number; readonly batchId: string; readonly files?: readonly string[] }): Promise<{ record: SpendRecord; cost: Cost; standardMicros: number | null }> {
    const standardMicros = microsOrNull(costOf(entry.result.usage, decision.model, { overrides: this.deps.prices() }));
    const options: RunOptions = { request: { surface: 'command', taskKind: decision.taskKind, ...(entry.files ? { signals: { files: entry.files } } : {}) }, prompt: () => ({ system: [], messages: [], maxTokens: 1 }) };
    const { record, cost } = await this.record(decision, entry.result, entry.result.outcome, entry.latencyMs, options, undefined, false, undefined, { id: entry.batchId, standardCostMicros: standardMicros });
    return { record, cost, standardMicros };
  }

  /** Records work the automated tier did with an editor command: $0. */
  async recordAutomated(decision: RouteDecision, latencyMs: number, surface: RouteRequest['surface']): Promise<SpendRecord> {
    const record = await this.deps.ledger.record({
      surface,
      taskKind: decision.taskKind,
      tier: 'automated',
      model: decision.model,
      rule: decision.rule,
      reasons: safeReasons(decision.reasons),
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 },
      costMicros: 0,
      frontierModel: this.deps.policy().tiers.frontier.model,
      frontierCostMicros: 0,
      latencyMs,
      outcome: 'ok',
    });
    this.deps.log.info(`automated ${decision.taskKind}: ran an editor command, $0`);
    return record;
  }

  private endpoints(): TierEndpoints {
    return this.deps.endpoints?.() ?? NO_LOCAL_ENDPOINTS;
  }

  private routeState(conversationTier?: ModelTier, override?: TierOverride) {
    const { session, today } = this.deps.ledger.snapshot();
    const budget = evaluateBudget({ session, today, heldMicros: this.deps.held?.() ?? 0 }, this.deps.budget());
    const effort = this.deps.overrides.currentEffort();
    const adjustment = this.deps.adjustment?.();
    return { override: override ?? this.deps.overrides.current(), conversationTier, budget, ...(effort ? { effort } : {}), ...(adjustment ? { adjustment } : {}) };
  }

  private async record(decision: RouteDecision, result: LlmResult, outcome: Outcome, latencyMs: number, options: RunOptions, routedTier?: Tier, local = false, cascade?: CascadeStep, batch?: BatchMark) {
    const { deps } = this;
    const prices = deps.prices();
    // A local request's savings are against its tier's cloud model, where it would otherwise have gone.
    const frontierModel = local && decision.tier !== 'automated' ? cloudModelOf(decision.tier, this.endpoints()) : deps.policy().tiers.frontier.model;
    const cost = costOf(result.usage, decision.model, { overrides: prices, batch: batch !== undefined });
    const errorKind = result.outcome === 'error' ? result.error.kind : undefined;
    const input: RequestInput = {
      surface: options.request.surface,
      taskKind: decision.taskKind,
      tier: decision.tier,
      model: decision.model,
      rule: decision.rule,
      reasons: safeReasons(decision.reasons),
      ...(decision.override ? { override: decision.override } : {}),
      usage: result.usage,
      costMicros: microsOrNull(cost),
      frontierModel,
      frontierCostMicros: microsOrNull(costOf(result.usage, frontierModel, { overrides: prices })),
      latencyMs,
      outcome,
      ...(errorKind ? { errorKind } : {}),
      ...(options.conversationId ? { conversationId: options.conversationId } : {}),
      ...(result.usageEstimated ? { usageEstimated: true as const } : {}),
      ...(decision.effort !== undefined ? { effort: decision.effort } : {}),
      ...(decision.thinking !== undefined ? { thinking: decision.thinking } : {}),
      ...thinkingCost(result.usage, decision.model, prices),
      ...(result.requestId ? { apiRequestId: result.requestId } : {}),
      ...endpointField(local, decision.tier, this.endpoints()),
      ...(result.gatewayCostMicros !== undefined ? { gatewayCostMicros: result.gatewayCostMicros } : {}),
      ...learningFields(options, decision, routedTier),
      ...(cascade ? { cascade } : {}),
      ...(batch ? { batch } : {}),
    };
    let record: SpendRecord;
    if (options.recordInBackground) {
      const pending = await deps.ledger.recordQuickly(input);
      pending.written.catch((error: unknown) => deps.log.error(`ledger: could not write a ${input.surface} request: ${error instanceof Error ? error.message : String(error)}`));
      record = pending.record;
    } else {
      // A failed write (full disk, read-only file) is logged; the answer the user waited for still ends.
      const pending = await deps.ledger.recordQuickly(input);
      await pending.written.catch((error: unknown) => deps.log.error(`ledger: could not write a ${input.surface} request, its spend is counted in this window only: ${error instanceof Error ? error.message : String(error)}`));
      record = pending.record;
    }
    const usage = result.usage;
    const detail = result.outcome === 'error' ? ` ${result.error.kind}: ${result.error.message}` : '';
    deps.log[result.outcome === 'error' ? 'warn' : 'info'](
      `${outcome} ${decision.model} in ${latencyMs} ms: ${usage.inputTokens} in (+${usage.cacheReadTokens} cache read, +${usage.cacheWrite5mTokens + usage.cacheWrite1hTokens} cache write), ${usage.outputTokens} out${result.usageEstimated ? ' (partly estimated)' : ''}, ${formatCost(cost)}${detail}`,
    );
    return { record, cost };
  }
}

/** The climb after `failed`: one step further, naming the attempt it replaces and what that cost. */
function climbStep(failed: SpendRecord): CascadeStep {
  return { step: (failed.cascade?.step ?? 0) + 1, after: { id: failed.id, tier: failed.tier, costMicros: failed.costMicros } };
}

/** What the learning review groups and links a request by (src/core/learning/): never a file's path. */
function learningFields(options: RunOptions, decision: RouteDecision, routedTier: Tier | undefined): Pick<RequestInput, 'retryOf' | 'routedTier' | 'folder' | 'languageId'> {
  const signals = options.request.signals;
  const folder = folderOf(signals?.files);
  return {
    ...(options.retryOf ? { retryOf: options.retryOf } : {}),
    ...(routedTier !== undefined && routedTier !== decision.tier ? { routedTier } : {}),
    ...(folder !== undefined ? { folder } : {}),
    ...(signals?.languageId ? { languageId: signals.languageId.slice(0, 100) } : {}),
  };
}

/** The part of a request's cost spent thinking: its thinking tokens priced as output. */
function thinkingCost(usage: Usage, model: string, prices: PriceOverrides): { thinkingCostMicros?: number } {
  const thinking = usage.thinkingTokens ?? 0;
  if (thinking <= 0) return {};
  const micros = microsOrNull(costOf({ ...ZERO_USAGE, outputTokens: thinking }, model, { overrides: prices }));
  return micros === null ? {} : { thinkingCostMicros: micros };
}

/** Where the request went, for its record: the local server, Amazon Bedrock or Vertex AI (absent: the Anthropic API). */
function endpointField(local: boolean, tier: Tier, endpoints: TierEndpoints): Pick<SpendRecord, 'endpoint'> {
  const endpoint = local ? 'local' : platformOf(tier, endpoints);
  return endpoint ? { endpoint } : {};
}
