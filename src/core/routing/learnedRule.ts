/**
 * The origin of a `taskKinds` entry that came from an applied suggestion (src/core/learning/), in
 * the decision's reasons: the rule is an ordinary taskKinds entry, and this says where it came
 * from, so a user who wonders why explanations now go to fast can see it was their own Apply.
 */
import type { Policy } from './policy';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { Tier } from './tiers';

const WHERE = { user: 'your user settings', team: 'the team policy file' } as const;

/**
 * "Your rule: explanation → fast, applied 2026-12-03 from a spend-report suggestion (5 of 6 signals
 * said it could have been cheaper), in your user settings"; undefined when the kind's tier is not
 * the one an applied suggestion set (another layer replaced it, or it was edited since).
 */
export function learnedRuleReason(policy: Policy, kind: TaskKind, tier: Tier): string | undefined {
  const rule = policy.learning.applied[kind];
  if (rule === undefined || rule.tier !== tier || policy.taskKinds[kind] !== tier) return undefined;
  const said = rule.said === 'cheaper' ? 'it could have been cheaper' : 'it needed a stronger tier';
  const of = Math.max(rule.of, rule.signals);
  return `Your rule: ${TASK_KIND_INFO[kind].label} → ${tier}, applied ${rule.on} from a spend-report suggestion (${rule.signals} of ${of} signals said ${said}), in ${WHERE[rule.where]}`;
}
