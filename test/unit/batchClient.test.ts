/**
 * The Message Batches client against the fake's batch endpoints, through the real SDK: a batch is
 * created with every request's params, stays in progress until it ends, its JSONL results come back
 * by custom_id whatever their order (succeeded with text and usage, errored with the API's words),
 * an expired batch and a canceled one say so, and what the API refuses is an error, not a throw.
 */
import * as assert from 'node:assert/strict';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import type { BatchRequest } from '../../src/core/batch/batchPort';
import { createBatchClient } from '../../src/llm/batchClient';
import { httpError, ok } from '../fakes/fakeAnthropic';
import { useFakeApi } from './llmTestKit';

const MODEL = 'claude-haiku-5-5';

function requestFor(customId: string, path: string): BatchRequest {
  return { customId, request: { ...buildCommandPrompt({ kind: 'docstring', instruction: `Document ${path}.`, context: [{ label: `file ${path}`, path, text: 'export const x = 1;\n' }] }), model: MODEL } };
}

describe('Message Batches client', function () {
  this.timeout(10_000);
  const api = useFakeApi();
  const client = () => createBatchClient({ apiKey: api.fake.apiKey, baseURL: api.fake.url, maxRetries: 0 });

  it('creates a batch with each request as non-streaming Messages params, in progress until it ends', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts'), requestFor('r1', 'src/b.ts')]);
    assert.ok(created.ok, JSON.stringify(created));
    assert.match(created.value.id, /^msgbatch_/);
    assert.equal(created.value.processing, 'in_progress');
    assert.deepEqual(created.value.counts, { processing: 2, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    assert.ok(Date.parse(created.value.expiresAt) - Date.parse(created.value.createdAt) === 24 * 3600 * 1000, 'a batch expires 24 hours after creation');
    const sent = api.fake.requests.find((r) => r.path === '/v1/messages/batches');
    const requests = sent?.body['requests'] as Array<{ custom_id: string; params: Record<string, unknown> }>;
    assert.deepEqual(requests.map((r) => r.custom_id), ['r0', 'r1']);
    assert.equal(requests[0]?.params['model'], MODEL);
    assert.equal(requests[0]?.params['stream'], undefined, 'batch params are never streamed');
    assert.equal(typeof requests[0]?.params['max_tokens'], 'number');
    assert.equal(sent?.headers['authorization'], '[redacted]', 'the key goes as a Bearer header');
    const retrieved = await client().retrieve(created.value.id);
    assert.ok(retrieved.ok);
    assert.equal(retrieved.value.processing, 'in_progress');
  });

  it('reads the JSONL results by custom_id: text and usage of a success, the API error of a failure', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts'), requestFor('r1', 'src/b.ts')]);
    assert.ok(created.ok);
    api.fake.enqueue(ok({ text: ['```ts\n/** One. */\nexport const x = 1;\n```'], usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 50 } }), httpError(400, { message: 'prompt is too long: 210000 tokens > 200000 maximum' }));
    api.fake.batches.end(created.value.id);
    const ended = await client().retrieve(created.value.id);
    assert.ok(ended.ok);
    assert.equal(ended.value.processing, 'ended');
    assert.deepEqual(ended.value.counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 0 });
    const results = await client().results(created.value.id);
    assert.ok(results.ok, JSON.stringify(results));
    const first = results.value.get('r0');
    assert.equal(first?.type, 'succeeded');
    if (first?.type === 'succeeded') {
      assert.match(first.text, /\/\*\* One\. \*\//);
      assert.deepEqual(first.usage, { inputTokens: 1200, outputTokens: 300, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 50 });
      assert.equal(first.model, MODEL);
    }
    assert.deepEqual(results.value.get('r1'), { type: 'errored', errorType: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' });
  });

  it('through a gateway that reports the API host in results_url, the results are still read through the gateway and nothing goes to that host', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts')]);
    assert.ok(created.ok);
    api.fake.enqueue(ok({ text: ['done'] }));
    api.fake.batches.end(created.value.id);
    // A closed port stands for the API host the gateway's answer names: asking it would fail.
    api.fake.batches.resultsOrigin = 'http://127.0.0.1:9';
    try {
      const results = await client().results(created.value.id);
      assert.ok(results.ok, JSON.stringify(results));
      assert.equal(results.value.get('r0')?.type, 'succeeded');
      assert.ok(api.fake.requests.some((r) => r.path === `/v1/messages/batches/${created.value.id}/results`), 'the results were read from the configured base URL');
    } finally {
      api.fake.batches.resultsOrigin = undefined;
    }
  });

  it('an expired batch gives every unfinished request an expired result', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts')]);
    assert.ok(created.ok);
    api.fake.batches.expire(created.value.id);
    const results = await client().results(created.value.id);
    assert.ok(results.ok);
    assert.deepEqual(results.value.get('r0'), { type: 'expired' });
  });

  it('cancel moves the batch to canceling, then it ends with its requests canceled', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts'), requestFor('r1', 'src/b.ts')]);
    assert.ok(created.ok);
    const canceled = await client().cancel(created.value.id);
    assert.ok(canceled.ok);
    assert.equal(canceled.value.processing, 'canceling');
    const after = await client().retrieve(created.value.id);
    assert.ok(after.ok);
    assert.equal(after.value.processing, 'ended');
    assert.equal(after.value.counts.canceled, 2);
  });

  it('results of a batch still running, a bad custom_id and a wrong key are errors with the API words', async () => {
    const created = await client().create([requestFor('r0', 'src/a.ts')]);
    assert.ok(created.ok);
    const early = await client().results(created.value.id);
    assert.equal(early.ok, false);
    if (!early.ok) assert.match(early.error.message, /No batch `results_url`|still in_progress/);
    const bad = await client().create([requestFor('src/a.ts', 'src/a.ts')]);
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.kind, 'badRequest');
      assert.match(bad.error.message, /custom_id/);
    }
    const refused = await createBatchClient({ apiKey: 'sk-ant-wrong-key-000000000', baseURL: api.fake.url, maxRetries: 0 }).retrieve(created.value.id);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.kind, 'auth');
      assert.doesNotMatch(refused.error.message, /sk-ant-wrong/, 'the key never appears in an error');
    }
  });
});
