/**
 * bench/load: 500 inline completion triggers in 10 s through the real completion pipeline, the
 * fake answering each request after 50–200 ms (see bench/loadRig.ts). Reports requests sent per
 * trigger, completion latency p50/p95, the heap before, at its peak and after (each after a full
 * GC), the open handles before and after, and whether the ledger's totals equal the usage the
 * fake reported. Writes bench/results/load.json. Run with `npm run bench:load`
 * (`-- --debounce N` to change the debounce from the default 75 ms).
 */
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import { grownHandles, runCompletionLoad } from './loadRig';
import { writeResult } from './stats';

const debounceArgument = process.argv.indexOf('--debounce');
const DEBOUNCE_MS = debounceArgument > 0 ? Number(process.argv[debounceArgument + 1]) : DEFAULT_CONFIG['completions.debounceMs'];

async function main(): Promise<void> {
  // A short run first, so module loading and JIT warm-up do not count as growth of the heap.
  await runCompletionLoad({ triggers: 50, seconds: 1, seed: 1, debounceMs: 0, burst: 10 });
  const runs = [];
  // With the default debounce, and without it: every trigger then sends, the worst case for aborts.
  for (const debounceMs of DEBOUNCE_MS === 0 ? [0] : [DEBOUNCE_MS, 0]) {
    const result = await runCompletionLoad({ triggers: 500, seconds: 10, seed: 42, debounceMs, burst: 10 });
    const f = result.figures as Record<string, unknown> & { completionLatencyMs: Record<string, number>; heapMb: Record<string, number> };
    console.log(
      `debounce ${debounceMs} ms: ${f.triggers} triggers in ${f.burstMs} ms → ${f.requestsSent} requests (${f.requestsFinished} finished, ${f.requestsCutShort} cut short), ` +
        `${f.suggestionsShown} suggestions, latency p50 ${f.completionLatencyMs.p50} ms / p95 ${f.completionLatencyMs.p95} ms; ` +
        `heap ${f.heapMb.before} → peak ${f.heapMb.peak} → ${f.heapMb.after} MB; handles grown: ${grownHandles(result.handlesBefore, result.handlesAfter).join(', ') || 'none'}; ` +
        `ledger = fake for the ${result.reconciled.exact.records} answers read: ${String(f.ledgerMatchesFake)} (${result.reconciled.exact.ledgerMicros} µ$ vs ${result.reconciled.exact.fakeMicros} µ$); ` +
        `${result.reconciled.estimated.records} cancelled before their usage arrived, estimated at ${result.reconciled.estimated.micros} µ$`,
    );
    runs.push(result.figures);
  }
  const summary = runs.map((run) => {
    const f = run as Record<string, unknown> & { completionLatencyMs: Record<string, number>; heapMb: Record<string, number> };
    return (
      `debounce ${String(f.debounceMs)} ms: ${String(f.triggers)} triggers in ${String(f.burstMs)} ms → ${String(f.requestsSent)} requests, ${String(f.suggestionsShown)} suggestions; ` +
      `latency p50 ${f.completionLatencyMs.p50} ms, p95 ${f.completionLatencyMs.p95} ms (fake answering after 50–200 ms); heap ${f.heapMb.before} → peak ${f.heapMb.peak} → ${f.heapMb.after} MB after a full GC; ` +
      `ledger equals the fake's usage for every answer the client read: ${String(f.ledgerMatchesFake)}; ${String(f.ledgerRecordsEstimated)} requests cancelled before their usage arrived are recorded as estimates (${String(f.estimatedCostMicros)} µ$)`
    );
  });
  console.log(`wrote ${writeResult('load', { summary, runs })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
