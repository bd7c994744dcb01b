/**
 * bench/chat: the chat webview's cost in headless Chromium, with dist/chat.js as shipped.
 * 1. Render time per delta of a 2,000-delta answer, worst case: every delta gets its own frame
 *    (requestAnimationFrame runs at once), so the time includes lexing and rebuilding the DOM.
 *    Target: p95 under 2 ms.
 * 2. JS heap after showing 50 long conversations one after another (after a forced GC).
 * Run with `npm run bench:chat` (needs `npm run build` and Debian's chromium).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { summarize, writeResult } from './stats';

const root = join(__dirname, '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'];

/**
 * Runs in the page: a stand-in for the VS Code webview API and a requestAnimationFrame that runs
 * at once (returning no handle, so the next delta schedules its own render).
 */
const PRELUDE = `
  window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
  window.requestAnimationFrame = (callback) => { callback(performance.now()); return undefined; };
  window.send = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
`;

/** The page's globals the benchmark uses. */
interface BenchPage {
  send(data: unknown): void;
  gc(): void;
  document: { querySelector(selector: string): { textContent: string | null } | null; getElementsByTagName(name: string): { length: number } };
  performance: { now(): number; memory: { usedJSHeapSize: number } };
  crossOriginIsolated: boolean;
}

/**
 * Serves the page cross-origin isolated: only then does performance.now() resolve microseconds
 * (otherwise Chromium rounds it to 100 µs, too coarse for a per-delta time).
 */
function servePage(): Promise<{ url: string; close(): void }> {
  const files: Record<string, [string, string]> = {
    '/': ['text/html', `<!DOCTYPE html><html><head><link rel="stylesheet" href="/chat.css"></head><body><div id="root"></div><script src="/prelude.js"></script><script src="/chat.js"></script></body></html>`],
    '/chat.css': ['text/css', readFileSync(join(root, 'media', 'chat.css'), 'utf8')],
    '/prelude.js': ['text/javascript', PRELUDE],
    '/chat.js': ['text/javascript', readFileSync(join(root, 'dist', 'chat.js'), 'utf8')],
  };
  const server = createServer((request, response) => {
    const file = files[request.url ?? '/'];
    response.writeHead(file ? 200 : 404, {
      'content-type': file?.[0] ?? 'text/plain',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    response.end(file?.[1] ?? '');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() })));
}

function answerDeltas(count: number): string[] {
  const pieces = ['Here is ', 'the **plan**', ':\n\n', '1. Read ', '`config.ts`', '\n', '2. Write tests', '\n\n', '```ts\n', 'const x = ', '42;\n', '```\n\n', 'Then ', 'we ', 'ship it. '];
  return Array.from({ length: count }, (_, i) => pieces[i % pieces.length]);
}

function conversation(index: number): unknown[] {
  return Array.from({ length: 20 }, (_, i) => ({
    id: `c${index}-m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    text: i % 2 === 0 ? `Question ${i} about module ${index}?` : `Answer ${i}.\n\n\`\`\`ts\n${'export const value = compute(input);\n'.repeat(40)}\`\`\`\n\n${'Some explanation of the change. '.repeat(30)}`,
    status: 'done',
    ...(i % 2 === 1 ? { footer: { model: 'claude-sonnet-5-5', tier: 'balanced', rule: 'taskKind:explain', reasons: ['Explanation → balanced'], inputTokens: 1200, outputTokens: 800, cacheReadTokens: 0, cacheWriteTokens: 0, cost: '$0.0104' } } : {}),
  }));
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const site = await servePage();
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
    await page.goto(site.url);
    if (!(await page.evaluate(() => (globalThis as unknown as BenchPage).crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated: timings would be rounded to 100 µs');
    const state = (messages: unknown[]) => ({ type: 'state', conversationId: 'bench', messages, conversations: [], tier: 'auto', demo: false });

    const deltas = answerDeltas(2000);
    const timings = await page.evaluate(
      ({ deltas, initial }) => {
        const w = (globalThis as unknown as BenchPage);
        w.send(initial);
        w.send({ type: 'append', message: { id: 'a', role: 'assistant', text: '', status: 'streaming' } });
        const samples: number[] = [];
        for (const text of deltas) {
          const start = w.performance.now();
          w.send({ type: 'delta', id: 'a', text });
          samples.push(w.performance.now() - start);
        }
        const shown = w.document.querySelector('.message.assistant .body')?.textContent ?? '';
        return { samples, shownChars: shown.length };
      },
      { deltas, initial: state([{ id: 'q', role: 'user', text: 'Plan the change', status: 'done' }]) },
    );
    const perDelta = summarize(timings.samples);
    // The rendered answer must hold (about) all the text; otherwise the deltas were not rendered.
    if (timings.shownChars < deltas.join('').length * 0.5) throw new Error(`only ${timings.shownChars} characters were rendered`);

    const heap = () =>
      page.evaluate(() => {
        (globalThis as unknown as BenchPage).gc();
        return (globalThis as unknown as BenchPage).performance.memory.usedJSHeapSize;
      });
    const heapBefore = await heap();
    for (let i = 0; i < 50; i++) await page.evaluate((data) => (globalThis as unknown as BenchPage).send(data), state(conversation(i)));
    const heapAfter = await heap();
    const domNodes = await page.evaluate(() => (globalThis as unknown as BenchPage).document.getElementsByTagName('*').length);

    const TARGET_P95_MS = 2;
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const f = (x: number) => x.toFixed(3);
    const summary = [
      `chat render per delta (${deltas.length} deltas, every delta its own frame): p50 ${f(perDelta.p50)} ms, p95 ${f(perDelta.p95)} ms, max ${f(perDelta.max)} ms (target p95 < ${TARGET_P95_MS} ms: ${perDelta.p95 < TARGET_P95_MS ? 'met' : 'MISSED'})`,
      `JS heap: ${mb(heapBefore)} MB after the answer, ${mb(heapAfter)} MB after showing 50 long conversations (${domNodes} DOM nodes on screen)`,
    ];
    const path = writeResult('chat', {
      unit: 'ms',
      deltas: deltas.length,
      answerChars: deltas.join('').length,
      perDelta,
      targetP95Ms: TARGET_P95_MS,
      meetsTarget: perDelta.p95 < TARGET_P95_MS,
      heapMbAfterFirstAnswer: mb(heapBefore),
      heapMbAfter50Conversations: mb(heapAfter),
      domNodesShown: domNodes,
      summary,
    });
    summary.forEach((line) => console.log(line));
    console.log(`written to ${path}`);
  } finally {
    await browser.close();
    site.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
