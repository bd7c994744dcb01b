import assert from 'node:assert/strict';
import type { LmMessage } from '../../src/core/languageModel/lmMessages';
import type { StepPlan } from '../../src/core/languageModel/taskTracker';
import { TaskTracker } from '../../src/core/languageModel/taskTracker';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { RouteDecision, RouteState } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';

const ask = (text: string): LmMessage => ({ role: 'user', parts: [{ type: 'text', text }] });
const calls = (id: string): LmMessage => ({ role: 'assistant', parts: [{ type: 'toolCall', callId: id, name: 'runTests', input: {} }] });
const answer = (id: string, text: string): LmMessage => ({ role: 'user', parts: [{ type: 'toolResult', callId: id, text, isError: text.startsWith('ERROR') }] });
const ERROR = 'ERROR while calling tool: test runner crashed';

/** Routes a planned step the way the engine does, then settles it; returns the decision and the notice. */
function step(tracker: TaskTracker, conversation: LmMessage[], state: RouteState = {}, fixedTier?: boolean) {
  const plan: StepPlan = tracker.plan(conversation, { maxEscalations: 2, fixedTier });
  const decision: RouteDecision = route(
    { surface: 'languageModel', prompt: plan.signals.prompt, ...(plan.taskKind ? { taskKind: plan.taskKind } : {}) },
    DEFAULT_POLICY,
    {
      ...state,
      ...(plan.conversationTier ? { conversationTier: plan.conversationTier } : {}),
      ...(plan.escalation ? { conversationChange: { rule: 'escalation:task', reason: plan.escalation.reason } } : {}),
    },
  );
  return { plan, decision, notice: tracker.settle(plan, decision) };
}

describe('per-task routing of language model requests', () => {
  it('routes a task on its first request and keeps kind and tier for its tool steps', () => {
    const tracker = new TaskTracker();
    const conversation = [ask('write unit tests for the parser')];
    const first = step(tracker, conversation);
    assert.equal(first.decision.tier, 'balanced');
    assert.equal(first.plan.taskKind, undefined, 'the first request is classified');
    conversation.push(calls('c1'), answer('c1', '3 passed'));
    const second = step(tracker, conversation);
    assert.equal(second.plan.taskKind, 'tests', 'a tool step declares the task’s kind instead of classifying again');
    assert.equal(second.decision.tier, 'balanced');
    assert.equal(second.notice, undefined);
  });

  it('escalates one tier after the same tool error twice, says so, and does it once per pair', () => {
    const tracker = new TaskTracker();
    const conversation = [ask('fix the bug in the parser')];
    step(tracker, conversation);
    conversation.push(calls('c1'), answer('c1', ERROR));
    assert.equal(step(tracker, conversation).decision.tier, 'balanced', 'one error is not a failure');
    conversation.push(calls('c2'), answer('c2', ERROR));
    const escalated = step(tracker, conversation);
    assert.equal(escalated.decision.tier, 'frontier');
    assert.equal(escalated.decision.rule, 'escalation:task');
    assert.equal(escalated.notice, '↑ Model Router: escalated to frontier after the same tool error twice');
    conversation.push(calls('c3'), answer('c3', ERROR));
    const after = step(tracker, conversation);
    assert.equal(after.decision.tier, 'frontier');
    assert.equal(after.notice, undefined, 'one more error after an escalation is not a new failure');
  });

  it('stops escalating at the policy’s limit and at frontier', () => {
    const tracker = new TaskTracker();
    const conversation = [ask('summarize the changelog')];
    assert.equal(step(tracker, conversation).decision.tier, 'fast');
    const tiers: string[] = [];
    for (let i = 1; i <= 8; i++) {
      conversation.push(calls(`c${i}`), answer(`c${i}`, ERROR));
      tiers.push(step(tracker, conversation).decision.tier);
    }
    assert.deepEqual(tiers, ['fast', 'balanced', 'balanced', 'frontier', 'frontier', 'frontier', 'frontier', 'frontier']);
  });

  it('never drops a tier by itself on a later, easier turn, and moves up when a turn needs it', () => {
    const tracker = new TaskTracker();
    const conversation = [ask('write tests for the parser')];
    step(tracker, conversation);
    conversation.push({ role: 'assistant', parts: [{ type: 'text', text: 'Done.' }] }, ask('summarize what you did'));
    const easier = step(tracker, conversation);
    assert.equal(easier.decision.tier, 'balanced');
    assert.equal(easier.decision.rule, 'conversation:keep');
    conversation.push({ role: 'assistant', parts: [{ type: 'text', text: 'Tests added.' }] }, ask('now design the architecture for a plugin system'));
    const harder = step(tracker, conversation);
    assert.equal(harder.decision.tier, 'frontier');
    assert.match(harder.notice ?? '', /^↑ Model Router: balanced → frontier \(/);
  });

  it('leaves a tier the user chose alone: no escalation, and the task’s own tier is kept for later', () => {
    const tracker = new TaskTracker();
    const conversation = [ask('write tests for the parser')];
    step(tracker, conversation);
    conversation.push(calls('c1'), answer('c1', ERROR), calls('c2'), answer('c2', ERROR));
    const chosen = step(tracker, conversation, { override: { tier: 'fast', scope: 'next' } }, true);
    assert.equal(chosen.plan.escalation, undefined);
    assert.equal(chosen.decision.tier, 'fast');
    assert.match(chosen.notice ?? '', /^↓ Model Router: balanced → fast/);
    const backOnAuto = tracker.plan(conversation, { maxEscalations: 2 });
    assert.equal(backOnAuto.escalation?.to, 'frontier', 'back on Auto, the task escalates from its own tier, balanced, not from fast');
  });

  it('forgets the least recently used task beyond its bound, and tasks left idle', () => {
    let now = 0;
    const tracker = new TaskTracker({ maxTasks: 2, idleMs: 1000, now: () => now });
    for (const words of ['write tests for a', 'write tests for b', 'write tests for c']) step(tracker, [ask(words)]);
    assert.equal(tracker.size, 2);
    assert.equal(tracker.plan([ask('write tests for a')], { maxEscalations: 2 }).conversationTier, undefined, 'the oldest task was dropped');
    assert.equal(tracker.plan([ask('write tests for c')], { maxEscalations: 2 }).conversationTier, 'balanced');
    now = 5000;
    assert.equal(tracker.plan([ask('write tests for c')], { maxEscalations: 2 }).conversationTier, undefined, 'an idle task starts afresh');
  });
});
