// `model-router report --review`: the week view of the spend report in a terminal, over a ledger
// folder of five explanations flagged could-have-been-cheaper (one file given twice), with a policy
// file's thresholds, as text and JSON; and the arguments it refuses.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportCommand } from '../../src/cli/reportCommand';
import { UsageError } from '../../src/cli/io';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { at, note } from './learningFixtures';

const NOW = new Date(2026, 10, 20, 15);

describe('model-router report --review', () => {
  let folder: string;
  const out: string[] = [];
  const errors: string[] = [];
  const io = {
    out: (line: string) => out.push(line),
    err: (line: string) => errors.push(line),
    readFile: (file: string) => fs.readFile(file, 'utf8'),
  };
  beforeEach(async () => {
    out.length = 0;
    errors.length = 0;
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'report-review-'));
    const entries: LedgerEntry[] = [at('old', new Date(2026, 5, 1), 'X', { costMicros: 5_000_000 })];
    for (let n = 1; n <= 5; n++) {
      const time = new Date(2026, 10, 16 + (n % 4), 9 + n);
      entries.push(at(`e${n}`, time, `S${n % 2}`, { taskKind: 'explain', costMicros: 10_000 }), note(`e${n}`, new Date(time.getTime() + 60_000), { feedback: 'cheaper' }));
    }
    await fs.writeFile(path.join(folder, 'ledger-2026-11.jsonl'), entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
  });
  afterEach(() => fs.rm(folder, { recursive: true, force: true }));

  it('prints the three numbers per week, this week first, where the signals disagreed, and the suggestion', async () => {
    const file = path.join(folder, 'ledger-2026-11.jsonl');
    assert.equal(await reportCommand(['--ledger', folder, '--ledger', file, '--review'], io, () => NOW), 0);
    assert.match(out[0], /^week from\s+spend\s+sessions\s+per session/);
    // Five explanations at $0.01 in two sessions, this week; the file given twice counts once.
    assert.match(out[1], /^2026-11-16\s+\$0\.050\s+2\s+\$0\.025\s+5\s+1\.00\s+0\s+5$/, `this week: ${out[1]}`);
    assert.equal(out.filter((line) => /^\d{4}-\d{2}-\d{2}/.test(line)).length, 8, 'eight weeks');
    assert.ok(out.includes('  explanation: 5 tasks, 0 needed stronger, 5 could have been cheaper, 0 right'), out.join('\n'));
    assert.ok(out.some((line) => line.startsWith('suggestion: 5 of your last 5 signals on explanation said it could have been cheaper') && line.endsWith('set taskKinds.explain: "fast")')), out.join('\n'));
  });

  it('follows a policy file’s thresholds, and prints JSON', async () => {
    const policy = path.join(folder, 'policy.json');
    await fs.writeFile(policy, JSON.stringify({ learning: { minSignals: 6 } }));
    assert.equal(await reportCommand(['--ledger', folder, '--review', '--policy', policy, '--json'], io, () => NOW), 0);
    const json = JSON.parse(out.join('\n')) as { weeks: Array<{ start: string; spendUsd: number; sessions: number; couldHaveBeenCheaper: number }>; suggestions: unknown[] };
    const week = json.weeks[json.weeks.length - 1];
    assert.deepEqual([week.start, week.spendUsd, week.sessions, week.couldHaveBeenCheaper], ['2026-11-16', 0.05, 2, 5]);
    assert.deepEqual(json.suggestions, [], 'five signals are below minSignals 6');
  });

  it('refuses --by or --since with --review, and --policy without it', async () => {
    await assert.rejects(reportCommand(['--ledger', folder, '--review', '--by', 'week'], io, () => NOW), (error: Error) => error instanceof UsageError && /leave out --by and --since/.test(error.message));
    await assert.rejects(reportCommand(['--ledger', folder, '--policy', 'p.json'], io, () => NOW), (error: Error) => error instanceof UsageError && /--policy applies to --review/.test(error.message));
  });
});
