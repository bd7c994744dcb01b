/**
 * What the extension received is kept: a connection cut mid-answer, or a request cancelled before
 * the API reported anything, through the real client against the loopback fake. The same file runs
 * under the machine's Node and, in `npm run test:integration`, under the Node 24 the VS Code server
 * and its extension host use (test/integration/clientUnderNode24.mjs), because the HTTP client
 * inside Node (fetch) differs between them.
 */
import * as assert from 'node:assert/strict';
import { interrupted, ok } from '../fakes/scenarios';
import { collect, errorOf, request, useFakeApi, waitFor } from './llmTestKit';

const PARTS = ['First part. ', 'Second part. ', 'Third part.'];

describe(`a cut or cancelled stream keeps what arrived (Node ${process.version})`, () => {
  const api = useFakeApi();

  for (let afterDeltas = 1; afterDeltas <= PARTS.length; afterDeltas++) {
    it(`a cut after ${afterDeltas} of ${PARTS.length} deltas keeps every delta the fake wrote, billed from what was reported`, async () => {
      // 20 ms between deltas, as the API's do; the fake cuts right after the last one it writes.
      api.fake.enqueue(interrupted('disconnect', afterDeltas, { text: PARTS, deltaDelayMs: 20, usage: { inputTokens: 1234 } }));
      const { result, deltas } = await collect(api.client(), request());
      const sent = PARTS.slice(0, afterDeltas).join('');
      const shown = deltas.map((delta) => (delta.type === 'text' ? delta.text : '')).join('');
      assert.equal(shown, sent, 'every delta the fake wrote reaches the caller');
      assert.equal(result.text, sent, 'the result keeps the text the caller was shown');
      const error = errorOf(result);
      assert.equal(error.kind, 'network');
      assert.equal(error.midStream, true);
      assert.equal(result.usage.inputTokens, 1234, 'the input the API reported at message_start is billed exactly');
      assert.ok(result.usage.outputTokens >= Math.ceil(sent.length / 4), `the output that streamed is billed (got ${result.usage.outputTokens})`);
      assert.equal(result.usageEstimated, true, 'output without its final count is marked as estimated');
      assert.equal(result.requestId, api.fake.requests[0]?.requestId, "the API's request id is kept for the ledger");
    });
  }

  it('a request cancelled while the API has not answered yet records its estimated input, marked as estimated', async () => {
    api.fake.enqueue(ok({ latencyMs: 2000 }));
    const controller = new AbortController();
    const pending = collect(api.client(), request({ signal: controller.signal }));
    await waitFor(() => api.fake.requests.length === 1, 'the request to reach the fake');
    controller.abort();
    const { result } = await pending;
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.usageEstimated, true);
    assert.ok(result.usage.inputTokens > 0, 'the API may bill a prompt it began processing: the estimate is recorded, not nothing');
    assert.equal(result.usage.outputTokens, 0);
    assert.equal(api.fake.requests[0]?.usage, undefined, 'the fake delivered no usage, so it counts none');
  });

  it('a request cancelled before it was sent costs nothing and is not an estimate', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await collect(api.client(), request({ signal: controller.signal }));
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.usageEstimated, undefined);
    assert.equal(result.usage.inputTokens, 0);
    assert.equal(api.fake.requests.length, 0);
  });

  it('a finished answer is exact: not estimated, with the request id and the usage the fake delivered', async () => {
    api.fake.enqueue(ok({ text: PARTS, usage: { inputTokens: 50, outputTokens: 9 } }));
    const { result } = await collect(api.client(), request());
    assert.equal(result.outcome, 'ok');
    assert.equal(result.usageEstimated, undefined);
    assert.deepEqual([result.usage.inputTokens, result.usage.outputTokens], [50, 9]);
    assert.equal(result.requestId, api.fake.requests[0]?.requestId);
    assert.equal(api.fake.requests[0]?.usage?.['output_tokens'], 9, 'the fake counts the final usage it delivered');
  });
});
