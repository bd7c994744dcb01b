/**
 * Per-task routing state for the language model provider: route per task, not per step. The first
 * request of a task routes it; the following tool-calling steps declare the same task kind and keep
 * its tier, so the prompt cache stays warm. A task moves up one tier when it shows failure (see
 * taskFailure.ts), never down by itself, and each change of tier comes with a line for the answer.
 *
 * Tasks are recognised by a key derived from the conversation (taskSignals.ts) and kept in memory,
 * least recently used first out, and forgotten after a while without steps.
 */
import type { RouteDecision } from '../routing/router';
import type { TaskKind } from '../routing/taskKinds';
import type { ModelTier, Tier } from '../routing/tiers';
import { isModelTier, maxTier, tierAbove } from '../routing/tiers';
import type { LmMessage } from './lmMessages';
import { tierChangeNotice } from '../chat/tierNotice';
import type { TaskFailure } from './taskFailure';
import { detectFailure, toolExchanges } from './taskFailure';
import type { TaskSignals } from './taskSignals';
import { taskSignals } from './taskSignals';

interface TaskState {
  /** The tier the task runs on; raised by routing and escalation, never lowered by itself. */
  tier?: ModelTier;
  taskKind?: TaskKind;
  /** The user turn the state belongs to; a later one is a new turn of the same conversation. */
  promptIndex: number;
  escalations: number;
  /** Tool exchanges of this turn already answered by an escalation. */
  checkedExchanges: number;
  /** The tier the previous step was served on, to announce a change. */
  served?: Tier;
  touchedAt: number;
}

export interface StepPlan {
  readonly key: string;
  readonly signals: TaskSignals;
  /** The task's kind, declared for every step after the turn's first so the whole task routes alike. */
  readonly taskKind?: TaskKind;
  /** The tier the task is on, or the one it escalates to with this step. */
  readonly conversationTier?: ModelTier;
  readonly escalation?: { readonly to: ModelTier; readonly failure: TaskFailure; readonly reason: string };
  /** Tool exchanges of the turn when the plan was made. */
  readonly exchanges: number;
}

export interface TaskTrackerOptions {
  /** Tasks kept at most; the least recently used goes first. Default 200. */
  readonly maxTasks?: number;
  /** A task without a step for this long starts afresh. Default one hour. */
  readonly idleMs?: number;
  readonly now?: () => number;
}

export class TaskTracker {
  private readonly tasks = new Map<string, TaskState>();
  private readonly maxTasks: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: TaskTrackerOptions = {}) {
    this.maxTasks = options.maxTasks ?? 200;
    this.idleMs = options.idleMs ?? 60 * 60 * 1000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Number of tasks remembered. */
  get size(): number {
    return this.tasks.size;
  }

  /**
   * How to route the next step of `conversation`. `maxEscalations` is the policy's limit per task;
   * `fixedTier` means the user chose the tier, which escalation then leaves alone.
   */
  plan(conversation: readonly LmMessage[], options: { readonly maxEscalations: number; readonly fixedTier?: boolean }): StepPlan {
    const signals = taskSignals(conversation);
    const state = this.peek(signals.key);
    const sameTurn = state !== undefined && state.promptIndex === signals.promptIndex;
    const exchanges = toolExchanges(conversation, signals.promptIndex);
    const base = { key: signals.key, signals, exchanges: exchanges.length };
    const taskKind = sameTurn ? state.taskKind : undefined;
    const tier = state?.tier;
    const next = tier === undefined ? undefined : tierAbove(tier);
    const room = state !== undefined && state.escalations < options.maxEscalations && options.fixedTier !== true;
    const failure = room && next !== undefined ? detectFailure(exchanges, sameTurn ? state.checkedExchanges : 0) : undefined;
    if (failure !== undefined && next !== undefined) {
      const escalation = { to: next, failure, reason: `Escalated to ${next} after ${failure.reason}` };
      return { ...base, ...(taskKind ? { taskKind } : {}), conversationTier: next, escalation };
    }
    return { ...base, ...(taskKind ? { taskKind } : {}), ...(tier ? { conversationTier: tier } : {}) };
  }

  /**
   * Records the decision a step got and returns the line to show when the tier changed from the
   * previous step, e.g. "↑ Model Router: escalated to frontier after the same tool error twice".
   */
  settle(plan: StepPlan, decision: RouteDecision): string | undefined {
    const previous = this.peek(plan.key);
    const state: TaskState = previous ?? { promptIndex: plan.signals.promptIndex, escalations: 0, checkedExchanges: 0, touchedAt: 0 };
    if (state.promptIndex !== plan.signals.promptIndex) {
      state.promptIndex = plan.signals.promptIndex;
      state.checkedExchanges = 0;
    }
    // The user's choice (an override, a tier model) and the budget's step-down serve this step
    // only; the task keeps the tier its own work needs.
    const chosen = decision.rule.startsWith('override:') || decision.rule.startsWith('budget:');
    if (!chosen && isModelTier(decision.tier)) state.tier = state.tier === undefined ? decision.tier : (maxTier(state.tier, decision.tier) as ModelTier);
    state.taskKind = decision.taskKind;
    if (plan.escalation !== undefined) {
      state.checkedExchanges = plan.exchanges;
      if (decision.tier === plan.escalation.to) state.escalations += 1;
    }
    const served = state.served;
    state.served = decision.tier;
    state.touchedAt = this.now();
    this.remember(plan.key, state);
    if (served === undefined || served === decision.tier) return undefined;
    return noticeFor(served, decision, plan);
  }

  private peek(key: string): TaskState | undefined {
    const state = this.tasks.get(key);
    if (state !== undefined && this.now() - state.touchedAt > this.idleMs) {
      this.tasks.delete(key);
      return undefined;
    }
    return state;
  }

  private remember(key: string, state: TaskState): void {
    this.tasks.delete(key);
    this.tasks.set(key, state);
    while (this.tasks.size > this.maxTasks) {
      const oldest = this.tasks.keys().next().value;
      if (oldest === undefined) break;
      this.tasks.delete(oldest);
    }
  }
}

function noticeFor(served: Tier, decision: RouteDecision, plan: StepPlan): string {
  const escalated = plan.escalation !== undefined && decision.tier === plan.escalation.to;
  return tierChangeNotice(served, decision, escalated ? plan.escalation?.failure.reason : undefined);
}
