/**
 * The cost of carrying out a plan, rolled up per step: every request a step made (escalated
 * attempts included) adds to that step's total, so the summary shows what each step really cost
 * and which model finished it, beside what planning cost.
 */
import { formatUsd } from '../pricing';
import type { SpendRecord } from '../spendRecord';

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

  /** Adds one step and the ledger records its requests produced. */
  add(label: string, records: readonly SpendRecord[], status: StepCost['status']): StepCost {
    const step: StepCost = {
      label,
      requests: records.length,
      costMicros: records.reduce((sum, record) => sum + (record.costMicros ?? 0), 0),
      unpriced: records.some((record) => record.costMicros === null),
      models: records.map((record) => record.model),
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
