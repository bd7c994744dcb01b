/**
 * The secrets scan the integration suite ends with must be able to fail: a planted key is found,
 * by file and line, in any form a log might keep it, and the failure message does not repeat it.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeHits, filesUnder, findSecrets } from '../integration/support/secretScan';

describe('secrets scan', () => {
  const key = 'sk-ant-plant-Zr5Kq8Wm2Xc7Vb3N-scanTest';
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
    mkdirSync(join(dir, 'exthost1', 'model-router.model-router'), { recursive: true });
    writeFileSync(join(dir, 'workbench.log'), '[info] started\n[warn] nothing to see\n');
    writeFileSync(join(dir, 'ledger.jsonl'), '{"v":1,"type":"request"}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing where no key was written', () => {
    assert.deepEqual(findSecrets(filesUnder(dir), [key]), []);
  });

  it('finds a key planted in a nested log and names the file and line, without printing the key', () => {
    const file = join(dir, 'exthost1', 'model-router.model-router', 'Model Router.log');
    writeFileSync(file, `[info] one\n[info] two\n[error] request failed with header x-api-key: ${key}\n`);
    const hits = findSecrets(filesUnder(dir), [key, 'sk-ant-other-Yy3Hh6Jj9Kk2Ll5M-unused']);
    assert.deepEqual(hits.map((h) => [h.where, h.line]), [[file, 3]]);
    const message = describeHits(hits);
    assert.match(message, /Model Router\.log, line 3/);
    assert.ok(!message.includes(key) && !message.includes(key.slice(7)), 'the failure message must not leak the key it found');
  });

  it('finds the key without its sk-ant- prefix, and inside persisted JSON state', () => {
    const state = { source: 'chat history', text: JSON.stringify({ messages: [{ text: `key is ${key.slice(7)}` }] }) };
    const hits = findSecrets([{ where: state.source, text: state.text }], [key]);
    assert.deepEqual(hits.map((h) => h.where), ['chat history']);
  });
});
