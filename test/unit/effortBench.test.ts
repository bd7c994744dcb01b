import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { billedOutput, perKindDial, priceWorkload, TOKEN_MODELS, tierDials } from '../../bench/effort';
import { SESSION } from '../../bench/replay/workloads';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { parseReplayFile, replay } from '../../src/core/spend/replay';

const root = join(__dirname, '..', '..', '..');
const workload = (name: string) => parseReplayFile(readFileSync(join(root, 'bench', 'replay', name), 'utf8')).tasks;
const moderate = TOKEN_MODELS[1];

describe('effort bench: per-kind dial against one dial per tier', () => {
  it('prices the per-kind column exactly as bench:replay prices the policy (the sizes are taken at the shipped dial)', () => {
    for (const name of ['day.jsonl', 'session.jsonl']) {
      const tasks = workload(name);
      const perKind = priceWorkload(tasks, moderate).find((cost) => cost.dial === 'per task kind')!;
      assert.equal(perKind.micros, replay(tasks, DEFAULT_POLICY).routed.micros, name);
    }
  });

  it('the auth refactor of the session plans at medium effort and reviews for security at high, the docs update never thinks', () => {
    const auth = SESSION.find((task) => /authentication/i.test(task.name))!.requests;
    const dial = (pattern: RegExp) => perKindDial(auth.find((task) => pattern.test(task.prompt ?? ''))!, DEFAULT_POLICY)!;
    assert.ok(auth.every((task) => perKindDial(task, DEFAULT_POLICY)?.tier === 'frontier'));
    assert.deepEqual([dial(/^Plan/).request.effort, dial(/security regressions/).request.effort, dial(/security regressions/).request.thinks], ['medium', 'high', true]);
    const docs = SESSION.find((task) => /docs/i.test(task.name))!.requests.map((task) => perKindDial(task, DEFAULT_POLICY)!);
    assert.ok(docs.every((routed) => routed.tier === 'fast' && !routed.request.thinks), JSON.stringify(docs));
  });

  it('a tier matched to its hardest kind takes that kind’s effort and thinking for all of its requests', () => {
    const routed = [
      { tier: 'frontier' as const, model: DEFAULT_POLICY.tiers.frontier.model, request: { effort: 'medium' as const, thinks: true } },
      { tier: 'frontier' as const, model: DEFAULT_POLICY.tiers.frontier.model, request: { effort: 'high' as const, thinks: true } },
      { tier: 'balanced' as const, model: DEFAULT_POLICY.tiers.balanced.model, request: { effort: 'medium' as const, thinks: true } },
    ];
    const matched = tierDials(routed, DEFAULT_POLICY, true);
    assert.deepEqual(matched.get('frontier'), { effort: 'high', thinks: true });
    assert.deepEqual(matched.get('balanced'), { effort: 'medium', thinks: true });
    assert.deepEqual(matched.get('fast'), { effort: 'low', thinks: false });
    // At the defaults nothing is raised: only Opus thinks, because it cannot turn thinking off.
    assert.deepEqual(tierDials(routed, DEFAULT_POLICY, false).get('balanced'), { effort: 'medium', thinks: false });
  });

  it('scales output by effort and thinking from the dial the workload was sized at', () => {
    const sized = { effort: 'medium' as const, thinks: false };
    assert.equal(billedOutput(1000, { effort: 'high', thinks: false }, sized, moderate), 2000);
    assert.equal(billedOutput(1000, { effort: 'medium', thinks: true }, sized, moderate), 2500);
    assert.equal(billedOutput(2500, sized, { effort: 'medium', thinks: true }, moderate), 1000);
  });

  it('on the session the per-kind dial costs less than one dial per tier that serves the hard kinds, under every token model', () => {
    for (const model of TOKEN_MODELS) {
      const [defaults, matched, perKind] = priceWorkload(workload('session.jsonl'), model).map((cost) => cost.micros);
      assert.ok(perKind < matched, `${model.name}: ${perKind} < ${matched}`);
      assert.ok(defaults <= perKind, `${model.name}: the defaults under-serve the hard kinds and cost least`);
    }
  });
});
