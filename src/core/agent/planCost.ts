/**
 * The cost of carrying out a plan, rolled up per step: every request a step made (escalated
 * attempts included) adds to that step's total, so the summary shows what each step really cost
 * and which model finished it, beside what planning cost.
 */
import { formatUsd } from '../money';
import type { SpendRecord } from '../spend/spendRecord';

/**
 * What a step's requests added up to: the sum of the step's own ledger records, so a chat message
 * or another command running meanwhile is never billed to the step.
 */
export interface StepSpend {
  readonly requests: number;
  readonly costMicros: number;
  readonly unpricedRequests: number;
  /** The models asked, in order. */
  readonly models: readonly string[];
}

/** The spend of `records` (a step's attempts, in the order they were asked). */
export function spendOf(records: readonly SpendRecord[]): StepSpend {
  return {
    requests: records.length,
    costMicros: records.reduce((sum, record) => sum + (record.costMicros ?? 0), 0),
    unpricedRequests: records.filter((record) => record.costMicros === null).length,
    models: records.map((record) => record.model),
  };
}

export interface StepCost {
  readonly label: string;
  /** Requests the step made, escalated attempts included. */
  readonly requests: number;
  /** Sum of the priced requests, in micro-dollars. */
  readonly costMicros: number;
  /** True when one of the requests had no price (an unknown model): the sum is then a lower bound. */
  readonly unpriced: boolean;
  /** The models in the order they were asked, e.g. ["claude-sonnet-5-5", "claude-opus-5-5"]. */
  readonly models: readonly string[];
  readonly status: 'done' | 'failed' | 'skipped' | 'cancelled';
}

export class PlanCostTally {
  private readonly steps: StepCost[] = [];

  /** Adds one step with what its requests spent. */
  add(label: string, spend: StepSpend, status: StepCost['status']): StepCost {
    const step: StepCost = {
      label,
      requests: spend.requests,
      costMicros: spend.costMicros,
      unpriced: spend.unpricedRequests > 0,
      models: spend.models,
      status,
    };
    this.steps.push(step);
    return step;
  }

  get all(): readonly StepCost[] {
    return this.steps;
  }

  get totalMicros(): number {
    return this.steps.reduce((sum, step) => sum + step.costMicros, 0);
  }

  /** A Markdown table: one row per step, then the total. */
  table(): string {
    const rows = this.steps.map(
      (step) => `| ${step.label} | ${step.status} | ${step.models.join(' → ') || '—'} | ${step.requests} | ${stepCostText(step)} |`,
    );
    const unpriced = this.steps.some((step) => step.unpriced) ? ' (some requests unpriced)' : '';
    return ['| step | status | models | requests | cost |', '|---|---|---|---|---|', ...rows, `| **total** | | | ${this.steps.reduce((n, s) => n + s.requests, 0)} | **${formatUsd(this.totalMicros)}**${unpriced} |`].join('\n');
  }
}

export function stepCostText(step: StepCost): string {
  return `${formatUsd(step.costMicros)}${step.unpriced ? ' + unpriced' : ''}`;
}
