import assert from 'node:assert/strict';
import { filesInDiff, withoutSecretFiles } from '../../src/core/agent/diffText';
import { DEFAULT_CONFIG } from '../../src/core/settings/config';
import { isSecretFile, secretFileNote, secretFilePattern, secretFileRefusal, SECRET_FILES_SETTING } from '../../src/core/privacy/secretFiles';

const defaults = DEFAULT_CONFIG['completions.exclude'];

describe('secret files (one rule for every surface)', () => {
  it('matches the default secret files at the top and in subfolders', () => {
    for (const path of ['.env', '.env.local', 'config/.env', 'apps/web/.env.production', 'certs/server.pem', 'deploy/tls.key', 'home/.ssh/id_rsa', '.ssh/id_rsa.pub', 'secrets/db.json', 'infra/secrets/prod/token.txt', 'keys/store.p12']) {
      assert.ok(isSecretFile(path, defaults), path);
    }
  });

  it('lets ordinary files through, including ones whose names only look alike', () => {
    for (const path of ['src/env.ts', 'src/.envrc.md', 'docs/environment.md', 'src/keyboard.ts', 'secrets.md', 'src/my-secrets/notes.ts', 'README.md', 'id_rsa_notes/readme.md.txt']) {
      assert.ok(!isSecretFile(path, defaults), path);
    }
  });

  it('reads Windows separators as folders', () => {
    assert.equal(secretFilePattern(['C:\\Users\\ada\\app\\.env'], defaults), '**/.env');
    assert.equal(secretFilePattern(['app\\config\\secrets\\db.json'], defaults), '**/secrets/**');
    assert.equal(secretFilePattern(['src\\env.ts'], defaults), undefined);
    // A pattern written with backslashes in settings.json on Windows works too.
    assert.ok(isSecretFile('config/prod.credentials', ['**\\*.credentials']));
  });

  it('ignores letter case, in the path and in the pattern', () => {
    assert.ok(isSecretFile('Config/.ENV', defaults));
    assert.ok(isSecretFile('certs/SERVER.PEM', defaults));
    assert.ok(isSecretFile('Secrets/Token.txt', defaults));
    assert.ok(isSecretFile('vault/prod.json', ['**/Vault/**']));
  });

  it('checks every path a file is known by, absolute or in the workspace, and names the first pattern that matched', () => {
    assert.equal(secretFilePattern([undefined, '', '/home/ada/app/src/total.ts'], defaults), undefined);
    assert.equal(secretFilePattern(['src/total.ts', '/home/ada/app/.env'], defaults), '**/.env');
    assert.equal(secretFilePattern(['local.env'], ['**/*.env', '**/local.*']), '**/*.env');
  });

  it('uses the user’s list: an empty list sends everything, a new pattern is honoured everywhere', () => {
    assert.ok(!isSecretFile('.env', []));
    assert.ok(isSecretFile('config/app.credentials.json', [...defaults, '**/*.credentials.json']));
  });

  it('tells the user which file, which pattern and which setting', () => {
    const note = secretFileNote('config/.env', '**/.env');
    assert.match(note, /config\/\.env left out/);
    assert.ok(note.includes('**/.env') && note.includes(SECRET_FILES_SETTING) && note.includes('secret files are never sent'), note);
    const refusal = secretFileRefusal('.env', '**/.env', 'write tests for it');
    assert.match(refusal, /^Model Router: \.env is not sent to a model to write tests for it: it matches \*\*\/\.env in modelRouter\.completions\.exclude/);
  });
});

