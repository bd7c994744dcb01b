import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { isSecretFile, secretFileNote, secretFilePattern, secretFileRefusal, SECRET_FILES_SETTING } from '../../src/core/secretFiles';

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
