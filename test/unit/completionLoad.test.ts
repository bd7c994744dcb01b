// Inline completions under a burst of triggers, through the real pipeline over HTTP to the fake
// (bench/loadRig.ts; bench/load runs the full 500 in 10 s for its figures).
import assert from 'node:assert/strict';
import { grownHandles, runCompletionLoad } from '../../bench/loadRig';
import type { Usage } from '../../src/core/model/usage';

describe('inline completions under a burst of triggers', () => {
  for (const debounceMs of [0, 75]) {
    it(`debounce ${debounceMs} ms, 100 triggers in 2 s: the ledger holds exactly the usage the fake reported for every answer the client read, marks the rest as estimated, and no handle stays open`, async function () {
      this.timeout(60_000);
      const result = await runCompletionLoad({ triggers: 100, seconds: 2, seed: 3, debounceMs, burst: 10 });
      const { reconciled } = result;
      assert.ok(reconciled.exact.records > 0, `no answer reached the client in full: ${JSON.stringify(result.figures)}`);
      const tokens = (u: Usage) => ({ input: u.inputTokens, output: u.outputTokens, cacheRead: u.cacheReadTokens, cacheWrite5m: u.cacheWrite5mTokens, cacheWrite1h: u.cacheWrite1hTokens });
      assert.equal(reconciled.unknownIds, 0, 'every exact record carries the id of a request the fake answered');
      assert.deepEqual(tokens(reconciled.exact.ledger), tokens(reconciled.exact.fake), 'tokens in the ledger = tokens the fake reported, request by request');
      assert.equal(reconciled.exact.ledgerMicros, reconciled.exact.fakeMicros, 'dollars, to the micro-dollar');
      assert.equal(reconciled.unansweredWithUsage, 0, 'a request that got no answer and is not marked estimated bills nothing');
      assert.ok(reconciled.finishedButUnread <= reconciled.estimated.records, 'an answer the client let go unread is recorded as an estimate, not lost');
      assert.equal(result.ledger.fileRecords, result.ledger.requests, 'every request counted is in the file');
      assert.ok(result.ledger.requests >= reconciled.sent, 'every request sent is in the ledger');
      assert.deepEqual(grownHandles(result.handlesBefore, result.handlesAfter), [], 'open handles are back to where they were');
    });
  }
});
