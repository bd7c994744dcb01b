import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY, DEFAULT_PROMPT_TERMS, parsePolicy } from '../../src/core/routing/policy';
import type { RouteRequest } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';
import { decodeRouterModel, routerModel, routerModelLoaded, useRouterModel } from '../../src/core/routing/routerModel';
import { classifyLearned, modelScores } from '../../src/core/routing/learnedClassifier';
import { featuresOf } from '../../src/core/routing/features';
import { splitPrompt } from '../../src/core/routing/pasted';
import { sensitiveDomains } from '../../src/core/routing/sensitiveStems';
import type { TaskKind } from '../../src/core/routing/taskKinds';
import { routerModelPath } from '../../src/node/routerModelFile';
import { loadCorpus, splitOf } from '../../scripts/router/corpus';
import { artifact, fit, quantize } from '../../scripts/router/train';
import { REPO_ROOT, withLearnedRouter } from './helpers/routerModel';

const chat = (prompt: string, extra: Partial<RouteRequest> = {}) => route({ surface: 'chat', prompt, canAutomate: true, ...extra }, DEFAULT_POLICY);

describe('learned router: prompts as people type them (never seen in training)', () => {
  withLearnedRouter();

  it('a German question about encrypting keys floors to frontier', () => {
    const decision = chat('wie verschlüssele ich die api-schlüssel der kunden in der datenbank am besten?');
    assert.equal(decision.tier, 'frontier', `routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
    assert.equal(decision.floor, 'frontier', 'the sensitive-work floor should hold it');
  });

  it('pasted JSON with "migration" and "security" keys and the ask "format this" stays cheap', () => {
    const decision = chat('format this pls\n{"migration": true, "security": {"audit": false}, "steps": ["backup", "migrate"]}');
    assert.ok(decision.tier === 'automated' || decision.tier === 'fast', `routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
    assert.match(decision.reasons[0], /JSON/, 'the reason should say JSON was pasted');
  });

  it('a follow-up inherits the previous turn: "and the other endpoint too" after a security review stays on frontier and says why', () => {
    const decision = chat('and the other endpoint too', { previous: { kind: 'security', sensitive: true } });
    assert.equal(decision.tier, 'frontier', decision.reasons.join('; '));
    assert.match(decision.reasons.join('; '), /follow-up to the security review/i);
  });

  it('a follow-up that goes on changing sensitive code stays sensitive even when it names another task: "fix the points you found" after a security review', () => {
    for (const prompt of ['ok, fix points 2 and 4 from your list', 'ok, dann fix gleich die punkte 2 und 4', 'corrige les problèmes 2 et 4 que tu as trouvés']) {
      const decision = chat(prompt, { previous: { kind: 'security', sensitive: true } });
      assert.equal(decision.tier, 'frontier', `${prompt}: routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
      assert.equal(decision.floor, 'frontier', `${prompt}: the sensitive-work floor should hold it`);
      assert.match(decision.reasons.join('; '), /follow-up to the security review/i, prompt);
    }
  });

  it('a cheap or read-only follow-up of sensitive work is not held at frontier: the commit message after a refund change', () => {
    const decision = chat('cool, write the commit message for it', { previous: { kind: 'implement', sensitive: true } });
    assert.equal(decision.floor, undefined, `floored: ${decision.reasons.join('; ')}`);
    assert.ok(decision.tier === 'fast' || decision.tier === 'automated', `routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
  });

  it('a follow-up found from the previous text alone (as the chat passes it) inherits its sensitivity', () => {
    const decision = chat('ok now add the tests for it', { previousPrompt: 'implement the refund endpoint for partial refunds with a ledger entry' });
    assert.equal(decision.tier, 'frontier', decision.reasons.join('; '));
  });

  it('a follow-up that goes on to change the sensitive code a read-only turn only looked at is sensitive: "fix all three" after summarizing failing refund tests', () => {
    const summary = 'summarize these failures\n\nFAIL tests/payments/test_refund.py::test_partial_refund - AssertionError: 40 != 60\nFAIL tests/payments/test_refund.py::test_refund_twice - DID NOT RAISE\nFAIL tests/payments/test_refund.py::test_refund_currency - KeyError: \'EUR\'';
    const read = chat(summary);
    assert.equal(read.floor, undefined, `a summary changes nothing: ${read.reasons.join('; ')}`);
    const fix = chat('ok fix all three', { previousPrompt: summary });
    assert.equal(fix.tier, 'frontier', fix.reasons.join('; '));
    assert.equal(fix.floor, 'frontier', fix.reasons.join('; '));
    assert.match(fix.reasons.join('; '), /payments, named in the summary before/, 'the reason should say the sensitive code came from the previous turn');
    const again = chat('which of them fails first?', { previousPrompt: summary });
    assert.equal(again.floor, undefined, `a read-only follow-up of a read-only turn is not sensitive work: ${again.reasons.join('; ')}`);
  });

  it('a follow-up whose own words name a bigger task is that task: "now design the architecture" after writing tests goes to frontier', () => {
    const decision = chat('now design the architecture for the notification service: queues, retries, how the workers scale', { previous: { kind: 'tests', sensitive: false } });
    assert.equal(decision.tier, 'frontier', decision.reasons.join('; '));
    assert.notEqual(decision.taskKind, 'tests', 'the kind of the previous turn should not stick');
    assert.doesNotMatch(decision.reasons[0], /follow-up/i, 'the reason should name the new task, not the previous one');
  });

  it('a follow-up that does not name another task keeps the previous kind and says so', () => {
    const decision = chat('same for the other two', { previous: { kind: 'tests', sensitive: false } });
    assert.equal(decision.taskKind, 'tests', decision.reasons.join('; '));
    assert.equal(decision.tier, 'balanced', decision.reasons.join('; '));
    assert.match(decision.reasons[0], /follow-up to the tests/i);
  });

  it('the model reads a bare follow-up with the kind of the turn before: "the other two" leans to tests after tests and to docstrings after docstrings, in any language', () => {
    const model = routerModel();
    assert.ok(model, 'the repository model should load');
    for (const prompt of ['same for the other two', 'beim anderen auch', '残りの2つも同じで']) {
      const afterTests = (kind: TaskKind) => classifyLearned(model, { prompt, files: [], previous: { kind: 'tests', sensitive: false } }).probabilities[model.kinds.indexOf(kind)];
      const afterDocstring = (kind: TaskKind) => classifyLearned(model, { prompt, files: [], previous: { kind: 'docstring', sensitive: false } }).probabilities[model.kinds.indexOf(kind)];
      assert.ok(afterTests('tests') > afterDocstring('tests'), `${prompt}: tests ${afterTests('tests').toFixed(2)} after tests, ${afterDocstring('tests').toFixed(2)} after docstrings`);
      assert.ok(afterDocstring('docstring') > afterTests('docstring'), `${prompt}: docstring ${afterDocstring('docstring').toFixed(2)} after docstrings, ${afterTests('docstring').toFixed(2)} after tests`);
    }
  });

  it('an unsure follow-up under an explanation stays on its tier, with or without the file attached, and never drops to fast', () => {
    for (const signals of [{}, { files: ['src/total.ts'], contextTokens: 300 }]) {
      const decision = chat('how would you make it shorter?', { previous: { kind: 'explain', sensitive: false }, signals });
      assert.equal(decision.tier, 'balanced', `${JSON.stringify(signals)}: ${decision.reasons.join('; ')}`);
    }
  });

  it('mechanical work in a sensitive file is not sensitive work: a typo in a comment of auth.ts stays cheap', () => {
    const decision = chat('typo in the comment above verifyToken: "recieve" → "receive"', { signals: { files: ['src/auth/tokens.ts'] } });
    assert.equal(decision.floor, undefined, decision.reasons.join('; '));
    assert.ok(decision.tier === 'fast' || decision.tier === 'automated', `routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
  });

  it('reading sensitive code is not sensitive work, changing it is: listing who calls the password reset handler stays cheap, making its tokens expire floors', () => {
    const read = chat('which files call the password reset handler? just list them, no changes');
    assert.equal(read.floor, undefined, read.reasons.join('; '));
    assert.notEqual(read.tier, 'frontier', read.reasons.join('; '));
    const change = chat('make the password reset tokens expire after 15 minutes and invalidate the old ones');
    assert.equal(change.tier, 'frontier', change.reasons.join('; '));
    assert.equal(change.floor, 'frontier', change.reasons.join('; '));
  });

  it('asking whether sensitive code is right or safe judges it: frontier and floored, in any language', () => {
    const judged = [
      'is this safe?\n\n$q = "DELETE FROM sessions WHERE user_id = " . $_POST["uid"];',
      'ist das so richtig?\n\nif (req.session.rolle === "admin" || req.query.admin === "1") return next();',
      '这个权限判断对吗\n\nif user.role in ("admin", "owner") or request.args.get("debug"): return True',
    ];
    for (const prompt of judged) {
      const decision = chat(prompt);
      assert.equal(decision.tier, 'frontier', `${prompt.split('\n')[0]} → ${decision.tier}: ${decision.reasons.join('; ')}`);
      assert.equal(decision.floor, 'frontier', `${prompt.split('\n')[0]}: ${decision.reasons.join('; ')}`);
    }
  });

  it('a bare file name the prompt repeats is the attached file, not a second folder', () => {
    const decision = chat('rename utils.js to string-utils.js and update the imports', { signals: { files: ['src/lib/utils.js'] } });
    assert.ok(!decision.reasons.some((reason) => /folders/.test(reason)), decision.reasons.join('; '));
  });

  const perLanguage: Array<[string, string, readonly string[]]> = [
    ['en', 'pls write unit tests for the csv parser, edge cases with quotes', ['balanced']],
    ['de', 'schreib mir eine commit message für die änderungen', ['fast']],
    ['es', 'implementa el reembolso parcial en el servicio de pagos', ['frontier']],
    ['pt', 'tem uma race condition na fila de jobs, às vezes trava', ['frontier']],
    ['fr', 'quelles sont les permissions des rôles admin et éditeur ? il faut revoir le contrôle d’accès', ['frontier']],
    ['it', 'aggiungi i commenti jsdoc a questa funzione', ['fast']],
    ['zh', '帮我检查一下登录接口的刷新令牌逻辑有没有安全问题', ['frontier']],
    ['ja', 'この関数にコメントを付けて', ['fast']],
  ];
  for (const [lang, prompt, accept] of perLanguage) {
    it(`${lang}: “${prompt}” → ${accept.join(' or ')}`, () => {
      const decision = chat(prompt);
      assert.ok(accept.includes(decision.tier), `routed to ${decision.tier}: ${decision.reasons.join('; ')}`);
    });
  }

  it('names what decided in words a user reads, with how sure it was', () => {
    const decision = chat('write unit tests for the date parser');
    assert.match(decision.reasons[0], /\(learned, \d+% sure\)/, decision.reasons[0]);
  });

  it('a term a user added to the floor always floors, whatever the model thinks', () => {
    const policy = parsePolicy({ floor: { promptTerms: [...DEFAULT_PROMPT_TERMS, 'quasar'] } }).policy;
    const decision = route({ surface: 'chat', prompt: 'fix the typo in the quasar banner text', canAutomate: true }, policy);
    assert.equal(decision.tier, 'frontier', decision.reasons.join('; '));
    assert.ok(decision.sensitive.includes('quasar'));
  });

  it('paths inside a pasted stack trace are not files the work involves', () => {
    const trace = 'TypeError: x is undefined\n    at parse (src/a/parse.ts:10:5)\n    at main (lib/b/main.ts:3:1)\n    at run (web/c/run.ts:1:1)';
    const decision = chat(`${trace}\nwhy does this throw?`);
    assert.ok(!decision.reasons.some((reason) => /folders|files involved/.test(reason)), decision.reasons.join('; '));
  });
});

describe('learned router artifact', () => {
  afterEach(() => useRouterModel(undefined));

  it('is read on the first classification, not when a host points core at it, and only once', () => {
    let reads = 0;
    const bytes = readFileSync(routerModelPath(REPO_ROOT));
    useRouterModel(() => {
      reads++;
      return bytes;
    });
    assert.equal(reads, 0, 'pointing at the model must not read it');
    assert.equal(routerModelLoaded(), false);
    route({ surface: 'command', taskKind: 'tests' }, DEFAULT_POLICY);
    assert.equal(reads, 0, 'a declared task kind needs no model');
    chat('write tests for this');
    chat('explain this');
    assert.equal(reads, 1, 'the model should be read once, on the first free-text request');
    assert.equal(routerModelLoaded(), true);
  });

  it('the trainer is deterministic: the same corpus and seed give the same bytes', () => {
    const corpus = loadCorpus(join(REPO_ROOT, 'corpus', 'routing')).filter((example) => splitOf(example.id) === 'train').slice(0, 150);
    const options = { bits: 11, epochs: 2, learningRate: 0.4, l2: 1e-4, sensitiveWeight: 3, seed: 7 };
    const meta = { temperature: 1, unsureBelow: 0.3, sensitive: { floorAt: 0.5, vetoBelow: 0.1 } };
    const first = artifact(fit(corpus, options), meta);
    const second = artifact(fit(corpus, options), meta);
    assert.ok(first.length > 100, 'the artifact should not be empty');
    assert.equal(Buffer.compare(Buffer.from(first), Buffer.from(second)), 0, 'two runs with one seed differ');
    const other = artifact(fit(corpus, { ...options, seed: 8 }), meta);
    assert.notEqual(Buffer.compare(Buffer.from(first), Buffer.from(other)), 0, 'another seed should shuffle differently');
  });

  it('the hidden-layer model trains deterministically too, and its artifact reads back into the same scores', () => {
    const corpus = loadCorpus(join(REPO_ROOT, 'corpus', 'routing')).filter((example) => splitOf(example.id) === 'train').slice(0, 150);
    const options = { bits: 11, epochs: 2, learningRate: 0.1, l2: 1e-4, sensitiveWeight: 3, seed: 7, tierHead: true, hidden: 8 };
    const meta = { temperature: 1, unsureBelow: 0, sensitive: { floorAt: 0.5, vetoBelow: 0.1 } };
    const first = artifact(fit(corpus, options), meta);
    assert.equal(Buffer.compare(Buffer.from(first), Buffer.from(artifact(fit(corpus, options), meta))), 0, 'two runs with one seed differ');
    const model = decodeRouterModel(first);
    assert.equal(model.rowWidth, 8, 'a bucket holds the hidden units, not the outputs');
    const scores = modelScores(model, featuresOf({ prompt: 'write tests for the parser' }, 11));
    assert.equal(scores.length, model.outputs);
    assert.ok(scores.every(Number.isFinite), 'the scores should be numbers');
    const other = modelScores(model, featuresOf({ prompt: 'design the architecture of the billing service' }, 11));
    assert.ok(scores.some((score, k) => score !== other[k]), 'two prompts should score differently');
  });

  it('4-bit weights take half the bytes and read back to the same weights; a wider ensemble reads as one model', () => {
    const corpus = loadCorpus(join(REPO_ROOT, 'corpus', 'routing')).filter((example) => splitOf(example.id) === 'train').slice(0, 150);
    const options = { bits: 11, epochs: 2, learningRate: 0.1, l2: 1e-4, sensitiveWeight: 3, seed: 7, tierHead: true, hidden: 8 };
    const meta = { temperature: 1, unsureBelow: 0, sensitive: { floorAt: 0.5, vetoBelow: 0.1 } };
    const trained = fit(corpus, { ...options, weightBits: 4 });
    const nibbles = artifact(trained, meta);
    const bytes = artifact(fit(corpus, options), meta);
    const model = decodeRouterModel(nibbles);
    assert.equal(model.meta.weightBits, 4);
    assert.deepEqual([...model.weights], [...quantize(trained, 4).weights], 'the packed nibbles must read back to the quantized weights');
    assert.ok(model.weights.some((w) => w < 0) && model.weights.some((w) => w > 0), 'signs must survive the packing');
    const outLayer = 8 * decodeRouterModel(bytes).outputs * 4; // the hidden layer's float32 output weights
    const rows = (b: Uint8Array) => b.length - new DataView(b.buffer, b.byteOffset).getUint32(4, true) - 8 - outLayer - (1 << 11) / 8;
    assert.ok(rows(nibbles) <= rows(bytes) / 2, `4-bit rows ${rows(nibbles)} bytes against 8-bit ${rows(bytes)}`);
    assert.equal(Buffer.compare(Buffer.from(artifact(trained, meta)), Buffer.from(nibbles)), 0, 're-encoding the same fit must give the same bytes');
    assert.deepEqual(model.meta.hidden?.out, [...trained.hidden!.out].map(Math.fround), 'the output layer is stored in binary and reads back to its float32 values');
    const older = Buffer.from(nibbles);
    older.write('MRW1', 0);
    assert.throws(() => decodeRouterModel(older), /not a router model file.*npm run train-router/, 'an artifact of the older layout must say how to rebuild it');
    const pair = decodeRouterModel(artifact(fit(corpus, { ...options, members: 2 }), meta));
    assert.equal(pair.rowWidth, 16, 'two fits of 8 units are read as one layer of 16');
    const single = decodeRouterModel(bytes);
    const features = featuresOf({ prompt: 'write tests for the parser' }, 11);
    const [a, b] = [modelScores(single, features), modelScores(pair, features)];
    assert.ok(b.every(Number.isFinite) && b.some((score, k) => score !== a[k]), 'the ensemble should score, and not as its first member alone');
  });
});

describe('the ask apart from pasted material, and sensitive stems', () => {
  it('pasted YAML and a lone call are pasted too, and a line between two pasted lines belongs to them; "Key: value" prose alone stays the ask', () => {
    const workflow = splitPrompt('why does this never run on tags?\nname: release\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest');
    assert.equal(workflow.ask, 'why does this never run on tags?');
    assert.ok(workflow.sorts.has('code'));
    assert.equal(splitPrompt('what does this print?\n\nconsole.log([1, 2, 3].map(parseInt))').ask, 'what does this print?');
    assert.equal(splitPrompt('Context: the export runs nightly\nGoal: make it incremental').ask, 'Context: the export runs nightly\nGoal: make it incremental');
    assert.equal(splitPrompt('Need a commit message.\nContext: we were double-counting retries in the metrics export').sorts.size, 0);
  });

  it('a pasted diff and code are pasted, the question is the ask', () => {
    const split = splitPrompt('can you review this?\ndiff --git a/x.ts b/x.ts\n@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;');
    assert.equal(split.ask, 'can you review this?');
    assert.ok(split.sorts.has('diff'));
  });

  it('stems catch every form and language: encrypt/encrypted/encryption, Erstattung, permisos, 权限, 暗号化, refreshToken', () => {
    for (const text of ['encrypt it', 'the encrypted column', 'encryption at rest', 'teilweise Erstattung', 'revisar permisos', '修改权限', 'データを暗号化する', 'rotate the refreshToken'])
      {assert.ok(sensitiveDomains(text).length > 0, `no sensitive domain in “${text}”`);}
    assert.deepEqual(sensitiveDomains('make the button blue'), []);
  });

  it('stems cover the domains in every language (2FA, access control, roles, refunds, cryptography) and not their look-alikes', () => {
    for (const text of ['mot de passe oublié', 'contrôle d’accès par rôle', 'crittografia dei file', 'passkey als zweiter Faktor', '两步验证', 'estorno do pagamento', 'rotate the API_KEY', 'privater Schlüssel', 'アクセス権の確認', 'リフレッシュトークンの失効'])
      {assert.ok(sensitiveDomains(text).length > 0, `no sensitive domain in “${text}”`);}
    for (const text of ['memory leak in the worker', "KeyError: 'price'", 'a composite unique key in postgres', 'designing the signature of this function', 'vazamento de memória', 'retry policies for the queue', '無限スクロールで二回読み込まれる'])
      {assert.deepEqual(sensitiveDomains(text), [], `“${text}” is not sensitive`);}
  });

  it('a database schema is sensitive, a data format’s schema is not (JSON schema, GraphQL schema, zod, $schema)', () => {
    for (const text of ['change the db schema', 'Datenbankschema anpassen', 'el esquema de la tabla de pedidos', 'schéma de la table users'])
      {assert.deepEqual(sensitiveDomains(text), ['database migrations'], `no database schema in “${text}”`);}
    for (const text of ['build a validator from this JSON schema', 'a partir de este json schema', 'the graphql schema for users', 'a zod schema for the form', '{"$schema": "draft-07"}', 'esquema json de la respuesta'])
      {assert.deepEqual(sensitiveDomains(text), [], `“${text}” is not a database schema`);}
  });
});
