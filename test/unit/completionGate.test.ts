import assert from 'node:assert/strict';
import type { DocumentFacts } from '../../src/core/completions/completionGate';
import { completionsBlocked, excludedBy } from '../../src/core/completions/completionGate';
import { Backoff } from '../../src/core/completions/backoff';
import { debounce } from '../../src/core/completions/debounce';
import { matchesGlob } from '../../src/core/glob';
import { OutcomeTracker } from '../../src/core/completions/outcomeTracker';
import { DEFAULT_CONFIG } from '../../src/core/settings/config';

const doc = (overrides: Partial<DocumentFacts> = {}): DocumentFacts => ({
  languageId: 'typescript',
  absolutePath: '/home/ada/app/src/total.ts',
  relativePath: 'src/total.ts',
  untitled: false,
  length: 120,
  sample: 'export const total = 1;\n',
  ...overrides,
});

describe('which documents get completions', () => {
  it('matches globs as VS Code settings write them', () => {
    assert.equal(matchesGlob('.env', '**/.env'), true, '`**/` may match no folder at all');
    assert.equal(matchesGlob('/home/ada/app/config/.env.local', '**/.env.*'), true);
    assert.equal(matchesGlob('src/.environment.ts', '**/.env'), false);
    assert.equal(matchesGlob('deploy/secrets/prod/db.yaml', '**/secrets/**'), true);
    assert.equal(matchesGlob('keys/id_rsa.pub', '**/id_rsa*'), true);
    assert.equal(matchesGlob('src/a.ts', 'src/*.{ts,js}'), true);
    assert.equal(matchesGlob('src/deep/a.ts', 'src/*.ts'), false, '`*` stays within a folder');
    assert.equal(matchesGlob('a1.txt', 'a[0-9].txt'), true);
  });

  it('never offers completions in files the exclude setting names, by default secrets', () => {
    const settings = DEFAULT_CONFIG;
    assert.match(completionsBlocked(doc({ absolutePath: '/home/ada/app/.env', relativePath: '.env', languageId: 'dotenv' }), settings)!, /matches \*\*\/\.env \(modelRouter\.completions\.exclude\)/);
    assert.equal(excludedBy({ absolutePath: '/home/ada/.ssh/server.pem' }, settings['completions.exclude']), '**/*.pem', 'outside the workspace the absolute path counts');
    assert.equal(completionsBlocked(doc(), settings), undefined, 'an ordinary source file gets completions');
  });

  it('skips what is turned off, huge, binary or an empty untitled file, and says why', () => {
    const settings = { ...DEFAULT_CONFIG, 'completions.maxFileSizeKb': 1 };
    assert.match(completionsBlocked(doc(), { ...settings, 'completions.enabled': false })!, /turned off/);
    assert.match(completionsBlocked(doc({ languageId: 'plaintext' }), settings)!, /off for plaintext/);
    assert.match(completionsBlocked(doc({ length: 2000 }), settings)!, /larger than 1 KB/);
    assert.match(completionsBlocked(doc({ sample: 'PK\u0003\u0004\u0000\u0000' }), settings)!, /binary/);
    assert.match(completionsBlocked(doc({ untitled: true, absolutePath: '', relativePath: undefined, length: 2, sample: '\n\n' }), settings)!, /untitled file is empty/);
    assert.equal(completionsBlocked(doc({ untitled: true, absolutePath: '', relativePath: undefined, length: 4, sample: 'def ' }), settings), undefined);
  });
});

describe('completion outcomes as the provider sees them', () => {
  it('records shown once per suggestion, dismissed when another takes its place, accepted on its command', () => {
    const seen: string[] = [];
    const tracker = new OutcomeTracker((id, outcome) => seen.push(`${id} ${outcome}`));
    tracker.shown('a.ts', 'r1');
    tracker.shown('a.ts', 'r1'); // typing through it: the same suggestion
    tracker.shown('b.ts', 'r2');
    tracker.shown('a.ts', 'r3');
    tracker.accepted('a.ts', 'r3');
    tracker.nothingShown('a.ts');
    tracker.closed('b.ts');
    assert.deepEqual(seen, ['r1 shown', 'r2 shown', 'r1 dismissed', 'r3 shown', 'r3 accepted', 'r2 dismissed']);
    assert.equal(tracker.current('a.ts'), undefined);
  });
});

describe('debounce', () => {
  it('waits, or gives up as soon as the next keystroke cancels it', async () => {
    const started = Date.now();
    assert.equal(await debounce(30, new AbortController().signal), true);
    assert.ok(Date.now() - started >= 25, 'it should have waited about 30 ms');
    const controller = new AbortController();
    const waiting = debounce(10_000, controller.signal);
    controller.abort();
    assert.equal(await waiting, false);
    assert.equal(await debounce(0, new AbortController().signal), true);
  });
});

describe('the pause after a failed completion', () => {
  it('doubles with each failure in a row up to a minute, follows retry-after, and ends with an answer', () => {
    let now = 0;
    const backoff = new Backoff(() => now);
    assert.equal(backoff.remaining(), 0);
    assert.deepEqual([backoff.failed(), backoff.failed(), backoff.failed()], [2000, 4000, 8000]);
    for (let i = 0; i < 10; i++) backoff.failed();
    assert.equal(backoff.failed(), 60_000, 'never longer than a minute');
    assert.equal(backoff.failed(7), 7000, 'the API’s retry-after wins');
    now += 6999;
    assert.equal(backoff.remaining(), 1);
    backoff.succeeded();
    assert.equal(backoff.remaining(), 0);
    assert.equal(backoff.failed(), 2000, 'an answer starts the doubling over');
  });
});
