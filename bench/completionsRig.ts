/**
 * The rig bench/completions runs on: the real completion pipeline (Completer → Engine → Anthropic
 * adapter → loopback fake, ledger in a JSONL file) with a fetch that timestamps when a request
 * leaves and when its last byte arrives, and a provider call that does what the VS Code adapter
 * does before the core: the gate and the hole read around the cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { CompleterDeps, Suggestion } from '../src/core/completions/completer';
import { Completer } from '../src/core/completions/completer';
import { completionsBlocked } from '../src/core/completions/completionGate';
import type { Hole } from '../src/core/completions/hole';
import { holeAt } from '../src/core/completions/hole';
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import { Engine } from '../src/core/engine';
import type { RunOptions } from '../src/core/engine';
import { JsonlLedgerStore } from '../src/node/jsonlLedgerStore';
import { Ledger } from '../src/core/spend/ledger';
import { OverrideState } from '../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../src/core/routing/policy';
import { createAnthropicClient } from '../src/llm/anthropicClient';
import type { FakeAnthropic } from '../test/fakes/fakeAnthropic';

export const DOCUMENT_KEY = 'file:///bench/src/cart.ts';
const BUDGETS = { prefixChars: DEFAULT_CONFIG['completions.prefixChars'], suffixChars: DEFAULT_CONFIG['completions.suffixChars'] };

/** Moments of the latest request, from performance.now(). */
export interface WireMarks {
  sent: number;
  lastByte: number;
}

export interface Rig {
  readonly completer: Completer;
  readonly ledger: Ledger;
  readonly store: JsonlLedgerStore;
  readonly marks: WireMarks;
  /** Characters streamed so far per request, in order of sending (the cancel benchmark reads it). */
  readonly streamed: number[];
  /** Where the simulated editor's cursor is; the core asks when it decides to abort. */
  cursor: Hole | undefined;
  /** What the VS Code adapter does for a provider call: gate, hole, completer. */
  provide(text: string, offset: number, signal: AbortSignal): Promise<Suggestion | undefined>;
  /** Stops the completer and deletes the ledger once its last write in the background is done. */
  close(): Promise<void>;
}

/** A fetch that notes when a request leaves and when the last chunk of its body arrives. */
function timedFetch(marks: WireMarks): typeof fetch {
  return async (input, init) => {
    marks.sent = performance.now();
    const response = await fetch(input, init);
    if (response.body === null) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          marks.lastByte = performance.now();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export function createRig(fake: FakeAnthropic, options: { debounceMs: number; graceMs?: number }): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'bench-completions-'));
  const store = new JsonlLedgerStore(join(dir, 'ledger.jsonl'));
  const ledger = new Ledger({ store, sessionId: 'bench' });
  const marks: WireMarks = { sent: 0, lastByte: 0 };
  const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, fetch: timedFetch(marks) });
  const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => console.error(message) };
  const engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => client, log: quiet });
  const streamed: number[] = [];
  const run: CompleterDeps['run'] = (options: RunOptions) => {
    const index = streamed.push(0) - 1;
    return engine.run({
      ...options,
      onDelta: (delta) => {
        if (delta.type === 'text') streamed[index] += delta.text.length;
        options.onDelta?.(delta);
      },
    });
  };
  const rig: Rig = {
    completer: new Completer({ run, debounceMs: () => options.debounceMs, currentHole: () => rig.cursor, log: quiet, ...(options.graceMs ? { graceMs: options.graceMs } : {}) }),
    ledger,
    store,
    marks,
    streamed,
    cursor: undefined,
    provide(text, offset, signal) {
      const facts = { languageId: 'typescript', absolutePath: '/bench/src/cart.ts', relativePath: 'src/cart.ts', untitled: false, length: text.length, sample: text.slice(0, 8192) };
      if (completionsBlocked(facts, DEFAULT_CONFIG) !== undefined) return Promise.resolve(undefined);
      const before = text.slice(Math.max(0, offset - BUDGETS.prefixChars - 1), offset);
      const hole = holeAt(before, text.slice(offset, offset + BUDGETS.suffixChars + 1), BUDGETS);
      return rig.completer.provide({ documentKey: DOCUMENT_KEY, path: 'src/cart.ts', languageId: 'typescript', hole }, signal);
    },
    async close() {
      rig.completer.dispose();
      await delay(250);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** The hole at the end of `text`, as the rig's provide() builds it. */
export function holeAtEnd(text: string): Hole {
  return holeAt(text.slice(-BUDGETS.prefixChars - 1), '', BUDGETS);
}
