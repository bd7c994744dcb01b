/**
 * A simulated user typing a TypeScript file key by key, with VS Code's behaviour around the
 * provider: each keystroke cancels the call in progress, and a new call comes 50 ms after the
 * last change (VS Code's own inline-completion debounce). The "model" behind the fake knows the
 * file: for 40% of the holes it answers the rest of the current line; for the others it starts
 * right and then goes wrong, so the user types through part of it and then over it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import { HOLE } from '../src/core/prompts/completionPrompt';
import type { RecordedRequest } from '../test/fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../test/fakes/fakeAnthropic';
import { lastUserText } from '../test/fakes/cannedAnswers';
import { createRig, DOCUMENT_KEY, holeAtEnd } from './completionsRig';
import { seededRandom } from './stats';

/** VS Code 1.139 waits this long after a change before it calls inline completion providers. */
const VSCODE_DEBOUNCE_MS = 50;

export const TARGET = `import type { Item } from './item';

export interface Totals {
  readonly count: number;
  readonly sum: number;
  readonly average: number;
}

export function totals(items: readonly Item[]): Totals {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  const count = items.length;
  const average = count === 0 ? 0 : sum / count;
  return { count, sum, average };
}

export function cheapest(items: readonly Item[]): Item | undefined {
  let best: Item | undefined;
  for (const item of items) {
    if (best === undefined || item.price < best.price) best = item;
  }
  return best;
}

export function byCategory(items: readonly Item[]): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const group = groups.get(item.category) ?? [];
    group.push(item);
    groups.set(item.category, group);
  }
  return groups;
}
`;

/** The model's answer: the rest of the line as in TARGET for 40% of holes, else a third of it and then a wrong guess. */
export function modelAnswer(request: RecordedRequest): string {
  const prompt = lastUserText(request.body);
  const start = prompt.indexOf('">\n') + 3;
  const position = prompt.indexOf(HOLE) - start;
  const end = TARGET.indexOf('\n', position);
  const rest = TARGET.slice(position, end < 0 ? undefined : end);
  return seededRandom(position)() < 0.4 ? rest : `${rest.slice(0, Math.floor(rest.length / 3))}value;`;
}

export interface TypingResult {
  readonly fakeLatencyMs: number;
  readonly keystrokes: number;
  readonly providerCalls: number;
  readonly requests: number;
  readonly requestsPer100Keystrokes: number;
  readonly cacheHits: number;
  readonly inFlightHits: number;
  readonly aborted: number;
  readonly suggestionsShown: number;
  /** Shown suggestions that were what the user then typed. */
  readonly suggestionsRight: number;
}

/** Time to the next key: mostly 60-160 ms, sometimes a pause to think, longer after a line. */
function nextInterval(random: () => number, typedNewline: boolean): number {
  if (typedNewline) return 300 + random() * 400;
  if (random() < 0.08) return 300 + random() * 600;
  return 60 + random() * 100;
}

export async function simulateTyping(keystrokes: number, fakeLatencyMs: number, seed = 7): Promise<TypingResult> {
  const fake = await startFakeAnthropic({ defaultScenario: ok({ latencyMs: fakeLatencyMs }), answer: modelAnswer });
  const rig = createRig(fake, { debounceMs: DEFAULT_CONFIG['completions.debounceMs'] });
  const random = seededRandom(seed);
  let typed = TARGET.slice(0, TARGET.indexOf('export function'));
  let call: { controller: AbortController; timer: NodeJS.Timeout } | undefined;
  let shown = 0;
  let right = 0;
  try {
    for (let key = 0; key < keystrokes && typed.length < TARGET.length; key++) {
      call?.controller.abort();
      if (call) clearTimeout(call.timer);
      typed = TARGET.slice(0, typed.length + 1);
      rig.cursor = holeAtEnd(typed);
      rig.completer.documentChanged(DOCUMENT_KEY);
      const controller = new AbortController();
      const text = typed;
      const timer = setTimeout(() => {
        void rig.provide(text, text.length, controller.signal).then((suggestion) => {
          if (suggestion === undefined || controller.signal.aborted) return;
          shown++;
          if (TARGET.startsWith(text + suggestion.text)) right++;
        });
      }, VSCODE_DEBOUNCE_MS);
      call = { controller, timer };
      await sleep(nextInterval(random, typed.endsWith('\n')));
    }
    await sleep(1000 + fakeLatencyMs); // the last call settles
  } finally {
    await rig.close();
    await fake.close();
  }
  const { stats } = rig.completer;
  return {
    fakeLatencyMs,
    keystrokes,
    providerCalls: stats.calls,
    requests: fake.requests.length,
    requestsPer100Keystrokes: Number(((100 * fake.requests.length) / keystrokes).toFixed(1)),
    cacheHits: stats.cacheHits,
    inFlightHits: stats.inFlightHits,
    aborted: stats.aborted,
    suggestionsShown: shown,
    suggestionsRight: right,
  };
}
