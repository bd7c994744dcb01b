// One "VS Code window" for the multi-process ledger test: a separate Node process that loads the
// shared JSONL ledger through the real store, as activation does, waits for a common start moment
// so the processes overlap, then records requests as fast as it can and prints what it loaded.
// Usage: node ledgerWindow.js <file> <sessionId> <count> <startAtEpochMs>
import { JsonlLedgerStore } from '../../../src/node/jsonlLedgerStore';
import { Ledger } from '../../../src/core/spend/ledger';
import { usageOf } from '../../../src/core/model/usage';

async function main(): Promise<void> {
  const [file, sessionId, count, startAt] = process.argv.slice(2);
  const ledger = new Ledger({ store: new JsonlLedgerStore(file), sessionId });
  const loaded = await ledger.load();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < Number(count); i++) {
    // Requests finish in small groups over a few hundred milliseconds, as they do in a busy window,
    // so the two processes' writes overlap for the whole run rather than for a moment.
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    writes.push(
      ledger.record({
        surface: 'completion',
        taskKind: 'completion',
        tier: 'fast',
        model: 'claude-haiku-5-5',
        rule: 'taskKind:completion',
        // A long reason makes each line a few kilobytes, so an interleaved write would show.
        reasons: [`${sessionId} request ${i} `.padEnd(3000, '.')],
        usage: usageOf({ inputTokens: 100 + i, outputTokens: 10 }),
        costMicros: 15 + i,
        frontierModel: 'claude-opus-5-5',
        frontierCostMicros: 500,
        latencyMs: 50,
        outcome: 'ok',
      }),
    );
  }
  await Promise.all(writes);
  process.stdout.write(JSON.stringify({ loaded }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
