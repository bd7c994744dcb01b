import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok } from '../../fakes/fakeAnthropic';
import { resetSettings, routerApi, setKeyThroughUi, startFake } from '../support/router';
import type { ToolFixture } from './lmSupport';
import { collect, invoke, lastMessageBlocks, ledgerRecords, routerModel, toolFixture, toolInfo } from './lmSupport';

const { User, Assistant } = vscode.LanguageModelChatMessage;

describe('agent steps through Model Router · Auto: tool calls, one tier per task, escalation', () => {
  let api: ModelRouterApi;
  let fake: FakeAnthropic;
  let fixture: ToolFixture;
  let auto: vscode.LanguageModelChat;

  before(async () => {
    api = await routerApi();
    fake = await startFake();
    await setKeyThroughUi(fake.apiKey);
    fixture = await toolFixture();
    auto = await routerModel('auto');
  });
  after(async () => {
    fixture.failWith(undefined);
    await resetSettings(['api.baseUrl']);
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fixture.failWith(undefined);
    fixture.invocations.length = 0;
  });

  it('streams a tool call that VS Code runs, sends its result back on the same model, and records each step’s cost', async () => {
    const tools = [toolInfo(fixture)];
    const prompt = User('write unit tests for the parser; read the note called "parser" first');
    fake.enqueue(
      ok({ text: ['Let me read ', 'the note.'], toolUse: { name: fixture.tool, input: { title: 'parser' } }, usage: { inputTokens: 1000, outputTokens: 200 } }),
      ok({ text: ['The parser ', 'lives in src/parser.ts; ', 'here are the tests.'], usage: { inputTokens: 1200, outputTokens: 300 } }),
    );

    const first = await collect(await auto.sendRequest([prompt], { tools }));
    assert.equal(first.text, 'Let me read the note.');
    assert.equal(first.toolCalls.length, 1, `expected one tool call, got ${JSON.stringify(first.toolCalls)}`);
    const [call] = first.toolCalls;
    assert.equal(call.name, fixture.tool);
    assert.deepEqual(call.input, { title: 'parser' });

    const result = await invoke(call);
    assert.deepEqual(fixture.invocations, [{ title: 'parser' }], 'VS Code did not run the test tool with the model’s input');

    const second = await collect(await auto.sendRequest([prompt, Assistant([new vscode.LanguageModelTextPart(first.text), call]), User([result])], { tools }));
    assert.equal(second.text, 'The parser lives in src/parser.ts; here are the tests.');
    assert.deepEqual(second.toolCalls, []);

    const [step1, step2] = fake.requests;
    assert.equal(step1.model, 'claude-sonnet-5-5', 'writing tests routes to the balanced tier');
    assert.equal(step2.model, step1.model, 'the tool-calling step of the task must stay on the task’s model');
    const [toolResult] = lastMessageBlocks(step2);
    assert.equal(toolResult.type, 'tool_result', `the step after a tool call must start with its result: ${JSON.stringify(lastMessageBlocks(step2))}`);
    assert.equal(toolResult.tool_use_id, call.callId);
    assert.equal(toolResult.content, 'Note "parser": the parser lives in src/parser.ts.');
    assert.ok(toolResult.cache_control, 'the end of the conversation is marked for the prompt cache');
    const sentTools = step2.body['tools'] as Array<{ name: string; cache_control?: unknown }>;
    assert.deepEqual(sentTools.map((tool) => tool.name), [fixture.tool]);
    assert.ok(sentTools[0].cache_control, 'the tools are part of the cached stable prefix');

    const records = ledgerRecords(api).slice(-2);
    assert.equal(records.length, 2, 'each step is a request in the ledger');
    assert.equal(records[0].conversationId, records[1].conversationId, 'both steps belong to one task');
    // 1000 × $2 + 200 × $10 per MTok = $0.004; 1200 × $2 + 300 × $10 = $0.0054.
    assert.deepEqual(records.map((r) => [r.tier, r.costMicros]), [['balanced', 4000], ['balanced', 5400]]);
  });

  it('moves a task one tier up, and says so, after the same tool error twice in a row', async () => {
    const tools = [toolInfo(fixture)];
    const prompt = User('fix the bug in the parser: it returns undefined for empty input');
    const readNote = { name: fixture.tool, input: { title: 'parser bug' } };
    fake.enqueue(ok({ toolUse: readNote }), ok({ toolUse: readNote }), ok({ text: ['Fixed: ', 'empty input now returns [].'] }));
    fixture.failWith('the note store is offline');

    const messages: vscode.LanguageModelChatMessage[] = [prompt];
    for (let step = 1; step <= 2; step++) {
      const answer = await collect(await auto.sendRequest(messages, { tools }));
      assert.equal(answer.toolCalls.length, 1, `step ${step}: expected a tool call, got ${JSON.stringify(answer)}`);
      assert.doesNotMatch(answer.text, /Model Router/, `step ${step} must not change the tier yet: ${answer.text}`);
      messages.push(Assistant(answer.toolCalls), User([await invoke(answer.toolCalls[0])]));
    }
    assert.equal(fixture.invocations.length, 2, 'VS Code ran the failing tool twice');
    const final = await collect(await auto.sendRequest(messages, { tools }));

    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-sonnet-5-5', 'claude-opus-5-5'], 'one tier up after the second identical error, not before');
    assert.match(final.text, /^↑ Model Router: escalated to frontier after the same tool error twice\n\nFixed: empty input now returns \[\]\.$/);
    const errors = lastMessageBlocks(fake.requests[2]).filter((block) => block.type === 'tool_result');
    assert.match(String(errors[0]?.content), /ERROR while calling tool: .*the note store is offline/);
    const [, , escalated] = ledgerRecords(api).slice(-3);
    assert.equal(escalated.tier, 'frontier');
    assert.equal(escalated.rule, 'escalation:task');
    assert.ok(escalated.reasons.includes('Escalated to frontier after the same tool error twice'), `reasons: ${escalated.reasons.join(' | ')}`);

    fake.enqueue(ok({ text: ['Anything else?'] }));
    const next = await collect(await auto.sendRequest([...messages, Assistant(final.text), User('now add a docstring to it')], { tools }));
    assert.equal(fake.requests[3].model, 'claude-opus-5-5', 'a task never drops the tier it climbed to by itself');
    assert.equal(next.text, 'Anything else?', 'no notice when the tier stays');
    const history = JSON.stringify(fake.requests[3].body['messages']);
    assert.doesNotMatch(history, /escalated to frontier/, 'Model Router’s own notices are left out of the history the model sees');
  });
});