describe('diffs sent for a commit message or a review', () => {
  const diff = [
    'diff --git a/src/app.ts b/src/app.ts',
    'index 1111111..2222222 100644',
    '--- a/src/app.ts',
    '+++ b/src/app.ts',
    '@@ -1 +1 @@',
    '-export const port = 80;',
    '+export const port = 8080;',
    'diff --git a/config/.env b/config/.env',
    'index 3333333..4444444 100644',
    '--- a/config/.env',
    '+++ b/config/.env',
    '@@ -1 +1 @@',
    '-DB_PASSWORD=old-hunter2',
    '+DB_PASSWORD=new-hunter3',
    'diff --git a/README.md b/README.md',
    '--- a/README.md',
    '+++ b/README.md',
    '@@ -1 +1 @@',
    '-# App',
    '+# The app',
    '',
  ].join('\n');

  it('takes the secret file’s lines out, keeps that it changed, and keeps every other file whole', () => {
    const { diff: sent, leftOut } = withoutSecretFiles(diff, defaults);
    assert.ok(!sent.includes('hunter'), sent);
    assert.ok(sent.includes('diff --git a/config/.env b/config/.env'));
    assert.ok(sent.includes('+export const port = 8080;') && sent.includes('+# The app'));
    assert.deepEqual(filesInDiff(sent), ['src/app.ts', 'config/.env', 'README.md']);
    assert.deepEqual(leftOut, [secretFileNote('config/.env', '**/.env')]);
  });

  it('leaves a diff without secret files as it was', () => {
    const plain = diff.split('diff --git a/config/.env')[0];
    assert.deepEqual(withoutSecretFiles(plain, defaults), { diff: plain, leftOut: [] });
  });

  it('takes out secret files whose names git quotes (non-ASCII, a quote, a backslash), as git writes them', () => {
    // The output of `git diff` in a repository with café/.env, q"uote/.env and back\\slash/.env changed.
    const quoted = [
      'diff --git "a/back\\\\slash/.env" "b/back\\\\slash/.env"',
      '--- "a/back\\\\slash/.env"',
      '+++ "b/back\\\\slash/.env"',
      '@@ -1 +1,2 @@',
      ' C',
      '+SECRET_BACKSLASH=sk_live_3',
      'diff --git "a/caf\\303\\251/.env" "b/caf\\303\\251/.env"',
      '--- "a/caf\\303\\251/.env"',
      '+++ "b/caf\\303\\251/.env"',
      '@@ -1 +1,2 @@',
      ' A',
      '+STRIPE_SECRET=sk_live_CAFE',
      'diff --git "a/q\\"uote/.env" "b/q\\"uote/.env"',
      '--- "a/q\\"uote/.env"',
      '+++ "b/q\\"uote/.env"',
      '@@ -1 +1,2 @@',
      ' B',
      '+AWS_SECRET=QUOTE',
      'diff --git "a/caf\\303\\251/app.ts" b/plain.ts',
      '+export const ok = 1;',
      '',
    ].join('\n');
    const { diff: sent, leftOut } = withoutSecretFiles(quoted, defaults);
    for (const secret of ['sk_live_3', 'sk_live_CAFE', 'QUOTE']) assert.ok(!sent.includes(secret), `${secret} must not be sent:\n${sent}`);
    assert.deepEqual(leftOut, [secretFileNote('back\\slash/.env', '**/.env'), secretFileNote('café/.env', '**/.env'), secretFileNote('q"uote/.env', '**/.env')]);
    assert.ok(sent.includes('+export const ok = 1;'), 'an ordinary file whose old name was quoted is still sent');
    assert.deepEqual(filesInDiff(quoted), ['back\\slash/.env', 'café/.env', 'q"uote/.env', 'plain.ts']);
  });

  it('fails closed: a section whose file cannot be named is left out, and the note says so', () => {
    const broken = 'diff --git "a/unterminated/.env b/x\n+TOKEN=hunter2\ndiff --git a/ok.ts b/ok.ts\n+fine\n';
    const { diff: sent, leftOut } = withoutSecretFiles(broken, defaults);
    assert.ok(!sent.includes('hunter2'), sent);
    assert.ok(sent.includes('+fine'));
    assert.equal(leftOut.length, 1);
    assert.match(leftOut[0], /could not be read/);
  });

  it('checks the --- and +++ names too, so a header that disagrees cannot hide a secret', () => {
    const sneaky = 'diff --git a/notes.txt b/notes.txt\n--- a/config/.env\n+++ b/config/.env\n@@ -1 +1 @@\n+PASSWORD=hunter2\n';
    assert.ok(!withoutSecretFiles(sneaky, defaults).diff.includes('hunter2'));
  });

  it('catches a file renamed to or from a secret name', () => {
    const renamed = 'diff --git a/.env b/env.example\nsimilarity index 90%\nrename from .env\nrename to env.example\n-TOKEN=abc-secret\n+TOKEN=\n';
    const { diff: sent, leftOut } = withoutSecretFiles(renamed, defaults);
    assert.ok(!sent.includes('abc-secret'));
    assert.deepEqual(leftOut, [secretFileNote('.env', '**/.env')]);
  });
});
