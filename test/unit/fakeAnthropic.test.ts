/**
 * The fake Messages API at the wire level, with plain fetch: if it drifts from the transcript the
 * real SDK accepts, every adapter test built on it would be testing fiction.
 */
import * as assert from 'node:assert/strict';
import { cannedAnswer } from '../fakes/cannedAnswers';
import { httpError, interrupted, ok, rateLimited, startFakeAnthropic, type FakeAnthropic } from '../fakes/fakeAnthropic';

const MESSAGE = { model: 'claude-haiku-5-5', max_tokens: 256, messages: [{ role: 'user', content: 'Explain function parse' }] };

interface Sent {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function post(fake: FakeAnthropic, path: string, body: unknown, auth: Record<string, string> = { authorization: `Bearer ${fake.apiKey}` }): Promise<Sent> {
  const response = await fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', ...auth },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Splits an SSE body into events, asserting the framing the SDK relies on. */
function parseSse(text: string): { event: string; data: Record<string, unknown> }[] {
  assert.ok(text.endsWith('\n\n'), 'every event, the last included, must end with a blank line');
  return text
    .trim()
    .split('\n\n')
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      assert.match(eventLine ?? '', /^event: \w+$/, `each event needs an event: line, got ${JSON.stringify(frame)}`);
      assert.match(dataLine ?? '', /^data: /, 'the event: line must be followed by data:');
      assert.deepEqual(rest, [], 'one data line per event');
      const event = (eventLine ?? '').slice('event: '.length);
      const data = JSON.parse((dataLine ?? '').slice('data: '.length)) as Record<string, unknown>;
      assert.equal(data['type'], event, 'data.type must match the event name');
      return { event, data };
    });
}

