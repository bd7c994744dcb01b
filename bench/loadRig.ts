/**
 * A burst of inline completion triggers through the real completion pipeline (bench/completionsRig:
 * gate, hole, cache, Completer, Engine, Anthropic adapter over HTTP, JSONL ledger) against the
 * loopback fake answering each request after a seeded 50–200 ms. It behaves as VS Code does: each
 * trigger is a provider call for a hole one keystroke longer, and the next trigger cancels the
 * previous call. Used by bench/load (figures) and a unit test (correctness, smaller).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { costOf, microsOrNull } from '../src/core/spend/pricing';
import type { Usage } from '../src/core/model/usage';
import { usageOf, ZERO_USAGE } from '../src/core/model/usage';
import type { SpendRecord } from '../src/core/spend/spendRecord';
import { parseLedgerLine } from '../src/core/spend/spendRecord';
import type { RecordedRequest } from '../test/fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../test/fakes/fakeAnthropic';
import { createRig, holeAtEnd } from './completionsRig';
import { seededRandom, summarize } from './stats';

export interface LoadOptions {
  readonly triggers: number;
  readonly seconds: number;
  readonly seed: number;
  readonly debounceMs: number;
  /** Triggers per burst of typing; a pause to the burst's time slot follows each burst. */
  readonly burst: number;
}

export interface LoadResult {
  readonly figures: Record<string, unknown>;
  /** What the ledger holds in all (exact and estimated records). */
  readonly ledger: { readonly usage: Usage; readonly costMicros: number; readonly requests: number; readonly fileRecords: number };
  /** The ledger against the fake, request by request. */
  readonly reconciled: Reconciliation;
  readonly handlesBefore: Record<string, number>;
  readonly handlesAfter: Record<string, number>;
}

/** A full collection: with --expose-gc, or V8's flag set at run time. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc') as () => void;
}

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Handle types whose count is above the baseline. */
export function grownHandles(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(after)
    .filter(([type, count]) => count > (before[type] ?? 0))
    .map(([type, count]) => `${type} ${before[type] ?? 0} → ${count}`);
}

/**
 * The ledger against the fake, request by request (the fake's `request-id` is stored with each
 * record). A record is exact when the API's report reached the client in full; its usage must then
 * equal what the fake delivered, to the token and the micro-dollar. A request the client let go
 * before reading its report (cancelled while waiting, or typed past) is recorded with the client's
 * estimate and marked as such: the API may bill a prompt it began processing.
 */
export interface Reconciliation {
  readonly sent: number;
  readonly records: number;
  readonly exact: { readonly records: number; readonly ledger: Usage; readonly ledgerMicros: number; readonly fake: Usage; readonly fakeMicros: number };
  readonly estimated: { readonly records: number; readonly usage: Usage; readonly micros: number };
  /** Exact records whose request id the fake never issued: must be none. */
  readonly unknownIds: number;
  /** Records neither estimated nor answered (no request id) that still bill tokens: must be none. */
  readonly unansweredWithUsage: number;
  /** Requests the fake finished whose record is not exact: the client let go before reading them. */
  readonly finishedButUnread: number;
}

export function reconcile(records: readonly SpendRecord[], requests: readonly RecordedRequest[]): Reconciliation {
  const messages = requests.filter((request) => request.path === '/v1/messages');
  const byId = new Map(messages.map((request) => [request.requestId, request]));
  const estimated = records.filter((record) => record.usageEstimated === true);
  // Exact records with no request id never got an answer's headers (nothing billed, usage zero).
  const exact = records.filter((record) => record.usageEstimated !== true && record.apiRequestId !== undefined);
  const unanswered = records.filter((record) => record.usageEstimated !== true && record.apiRequestId === undefined);
  const found = exact.flatMap((record) => byId.get(record.apiRequestId) ?? []);
  const exactIds = new Set(exact.map((record) => record.apiRequestId));
  const micros = (list: readonly SpendRecord[]) => list.reduce((sum, record) => sum + (record.costMicros ?? 0), 0);
  return {
    sent: messages.length,
    records: records.length,
    exact: {
      records: exact.length,
      ledger: exact.map((record) => record.usage).reduce(addUsage, ZERO_USAGE),
      ledgerMicros: micros(exact),
      fake: found.map(usageFrom).reduce(addUsage, ZERO_USAGE),
      fakeMicros: found.map((request) => microsOrNull(costOf(usageFrom(request), request.model ?? '')) ?? 0).reduce((a, b) => a + b, 0),
    },
    estimated: { records: estimated.length, usage: estimated.map((record) => record.usage).reduce(addUsage, ZERO_USAGE), micros: micros(estimated) },
    unknownIds: exact.length - found.length,
    unansweredWithUsage: unanswered.filter((record) => record.usage.inputTokens + record.usage.outputTokens > 0).length,
    finishedButUnread: messages.filter((request) => request.completed && !exactIds.has(request.requestId)).length,
  };
}

/** The ledger's request records in a JSONL file, for one session or all. */
export function ledgerRecords(path: string, sessionId?: string): SpendRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => parseLedgerLine(line))
    .flatMap((parsed) => (parsed.ok && parsed.entry.type === 'request' && (sessionId === undefined || parsed.entry.sessionId === sessionId) ? [parsed.entry] : []));
}

/** The fake's reported usage in the ledger's form. */
export function usageFrom(request: RecordedRequest): Usage {
  const u = (request.usage ?? {}) as Record<string, number | Record<string, number> | undefined>;
  const creation = (u.cache_creation ?? {}) as Record<string, number>;
  return usageOf({
    inputTokens: u.input_tokens as number,
    outputTokens: u.output_tokens as number,
    cacheReadTokens: u.cache_read_input_tokens as number,
    cacheWrite5mTokens: creation.ephemeral_5m_input_tokens ?? 0,
    cacheWrite1hTokens: creation.ephemeral_1h_input_tokens ?? 0,
  });
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    ...a,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWrite5mTokens: a.cacheWrite5mTokens + b.cacheWrite5mTokens,
    cacheWrite1hTokens: a.cacheWrite1hTokens + b.cacheWrite1hTokens,
  };
}

