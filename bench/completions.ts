/**
 * bench/completions: what inline completions cost beyond the model, in plain Node against the
 * loopback fake of the API (the real pipeline: gate, hole, cache, Completer, Engine, Anthropic
 * adapter, JSONL ledger).
 * 1. The extension's own time per completion, with the fake answering at once and no debounce:
 *    from the provider call to the request leaving (fetch called), and from the last byte of the
 *    answer to the suggestion returned. Target: p95 under 5 ms each.
 * 2. Requests per 100 keystrokes of simulated typing through the debounce, the cache and the
 *    reuse of requests in flight; with the fake answering at once, and after 300 ms.
 * 3. Output tokens billed for cancelled completions: nothing beyond what had streamed.
 * Run with `npm run bench:completions` (`-- --keys N` for a longer typing run).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ok, startFakeAnthropic } from '../test/fakes/fakeAnthropic';
import { createRig, holeAtEnd } from './completionsRig';
import { simulateTyping, TARGET } from './completionsTyping';
import { summarize, writeResult } from './stats';

const TARGET_P95_MS = 5;
const CHARS_PER_TOKEN = 3.5; // the adapter's estimate of output a broken stream billed
const keysArgument = process.argv.indexOf('--keys');
const KEYSTROKES = keysArgument > 0 ? Number(process.argv[keysArgument + 1]) : 200;

/** A source file of a few KB with the cursor at the end of a new line: every hole is different. */
function fileWithHole(i: number): string {
  return `${TARGET.repeat(3)}\nexport const limit${i} = `;
}

async function measureOverhead(samples: number, warmup: number) {
  const fake = await startFakeAnthropic({ answer: () => 'items.length * 2;' });
  const rig = createRig(fake, { debounceMs: 0 });
  const toRequest: number[] = [];
  const afterLastByte: number[] = [];
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const text = fileWithHole(i);
      rig.cursor = holeAtEnd(text);
      const started = performance.now();
      const suggestion = await rig.provide(text, text.length, new AbortController().signal);
      const returned = performance.now();
      if (suggestion?.text !== 'items.length * 2;') throw new Error(`completion ${i} came back as ${JSON.stringify(suggestion)}`);
      if (i < warmup) continue;
      toRequest.push(rig.marks.sent - started);
      afterLastByte.push(returned - rig.marks.lastByte);
    }
  } finally {
    await rig.close();
    await fake.close();
  }
  return { toRequest: summarize(toRequest), afterLastByte: summarize(afterLastByte) };
}

async function measureCancelled(count: number) {
  const answer = Array.from({ length: 60 }, (_, i) => `part${i}`).join(' + ');
  const fake = await startFakeAnthropic({ defaultScenario: ok({ deltaDelayMs: 15 }), answer: () => answer });
  const rig = createRig(fake, { debounceMs: 0 });
  const streamedAtCancel: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const text = fileWithHole(i);
      rig.cursor = holeAtEnd(text);
      const controller = new AbortController();
      const pending = rig.provide(text, text.length, controller.signal);
      await sleep(40 + (i % 10) * 20);
      rig.cursor = holeAtEnd(`${text}#`); // a keystroke no answer starting "part0" can match
      streamedAtCancel.push(rig.streamed[rig.streamed.length - 1]);
      controller.abort();
      await pending;
    }
    await sleep(200);
    const { entries } = await rig.store.load();
    const cancelled = entries.flatMap((entry) => (entry.type === 'request' && entry.outcome === 'cancelled' ? [entry] : []));
    if (cancelled.length !== count) throw new Error(`expected ${count} cancelled completions in the ledger, found ${cancelled.length}`);
    const billed = cancelled.map((entry) => entry.usage.outputTokens);
    const bound = streamedAtCancel.map((chars) => Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN)));
    const closedEarly = fake.requests.filter((request) => !request.completed && request.closedAt !== undefined).length;
    return {
      completions: count,
      closedEarlyByTheFake: closedEarly,
      outputTokensBilled: billed.reduce((a, b) => a + b, 0),
      outputTokensStreamedBeforeCancel: bound.reduce((a, b) => a + b, 0),
      outputTokensOfTheWholeAnswers: count * Math.ceil(Math.min(answer.length, 64 * 4) / 4),
      billedBeyondStreamed: billed.filter((tokens, i) => tokens > bound[i]).length,
    };
  } finally {
    await rig.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const overhead = await measureOverhead(300, 50);
  const typing = [await simulateTyping(KEYSTROKES, 0), await simulateTyping(KEYSTROKES, 300)];
  const cancelled = await measureCancelled(30);
  const meetsTarget = overhead.toRequest.p95 < TARGET_P95_MS && overhead.afterLastByte.p95 < TARGET_P95_MS && cancelled.billedBeyondStreamed === 0;
  const f = (x: number) => x.toFixed(2);
  const summary = [
    `provider call → request leaves: p50 ${f(overhead.toRequest.p50)} ms, p95 ${f(overhead.toRequest.p95)} ms`,
    `last byte → suggestion returned: p50 ${f(overhead.afterLastByte.p50)} ms, p95 ${f(overhead.afterLastByte.p95)} ms (target p95 < ${TARGET_P95_MS} ms: ${meetsTarget ? 'met' : 'MISSED'})`,
    ...typing.map(
      (run) =>
        `typing ${run.keystrokes} keys, fake answering after ${run.fakeLatencyMs} ms: ${run.requests} requests (${run.requestsPer100Keystrokes} per 100 keystrokes) for ${run.providerCalls} provider calls; ` +
        `${run.cacheHits} from the cache, ${run.inFlightHits} from requests in flight, ${run.aborted} aborted; ${run.suggestionsShown} shown, ${run.suggestionsRight} of them right`,
    ),
    `${cancelled.completions} cancelled completions: ${cancelled.outputTokensBilled} output tokens billed, ${cancelled.outputTokensStreamedBeforeCancel} had streamed before the cancel, ` +
      `${cancelled.outputTokensOfTheWholeAnswers} for the whole answers; ${cancelled.billedBeyondStreamed} billed beyond what streamed`,
  ];
  const path = writeResult('completions', { unit: 'ms', overhead, typing, cancelled, targetP95Ms: TARGET_P95_MS, meetsTarget, summary });
  summary.forEach((line) => console.log(line));
  console.log(`written to ${path}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