describe('fake Anthropic API', () => {
  let fake: FakeAnthropic;
  before(async () => (fake = await startFakeAnthropic()));
  afterEach(() => fake.reset());
  after(() => fake.close());

  it('streams the exact transcript: message_start, ping, deltas, cumulative message_delta, message_stop', async () => {
    fake.enqueue(ok({ text: ['Hello', ', world!'], usage: { inputTokens: 25, outputTokens: 12 } }));
    const sent = await post(fake, '/v1/messages', { ...MESSAGE, stream: true });
    assert.equal(sent.status, 200);
    assert.equal(sent.headers.get('content-type'), 'text/event-stream');
    const events = parseSse(sent.text);
    assert.deepEqual(
      events.map((e) => e.event),
      ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
    );
    const start = events[0]?.data['message'] as { model: string; usage: Record<string, unknown> };
    assert.equal(start.model, 'claude-haiku-5-5', 'the model should be echoed');
    assert.equal(start.usage['input_tokens'], 25);
    const delta = events[6]?.data as { delta: { stop_reason: string }; usage: Record<string, unknown> };
    assert.equal(delta.delta.stop_reason, 'end_turn');
    assert.equal(delta.usage['output_tokens'], 12, 'message_delta must carry usage.output_tokens');
  });

  it('answers a non-streaming request with one JSON Message', async () => {
    fake.enqueue(ok({ text: ['Hi ', 'there'], thinking: ['hm'] }));
    const sent = await post(fake, '/v1/messages', MESSAGE);
    const message = JSON.parse(sent.text) as { type: string; content: { type: string; text?: string }[]; stop_reason: string };
    assert.equal(message.type, 'message');
    assert.deepEqual(message.content.map((b) => b.type), ['thinking', 'text']);
    assert.equal(message.content[1]?.text, 'Hi there');
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('estimates usage from the request and the answer when the scenario does not say', async () => {
    fake.enqueue(ok({ text: ['12345678'] }));
    const message = JSON.parse((await post(fake, '/v1/messages', MESSAGE)).text) as { usage: Record<string, number> };
    assert.equal(message.usage['input_tokens'], Math.ceil('Explain function parse'.length / 4));
    assert.equal(message.usage['output_tokens'], 2, 'eight characters of answer are two tokens');
  });

  it('counts tokens', async () => {
    const sent = await post(fake, '/v1/messages/count_tokens', { model: MESSAGE.model, messages: MESSAGE.messages });
    assert.deepEqual(JSON.parse(sent.text), { input_tokens: Math.ceil('Explain function parse'.length / 4) });
  });

  it('accepts Bearer and x-api-key, rejects a wrong key with 401, and never records the key', async () => {
    assert.equal((await post(fake, '/v1/messages', MESSAGE)).status, 200, 'Bearer key');
    assert.equal((await post(fake, '/v1/messages', MESSAGE, { 'x-api-key': fake.apiKey })).status, 200, 'x-api-key');
    const wrong = await post(fake, '/v1/messages', MESSAGE, { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(JSON.parse(wrong.text), { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    assert.equal((await post(fake, '/v1/messages', MESSAGE, {})).status, 401, 'missing key');
    assert.deepEqual(fake.requests.map((r) => r.authorized), [true, true, false, false]);
    const recorded = JSON.stringify(fake.requests);
    assert.ok(!recorded.includes(fake.apiKey), 'recorded requests must not contain the key');
  });

  it('rejects sampling parameters and missing fields with 400, as API version 2026-10-21 does', async () => {
    for (const [name, value] of [['temperature', 0.2], ['top_p', 0.9], ['top_k', 5]] as const) {
      const sent = await post(fake, '/v1/messages', { ...MESSAGE, [name]: value });
      assert.equal(sent.status, 400, `${name} should be rejected`);
      const body = JSON.parse(sent.text) as { error: { type: string; message: string } };
      assert.equal(body.error.type, 'invalid_request_error');
      assert.match(body.error.message, new RegExp(name));
    }
    for (const field of ['model', 'max_tokens', 'messages'] as const) {
      const body: Record<string, unknown> = { ...MESSAGE };
      delete body[field];
      assert.equal((await post(fake, '/v1/messages', body)).status, 400, `missing ${field} should be rejected`);
    }
  });

  it('plays queued scenarios first in first out, then the default', async () => {
    fake.enqueue(rateLimited(7), ok({ text: ['second'] }));
    const first = await post(fake, '/v1/messages', MESSAGE);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '7');
    assert.equal(JSON.parse(first.text).error.type, 'rate_limit_error');
    assert.match((await post(fake, '/v1/messages', MESSAGE)).text, /second/);
    assert.equal((await post(fake, '/v1/messages', MESSAGE)).status, 200, 'the default is ok');
  });

  it('overloads one model only, before the shared queue, with a retry-after header', async () => {
    fake.enqueueFor('claude-opus-5-5', httpError(529, { retryAfterSeconds: 30, message: 'Overloaded' }));
    fake.enqueue(ok({ text: ['for anyone'] }));
    const haiku = await post(fake, '/v1/messages', MESSAGE);
    assert.equal(haiku.status, 200, 'another model is not overloaded');
    assert.match(haiku.text, /for anyone/);
    const opus = await post(fake, '/v1/messages', { ...MESSAGE, model: 'claude-opus-5-5' });
    assert.equal(opus.status, 529);
    assert.equal(opus.headers.get('retry-after'), '30');
    assert.equal(JSON.parse(opus.text).error.type, 'overloaded_error');
    assert.equal((await post(fake, '/v1/messages', { ...MESSAGE, model: 'claude-opus-5-5' })).status, 200, 'the model queue is used up');
  });

  it('cuts the answer at max_tokens and says so', async () => {
    const message = JSON.parse((await post(fake, '/v1/messages', { ...MESSAGE, max_tokens: 2 })).text) as { stop_reason: string; content: { text: string }[] };
    assert.equal(message.stop_reason, 'max_tokens');
    assert.ok((message.content[0]?.text.length ?? 0) <= 8);
  });

  it('sends an overloaded error event mid-stream', async () => {
    fake.enqueue(interrupted('error', 1, { text: ['a', 'b'] }));
    const events = parseSse((await post(fake, '/v1/messages', { ...MESSAGE, stream: true })).text);
    assert.deepEqual(events.at(-1), { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    assert.equal(events.filter((e) => e.event === 'content_block_delta').length, 1);
  });

  it('streams tool input in pieces that join into the JSON', async () => {
    const input = { path: 'a.ts', line: 3 };
    fake.enqueue(ok({ text: [], toolUse: { name: 'open', input, pieces: 3 } }));
    const events = parseSse((await post(fake, '/v1/messages', { ...MESSAGE, stream: true })).text);
    const pieces = events.filter((e) => e.event === 'content_block_delta').map((e) => (e.data['delta'] as { partial_json: string }).partial_json);
    assert.equal(pieces.length, 3);
    assert.deepEqual(JSON.parse(pieces.join('')), input);
    assert.equal((events.at(-2)?.data['delta'] as { stop_reason: string }).stop_reason, 'tool_use');
  });

  it('closes a stalled stream when the fake closes, so tests never hang', async () => {
    const own = await startFakeAnthropic();
    own.enqueue(interrupted('stall', 1, { text: ['a', 'b'] }));
    const response = await fetch(`${own.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.apiKey}`, 'anthropic-version': '2026-10-21' },
      body: JSON.stringify({ ...MESSAGE, stream: true }),
    });
    const reading = response.text().then(
      () => 'ended',
      () => 'failed',
    );
    await own.waitForRequests(1, 1000);
    const started = Date.now();
    await own.close();
    assert.equal(await reading, 'failed', 'the client should see the stalled stream break');
    assert.ok(Date.now() - started < 1000, 'close() must not wait for the stall');
    assert.equal(own.requests[0]?.completed, false);
    assert.ok(own.requests[0]?.closedAt !== undefined, 'closedAt should be recorded');
  });

  it('uses the answer and default scenario it was started with', async () => {
    const own = await startFakeAnthropic({ answer: (r) => `You asked ${r.model ?? '?'}`, defaultScenario: ok({ usage: { cacheReadTokens: 9 } }) });
    try {
      const message = JSON.parse((await post(own, '/v1/messages', MESSAGE)).text) as { content: { text: string }[]; usage: Record<string, number> };
      assert.equal(message.content[0]?.text, 'You asked claude-haiku-5-5');
      assert.equal(message.usage['cache_read_input_tokens'], 9);
    } finally {
      await own.close();
    }
  });

  it('says how many requests arrived when waitForRequests times out', async () => {
    await assert.rejects(fake.waitForRequests(1, 50), /saw 0 of 1 expected requests within 50 ms/);
  });

  it('gives short deterministic canned answers by kind of prompt', () => {
    const ask = (content: string): string => cannedAnswer({ messages: [{ role: 'user', content }] });
    const completion = ask('<fim_prefix>def total(xs):\n    result = sum(xs)\n<fim_suffix><fim_middle>');
    assert.equal(completion, 'return result', 'a completion is one line of code in the prompt language');
    assert.match(ask('Write tests for function slugify'), /```ts[\s\S]*describe\('slugify'[\s\S]*```/);
    assert.match(ask('Explain function parse'), /\*\*In short:\*\* `parse`/);
    assert.equal(ask('Explain function parse'), ask('Explain function parse'), 'same prompt, same answer');
    const blocks = cannedAnswer({ messages: [{ role: 'user', content: [{ type: 'text', text: 'please explain this' }] }] });
    assert.match(blocks, /In short/, 'content given as blocks is read too');
  });
});