const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(2);
const SOURCE = 'export function total(items: { price: number }[]): number {\n  return ';

export async function runCompletionLoad(options: LoadOptions): Promise<LoadResult> {
  const gc = collector();
  const random = seededRandom(options.seed);
  // Let the caller's own timers start first (mocha arms a test's timeout once the test returns its promise).
  await sleep(50);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const handlesBefore = handles();

  const fake = await startFakeAnthropic({ answer: () => 'items.reduce((sum, item) => sum + item.price, 0);' });
  for (let i = 0; i < options.triggers * 2; i++) {
    fake.enqueue(ok({ latencyMs: 50 + Math.floor(random() * 151), usage: { inputTokens: 800 + Math.floor(random() * 400), outputTokens: 5 + Math.floor(random() * 20) } }));
  }
  const rig = createRig(fake, { debounceMs: options.debounceMs });
  const latencies: number[] = [];
  let suggestions = 0;
  let heapPeak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
  const calls: Promise<void>[] = [];
  let previous: AbortController | undefined;
  let text = SOURCE;
  const slot = (options.seconds * 1000) / options.triggers;
  const started = performance.now();
  for (let i = 0; i < options.triggers; i++) {
    // A keystroke: VS Code cancels the call in progress and asks again for the longer hole.
    previous?.abort();
    text += 'abcdefghij'[Math.floor(random() * 10)];
    rig.cursor = holeAtEnd(text);
    const controller = new AbortController();
    previous = controller;
    const asked = performance.now();
    calls.push(
      rig.provide(text, text.length, controller.signal).then((suggestion) => {
        if (suggestion === undefined || controller.signal.aborted) return;
        suggestions++;
        latencies.push(performance.now() - asked);
      }),
    );
    // Bursts of typing, each followed by a pause to the end of its slots.
    const endOfBurst = (i + 1) % options.burst === 0;
    await sleep(endOfBurst ? Math.max(0, started + (i + 1) * slot - performance.now()) : 1 + Math.floor(random() * 3));
  }
  const burstMs = performance.now() - started;
  await Promise.all(calls);
  const deadline = Date.now() + 20_000;
  while (fake.requests.some((request) => request.closedAt === undefined) && Date.now() < deadline) await sleep(50);
  clearInterval(sampler);

  const totals = rig.ledger.snapshot().session;
  const requestsCounted = totals.requests;
  const cancelledRecords = totals.byOutcome.cancelled;

  // The ledger writes in the background: wait until the file holds every request counted.
  const fileRecords = (): number => {
    try {
      return readFileSync(rig.store.filePath, 'utf8').split('\n').filter((line) => line.includes('"type":"request"')).length;
    } catch {
      return 0;
    }
  };
  while (fileRecords() < requestsCounted && Date.now() < deadline) await sleep(50);
  const recordsOnDisk = fileRecords();
  // Only the sums are kept: the recorded requests (and their prompts) must not weigh on the heap after.
  const reconciled = reconcile(ledgerRecords(rig.store.filePath), fake.requests);
  const finished = fake.requests.filter((request) => request.path === '/v1/messages' && request.completed).length;
  fake.reset();
  const ledger = { usage: totals.usage, costMicros: totals.costMicros, requests: requestsCounted, fileRecords: recordsOnDisk };

  await rig.close();
  await fake.close();
  // Sockets the client kept alive and the fake's server close; then the handles should be back.
  const settleStarted = performance.now();
  let handlesAfter = handles();
  while (grownHandles(handlesBefore, handlesAfter).length > 0 && performance.now() - settleStarted < 15_000) {
    await sleep(100);
    handlesAfter = handles();
  }
  const settleMs = performance.now() - settleStarted;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  const latency = summarize(latencies);
  return {
    figures: {
      triggers: options.triggers,
      seconds: options.seconds,
      debounceMs: options.debounceMs,
      burstMs: Math.round(burstMs),
      requestsSent: reconciled.sent,
      requestsFinished: finished,
      requestsCutShort: reconciled.sent - finished,
      ledgerRecords: requestsCounted,
      ledgerCancelledRecords: cancelledRecords,
      suggestionsShown: suggestions,
      completionLatencyMs: { p50: Math.round(latency.p50), p95: Math.round(latency.p95), max: Math.round(latency.max), n: latency.n },
      heapMb: { before: mb(heapBefore), peak: mb(heapPeak), after: mb(heapAfter), growth: mb(heapAfter - heapBefore) },
      handles: { before: handlesBefore, after: handlesAfter, settleMs: Math.round(settleMs) },
      ledgerRecordsExact: reconciled.exact.records,
      ledgerRecordsEstimated: reconciled.estimated.records,
      estimatedCostMicros: reconciled.estimated.micros,
      finishedButUnreadByClient: reconciled.finishedButUnread,
      ledgerMatchesFake:
        reconciled.unknownIds === 0 &&
        reconciled.unansweredWithUsage === 0 &&
        reconciled.exact.ledgerMicros === reconciled.exact.fakeMicros &&
        reconciled.exact.ledger.inputTokens === reconciled.exact.fake.inputTokens &&
        reconciled.exact.ledger.outputTokens === reconciled.exact.fake.outputTokens,
      costMicros: ledger.costMicros,
    },
    ledger,
    reconciled,
    handlesBefore,
    handlesAfter,
  };
}
