// Inline completions under a burst of triggers, through the real pipeline over HTTP to the fake
// (bench/loadRig.ts; bench/load runs the full 500 in 10 s for its figures).
import assert from 'node:assert/strict';
import { grownHandles, runCompletionLoad } from '../../bench/loadRig';
import type { Usage } from '../../src/core/model/usage';

describe('inline completions under a burst of triggers', () => {
  for (const debounceMs of [0, 75]) {
    it(`debounce ${debounceMs} ms, 100 triggers in 2 s: the ledger holds exactly the usage the fake reported, and no handle stays open`, async function () {
      this.timeout(60_000);
      const result = await runCompletionLoad({ triggers: 100, seconds: 2, seed: 3, debounceMs, burst: 10 });
      assert.ok(result.fake.finished > 0, `no answer finished: ${JSON.stringify(result.figures)}`);
      const tokens = (u: Usage) => ({ input: u.inputTokens, output: u.outputTokens, cacheRead: u.cacheReadTokens, cacheWrite5m: u.cacheWrite5mTokens, cacheWrite1h: u.cacheWrite1hTokens });
      assert.deepEqual(tokens(result.ledger.usage), tokens(result.fake.usage), 'tokens in the ledger = tokens the fake reported for the answers it finished');
      assert.equal(result.ledger.costMicros, result.fake.costMicros, 'dollars, to the micro-dollar');
      assert.equal(result.ledger.fileRecords, result.ledger.requests, 'every request counted is in the file');
      assert.ok(result.ledger.requests >= result.fake.sent, 'every request sent is in the ledger');
      assert.deepEqual(grownHandles(result.handlesBefore, result.handlesAfter), [], 'open handles are back to where they were');
    });
  }
});
