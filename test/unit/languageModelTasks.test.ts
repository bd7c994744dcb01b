import assert from 'node:assert/strict';
import type { LanguageModelSink } from '../../src/core/languageModel/languageModelTasks';
import { LanguageModelTasks } from '../../src/core/languageModel/languageModelTasks';
import type { LmMessage } from '../../src/core/languageModel/lmMessages';
import { TaskTracker } from '../../src/core/languageModel/taskTracker';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, overloaded, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor } from './helpers/engineRig';

const ask = (text: string): LmMessage => ({ role: 'user', parts: [{ type: 'text', text }] });
const TOOL = { name: 'runTests', description: 'Runs the tests', inputSchema: { type: 'object', properties: { file: { type: 'string' } } } };

describe('the language model path into the core', () => {
  let fake: FakeAnthropic;
  let records: SpendRecord[];
  let tasks: LanguageModelTasks;
  let streamed: string[];
  const sink: LanguageModelSink = {
    text: (text) => streamed.push(`text:${text}`),
    toolCall: (_callId, name, input) => streamed.push(`tool:${name}:${JSON.stringify(input)}`),
  };

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());
  beforeEach(() => {
    fake.reset();
    records = [];
    streamed = [];
    const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    ledger.onDidChange(() => undefined);
    const engine = engineFor(fake, { ledger });
    tasks = new LanguageModelTasks({
      run: async (options) => {
        const result = await engine.run(options);
        if (result.kind === 'done') records.push(result.record);
        return result;
      },
      policy: () => DEFAULT_POLICY,
      tracker: new TaskTracker(),
      relativePath: (path) => path.replace('/work/app/', ''),
    });
  });

  it('streams text and tool calls, and records the step with its task as the conversation', async () => {
    fake.enqueue(ok({ text: ['Running ', 'them.'], toolUse: { name: 'runTests', input: { file: 'parser.test.ts' } }, usage: { inputTokens: 1000, outputTokens: 100 } }));
    const step = await tasks.respond({ conversation: [ask('write unit tests for the parser')], tools: [TOOL] }, sink);
    assert.deepEqual(streamed, ['text:Running ', 'text:them.', 'tool:runTests:{"file":"parser.test.ts"}']);
    assert.equal(step.run.kind, 'done');
    assert.equal(fake.requests[0].model, 'claude-sonnet-5-5');
    assert.deepEqual(fake.requests[0].body['tool_choice'], undefined, 'auto tool choice is the API’s default and is not sent');
    assert.equal(records[0].surface, 'languageModel');
    assert.equal(records[0].conversationId, step.plan.key);
    assert.equal(records[0].costMicros, 3000, '1000 × $2 + 100 × $10 per MTok');
  });

  it('routes on the user’s words and the attached files, not on the editor’s wrapping', async () => {
    fake.enqueue(ok({ text: ['It counts logins.'] }));
    const prompt = '<attachments><attachment filePath="/work/app/src/auth/session.ts">let x = 1;</attachment></attachments><userRequest>explain what x does</userRequest>';
    const step = await tasks.respond({ conversation: [ask(prompt)] }, sink);
    assert.equal(step.run.kind, 'done');
    if (step.run.kind !== 'done') return;
    assert.equal(step.run.decision.taskKind, 'explain');
    assert.equal(step.run.decision.tier, 'frontier', `reasons: ${step.run.decision.reasons.join(' | ')}`);
    assert.deepEqual(step.run.decision.sensitive, ['auth', 'session'], 'the attached file’s path marks sensitive work');
  });

  it('streams the escalation notice before the answer and records why', async () => {
    const conversation: LmMessage[] = [ask('fix the failing parser test')];
    const fail = (id: string): LmMessage[] => [
      { role: 'assistant', parts: [{ type: 'toolCall', callId: id, name: 'runTests', input: {} }] },
      { role: 'user', parts: [{ type: 'toolResult', callId: id, text: 'ERROR while calling tool: runner crashed', isError: true }] },
    ];
    fake.enqueue(ok(), ok(), ok({ text: ['Fixed.'] }));
    await tasks.respond({ conversation, tools: [TOOL] }, sink);
    await tasks.respond({ conversation: [...conversation, ...fail('c1')], tools: [TOOL] }, sink);
    streamed = [];
    const step = await tasks.respond({ conversation: [...conversation, ...fail('c1'), ...fail('c2')], tools: [TOOL] }, sink);
    assert.deepEqual(streamed, ['text:↑ Model Router: escalated to frontier after the same tool error twice\n\n', 'text:Fixed.']);
    assert.equal(step.notice, '↑ Model Router: escalated to frontier after the same tool error twice');
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.deepEqual(records.map((r) => r.rule), ['taskKind:bugfix', 'taskKind:bugfix', 'escalation:task']);
  });

  it('says in the answer when an overloaded frontier step was answered one tier lower, and keeps the task on frontier', async () => {
    const conversation: LmMessage[] = [ask('design the architecture for the plugin system')];
    fake.enqueueFor('claude-opus-5-5', overloaded());
    fake.enqueue(ok({ text: ['A balanced design.'] }), ok({ text: ['Next step.'] }));
    const step = await tasks.respond({ conversation, tools: [TOOL] }, sink);
    assert.deepEqual(streamed, ['text:claude-opus-5-5 (frontier) is overloaded, so this answer comes from claude-sonnet-5-5 (balanced), one tier lower.\n\n', 'text:A balanced design.']);
    assert.equal(step.run.kind === 'done' && step.run.decision.rule, 'fallback:overloaded');
    await tasks.respond({ conversation: [...conversation, { role: 'assistant', parts: [{ type: 'text', text: 'A balanced design.' }] }, ask('go on')], tools: [TOOL] }, sink);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-opus-5-5'], 'the next step goes back to the task’s tier');
    assert.deepEqual(records.map((r) => `${r.model} ${r.rule}`), ['claude-sonnet-5-5 fallback:overloaded', 'claude-opus-5-5 conversation:keep']);
  });

  it('serves a chosen tier as it is and forces a tool call when asked', async () => {
    fake.enqueue(ok({ toolUse: { name: 'runTests', input: {} } }));
    const step = await tasks.respond({ conversation: [ask('design a plugin architecture')], tools: [TOOL], toolMode: 'required', tier: 'fast' }, sink);
    assert.equal(step.run.kind, 'done');
    assert.equal(fake.requests[0].model, 'claude-haiku-5-5');
    assert.deepEqual(fake.requests[0].body['tool_choice'], { type: 'any' });
    assert.equal(records[0].override?.tier, 'fast');
  });
});
