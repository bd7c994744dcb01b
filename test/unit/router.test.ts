import assert from 'node:assert/strict';
import { evaluateBudget } from '../../src/core/routing/budget';
import { escalate } from '../../src/core/routing/escalation';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { RouteRequest, RouteState } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';
import { TASK_KINDS, TASK_KIND_INFO } from '../../src/core/routing/taskKinds';

const decide = (request: Partial<RouteRequest>, state?: RouteState, policy = DEFAULT_POLICY) =>
  route({ surface: 'chat', ...request }, policy, state);

describe('route', () => {
  describe('default rule of each task kind', () => {
    for (const kind of TASK_KINDS) {
      const expected = TASK_KIND_INFO[kind].defaultTier;
      it(`${kind} → ${expected}`, () => {
        const decision = decide({ taskKind: kind, canAutomate: true, signals: { files: ['src/util/strings.ts'] } });
        assert.equal(decision.tier, expected, `reasons: ${decision.reasons.join(' | ')}`);
        assert.equal(decision.rule, `taskKind:${kind}`);
        assert.equal(decision.reasons.length, 1, 'only the task-kind step should be listed');
      });
    }
  });

  it('sends each tier to its default model with its effort', () => {
    assert.deepEqual(
      ['completion', 'tests', 'architecture'].map((kind) => {
        const d = decide({ taskKind: kind as 'tests' });
        return [d.tier, d.model, d.effort];
      }),
      [
        ['fast', 'claude-haiku-5-5', 'low'],
        ['balanced', 'claude-sonnet-5-5', 'medium'],
        ['frontier', 'claude-opus-5-5', 'high'],
      ],
    );
  });

  it('classifies free text and says which words decided', () => {
    const decision = decide({ prompt: 'Write unit tests for the date parser' });
    assert.equal(decision.taskKind, 'tests');
    assert.equal(decision.tier, 'balanced');
    assert.match(decision.reasons[0], /Tests \(matched “write unit tests”\) → balanced/);
  });

  it('the floor beats a cheap task kind: a one-line fix in auth middleware goes to frontier', () => {
    const decision = decide({ taskKind: 'bugfix', signals: { files: ['src/middleware/authMiddleware.ts'], selectionLines: 1 } });
    assert.equal(decision.tier, 'frontier');
    assert.equal(decision.rule, 'floor:sensitive');
    assert.deepEqual(decision.sensitive, ['auth']);
    assert.match(decision.reasons.at(-1)!, /Sensitive work \(auth\) is never below frontier/);
  });

  it('the floor applies to sensitive words in the prompt, not to loose prose', () => {
    assert.equal(decide({ prompt: 'fix the password reset email' }).tier, 'frontier');
    assert.equal(decide({ prompt: 'fix the off-by-one in the session list' }).tier, 'balanced');
  });

  it('completions are exempt from the floor, but a multi-line one in sensitive code goes to balanced', () => {
    const single = decide({ surface: 'completion', taskKind: 'completion', signals: { files: ['src/auth/login.ts'] } });
    assert.equal(single.tier, 'fast');
    const multi = decide({ surface: 'completion', taskKind: 'completion', signals: { files: ['src/auth/login.ts'], multiLine: true } });
    assert.equal(multi.tier, 'balanced');
    assert.equal(multi.rule, 'scope:sensitiveCompletion');
  });

  it('a completion asked for in the chat is not exempt: filling in the body of a refund function is held at frontier', () => {
    const decision = decide({ taskKind: 'completion', prompt: 'fill in the body, it should return the prorated refund in cents', signals: { files: ['billing/refunds.py'] } });
    assert.equal(decision.tier, 'frontier', decision.reasons.join(' | '));
    assert.equal(decision.floor, 'frontier');
    assert.match(decision.reasons.join(' | '), /Sensitive work \(.*\) is never below frontier/);
    const elsewhere = decide({ taskKind: 'completion', prompt: 'fill in the body, it should return the list sorted by name', signals: { files: ['src/util/sort.ts'] } });
    assert.equal(elsewhere.tier, 'fast', elsewhere.reasons.join(' | '));
  });

  it('security work is never below frontier, even when pinned lower', () => {
    const policy = parsePolicy({ pins: { security: 'fast' } }).policy;
    const decision = decide({ taskKind: 'security' }, {}, policy);
    assert.equal(decision.tier, 'frontier');
    assert.match(decision.reasons.join('\n'), /held at the frontier floor/);
  });

  describe('scope', () => {
    it('3+ files → at least balanced (the routing guide), not one tier up: tests across three files stay on balanced', () => {
      const files = ['a.ts', 'b.ts', 'c.ts'];
      assert.equal(decide({ taskKind: 'docstring', signals: { files } }).tier, 'balanced');
      const tests = decide({ taskKind: 'tests', signals: { files } });
      assert.equal(tests.tier, 'balanced');
      assert.equal(tests.rule, 'taskKind:tests', 'balanced is the kind’s own tier: the file count changed nothing');
      assert.equal(decide({ taskKind: 'architecture', signals: { files } }).tier, 'frontier');
    });
    it('5+ files → frontier', () => {
      const decision = decide({ taskKind: 'boilerplate', signals: { files: ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts'] } });
      assert.equal(decision.tier, 'frontier');
      assert.equal(decision.reasons[1], '5 files involved → frontier');
    });
    it('files named in the prompt count', () => {
      const decision = decide({ prompt: 'refactor parse.ts, lex.ts and emit.ts to share the token type' });
      assert.equal(decision.taskKind, 'multiFileRefactor');
      assert.equal(decision.tier, 'frontier');
    });
    it('cross-folder work → frontier', () => {
      assert.equal(decide({ taskKind: 'implement', signals: { files: ['api/server.ts', 'web/client.ts'] } }).tier, 'frontier');
    });
    it('code with its tests or docs, or a root file beside a folder, is not cross-folder work', () => {
      assert.equal(decide({ taskKind: 'implement', signals: { files: ['src/parse.ts', 'test/parse.test.ts'] } }).tier, 'balanced');
      assert.equal(decide({ taskKind: 'docs', signals: { files: ['README.md', 'src/config.ts'] } }).tier, 'fast');
    });
    it('over 200k tokens of context → frontier', () => {
      assert.equal(decide({ taskKind: 'summarize', signals: { contextTokens: 250_000 } }).tier, 'frontier');
    });
    it('a long expected output is never fast', () => {
      assert.equal(decide({ taskKind: 'boilerplate', signals: { expectedOutputLines: 400 } }).tier, 'balanced');
    });
  });

  it('automated kinds run editor commands where they can, and fall back to fast in chat', () => {
    const editor = decide({ surface: 'command', taskKind: 'format', canAutomate: true });
    assert.equal(editor.tier, 'automated');
    assert.equal(editor.model, 'vscode-command');
    assert.equal(decide({ taskKind: 'rename' }).tier, 'fast');
  });

  it('pins apply after scope', () => {
    const policy = parsePolicy({ pins: { tests: 'fast' } }).policy;
    const decision = decide({ taskKind: 'tests' }, {}, policy);
    assert.equal(decision.tier, 'fast');
    assert.equal(decision.rule, 'pin:tests');
  });

  it('a task-kind mapping in the policy replaces the built-in default', () => {
    const policy = parsePolicy({ taskKinds: { explain: 'fast' } }).policy;
    assert.equal(decide({ taskKind: 'explain' }, {}, policy).tier, 'fast');
  });

  it('the user override wins and is named, even below the floor', () => {
    const decision = decide({ taskKind: 'bugfix', signals: { files: ['src/payment/charge.ts'] } }, { override: { tier: 'fast', scope: 'next' } });
    assert.equal(decision.tier, 'fast');
    assert.equal(decision.model, 'claude-haiku-5-5');
    assert.equal(decision.rule, 'override:next');
    assert.match(decision.reasons.at(-1)!, /Your override for this request → fast \(below the frontier floor, by your choice\)/);
  });

  it('a conversation never drops a tier by itself', () => {
    const decision = decide({ prompt: 'summarize that' }, { conversationTier: 'frontier' });
    assert.equal(decision.tier, 'frontier');
    assert.equal(decision.rule, 'conversation:keep');
  });

  it('budget: warn keeps the tier, step down moves one tier, stop blocks', () => {
    const spent = { session: { costMicros: 5_000_000 }, today: { costMicros: 5_000_000 } };
    const warned = decide({ taskKind: 'architecture' }, { budget: evaluateBudget(spent, { sessionUsd: 5, onExceed: 'warn' }) });
    assert.equal(warned.tier, 'frontier');
    assert.match(warned.reasons.at(-1)!, /Session budget \$5\.00 reached: kept frontier/);
    const stepped = decide({ taskKind: 'architecture' }, { budget: evaluateBudget(spent, { dailyUsd: 5, onExceed: 'stepDown' }) });
    assert.equal(stepped.tier, 'balanced');
    assert.equal(stepped.rule, 'budget:stepDown');
    assert.match(stepped.reasons.at(-1)!, /Daily budget \$5\.00 reached: stepped down from frontier to balanced/);
    const stopped = decide({ taskKind: 'architecture' }, { budget: evaluateBudget(spent, { sessionUsd: 4, onExceed: 'stop' }) });
    assert.ok(stopped.blocked, 'a stopped budget must block the request');
    assert.equal(stopped.rule, 'budget:stop');
    const under = decide({ taskKind: 'architecture' }, { budget: evaluateBudget(spent, { sessionUsd: 100, onExceed: 'stop' }) });
    assert.equal(under.blocked, undefined);
    assert.equal(under.reasons.length, 1);
  });

  it('is deterministic', () => {
    const request = { prompt: 'design the data model for invoices across billing and api services' };
    assert.deepEqual(decide(request), decide(request));
  });
});

describe('escalate', () => {
  it('goes one tier up with the failed check as the reason, at most twice', () => {
    const first = decide({ taskKind: 'completion' });
    const second = escalate(first, DEFAULT_POLICY, 'Unbalanced brackets');
    assert.equal(second?.tier, 'balanced');
    assert.equal(second?.model, 'claude-sonnet-5-5');
    assert.match(second!.reasons.at(-1)!, /Unbalanced brackets → escalated to balanced/);
    const third = escalate(second!, DEFAULT_POLICY, 'Still unbalanced');
    assert.equal(third?.tier, 'frontier');
    assert.equal(escalate({ ...third!, tier: 'balanced' }, DEFAULT_POLICY, 'again'), undefined, 'a third escalation must be refused');
  });

  it('stops at frontier and respects maxSteps 0', () => {
    assert.equal(escalate(decide({ taskKind: 'architecture' }), DEFAULT_POLICY, 'x'), undefined);
    const none = parsePolicy({ escalation: { maxSteps: 0 } }).policy;
    assert.equal(escalate(decide({ taskKind: 'completion' }), none, 'x'), undefined);
  });

  it('never moves down by itself', () => {
    // A conversation on frontier whose next message alone would go to balanced stays on frontier…
    const kept = decide({ taskKind: 'question' }, { conversationTier: 'frontier' });
    assert.equal(kept.tier, 'frontier', `a question in a frontier conversation must stay on frontier: ${kept.reasons.join(' | ')}`);
    assert.equal(kept.rule, 'conversation:keep');
    // …and one on fast moves up when the message needs it.
    const raised = decide({ taskKind: 'architecture' }, { conversationTier: 'fast' });
    assert.equal(raised.tier, 'frontier', 'an architecture question in a fast conversation must move up to frontier');
  });
});
