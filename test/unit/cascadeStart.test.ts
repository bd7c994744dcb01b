import assert from 'node:assert/strict';
import { parsePolicy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';

describe('verified cascade: policy.cascade.startLower', () => {
  const policy = parsePolicy({ cascade: { startLower: ['tests', 'docstring', 'bugfix'] } }).policy;

  it('a gated task kind in the list starts one tier lower and says why', () => {
    const decision = route({ surface: 'command', taskKind: 'tests', gated: true }, policy);
    assert.equal(decision.tier, 'fast');
    assert.equal(decision.rule, 'cascade:start');
    assert.match(decision.reasons.join('; '), /starts one tier lower \(balanced → fast\): the editor's checks judge the answer, and a failure climbs/);
  });

  it('only when a gate judges the answer: the same kind from the chat routes as usual', () => {
    assert.equal(route({ surface: 'chat', taskKind: 'tests' }, policy).tier, 'balanced');
  });

  it('a kind not in the list, and fast work, stay where they route', () => {
    assert.equal(route({ surface: 'command', taskKind: 'refactor', gated: true }, policy).tier, 'balanced');
    assert.equal(route({ surface: 'command', taskKind: 'docstring', gated: true }, policy).tier, 'fast', 'fast has no tier below it that a model serves');
  });

  it('never below the sensitive-work floor', () => {
    const decision = route({ surface: 'command', taskKind: 'bugfix', gated: true, signals: { files: ['src/auth/session.ts'] } }, policy);
    assert.equal(decision.tier, 'frontier');
    assert.equal(decision.rule, 'floor:sensitive');
  });

  it('a kind the gate cannot judge is refused by name, and the rest of the file still applies', () => {
    const parsed = parsePolicy({ cascade: { startLower: ['architecture'] }, escalation: { maxSteps: 1 } });
    assert.deepEqual(parsed.policy.cascade.startLower, []);
    assert.equal(parsed.policy.escalation.maxSteps, 1);
    assert.ok(parsed.issues.some((issue) => issue.path.includes('cascade')), JSON.stringify(parsed.issues));
  });
});
