import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { fileEdits, implementProblem } from '../../src/core/agent/implementAnswer';
import { editAnswerProblem, firstFencedCode } from '../../src/core/agent/fencedCode';
import { parseFindings } from '../../src/core/agent/findings';
import { parsePlan, planProblem } from '../../src/core/agent/plan';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import type { ContextItem } from '../../src/core/prompts/contextText';
import type { TaskKind } from '../../src/core/routing/taskKinds';
import { demoAnswerFor, demoPace } from '../fakes/demoAnswers';
import { startFakeAnthropic, type RecordedRequest } from '../fakes/fakeAnthropic';

// out/test/unit → the repository root
const root = join(__dirname, '..', '..', '..');
const sample = join(root, 'demo', 'sample-project');

/** A copy of the demo's workspace as `npm start` makes it: the sample with demo/uncommitted.diff applied. */
function workspaceCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'demo-sample-')), 'sample');
  cpSync(sample, dir, { recursive: true });
  execFileSync('git', ['apply', join(root, 'demo', 'uncommitted.diff')], { cwd: dir });
  return dir;
}
let workspace = '';
/** A sample file as the demo's workspace has it. */
const read = (path: string): string => readFileSync(join(workspace, path), 'utf8');

/** A request body as the extension sends it for a command, through the command's own prompt. */
function commandBody(kind: TaskKind, context: ContextItem[], instruction?: string): Record<string, unknown> {
  const prompt = buildCommandPrompt({ kind, context, instruction });
  return { model: 'claude-sonnet-5-5', system: prompt.system, messages: prompt.messages };
}

const file = (path: string): ContextItem => ({ label: `file ${path}`, path, languageId: 'typescript', text: read(path) });
function selection(path: string, first: string, last: string): ContextItem & { firstLine: number } {
  const lines = read(path).split('\n');
  const start = lines.findIndex((line) => line.includes(first));
  const end = lines.findIndex((line, index) => index >= start && line.includes(last));
  assert.ok(start >= 0 && end >= start, `the sample's ${path} has “${first}” … “${last}”`);
  return { label: `selection in ${path}:${start + 1}-${end + 1}`, path, languageId: 'typescript', text: lines.slice(start, end + 1).join('\n'), firstLine: start + 1 };
}

/**
 * Type-checks the demo workspace with `changes` (path → content) applied, as the editor would:
 * the compiler's errors, one line each; empty when it compiles.
 */
function compileErrors(changes: Record<string, string>): string[] {
  const dir = workspaceCopy();
  try {
    for (const [path, content] of Object.entries(changes)) writeFileSync(join(dir, path), content);
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    assert.ok(config, 'the sample has a tsconfig.json');
    const program = ts.createProgram(config.fileNames, config.options);
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(dir.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

/** `lines` 1-based from..to of `text` replaced by `replacement`. */
function replaceLines(text: string, from: number, to: number, replacement: string): string {
  const lines = text.split('\n');
  lines.splice(from - 1, to - from + 1, ...replacement.replace(/\n$/, '').split('\n'));
  return lines.join('\n');
}

describe('the demo backend’s answers on the sample project', () => {
  before(() => (workspace = workspaceCopy()));
  after(() => rmSync(join(workspace, '..'), { recursive: true, force: true }));

  it('leaves exactly one compile error in the sample, the one Fix the Problem is for', () => {
    const errors = compileErrors({});
    assert.deepEqual(errors, ["src/priceFormat.ts: Cannot find name 'cnts'. Did you mean 'cents'?"], 'the sample as the demo opens it');
  });

  it('Add Docstring: a JSDoc comment that passes the command’s check and compiles above cartTotal', () => {
    const chosen = selection('src/cart.ts', 'export function cartTotal', 'export function cartTotal');
    const answer = demoAnswerFor(commandBody('docstring', [file('src/cart.ts'), chosen]));
    assert.equal(editAnswerProblem(answer), undefined, `the docstring command accepts it: ${answer}`);
    const comment = firstFencedCode(answer)!;
    assert.match(comment, /^\/\*\*\n[\s\S]*\*\/$/, 'a JSDoc block and nothing else');
    for (const tag of ['@param items', '@param discountPercent', '@returns', '@throws RangeError']) assert.ok(comment.includes(tag), `the comment has ${tag}: ${comment}`);
    const documented = replaceLines(read('src/cart.ts'), chosen.firstLine, chosen.firstLine - 1, comment);
    assert.deepEqual(compileErrors({ 'src/cart.ts': documented }).filter((e) => e.startsWith('src/cart.ts')), [], 'cart.ts compiles with the docstring inserted');
  });

  it('Fix the Problem at the Cursor: the typo fixed with defined names only, and the sample then compiles', () => {
    const chosen = selection('src/priceFormat.ts', 'const dollars = cnts', 'const dollars = cnts');
    const diagnostics: ContextItem = { label: 'diagnostics in src/priceFormat.ts', path: 'src/priceFormat.ts', text: `${chosen.firstLine}: error: Cannot find name 'cnts'. Did you mean 'cents'? (ts)` };
    const answer = demoAnswerFor(commandBody('bugfix', [file('src/priceFormat.ts'), chosen, diagnostics]));
    assert.equal(editAnswerProblem(answer), undefined, `the fix command accepts it: ${answer}`);
    const fixed = replaceLines(read('src/priceFormat.ts'), chosen.firstLine, chosen.firstLine, firstFencedCode(answer)!);
    assert.deepEqual(compileErrors({ 'src/priceFormat.ts': fixed }), [], 'no compile error is left anywhere in the sample');
  });

  it('Refactor Selection…: the loop becomes a reduce that still compiles', () => {
    const chosen = selection('src/cart.ts', 'let sum = 0', 'return sum;');
    const answer = demoAnswerFor(commandBody('refactor', [file('src/cart.ts'), chosen], 'use reduce'));
    assert.equal(editAnswerProblem(answer), undefined, `the refactor command accepts it: ${answer}`);
    const code = firstFencedCode(answer)!;
    assert.match(code, /items\.reduce\(\(sum, item\) => sum \+ item\.priceCents \* item\.quantity, 0\)/);
    const refactored = replaceLines(read('src/cart.ts'), chosen.firstLine, chosen.firstLine + chosen.text.split('\n').length - 1, code);
    assert.deepEqual(compileErrors({ 'src/cart.ts': refactored }).filter((e) => e.startsWith('src/cart.ts')), []);
  });

  it('Write Tests for This File: tests of cart.ts’s own exports, with the right numbers, that compile', () => {
    const answer = demoAnswerFor(commandBody('tests', [file('src/cart.ts')], 'Write the tests to src/cart.test.ts.'));
    assert.equal(editAnswerProblem(answer), undefined);
    const tests = firstFencedCode(answer)!;
    assert.match(tests, /import \{ cartTotal, subtotal, type CartItem \} from '\.\/cart\.ts';/, 'imports what cart.ts exports');
    assert.match(tests, /subtotal\(items\), 3399/, '2 × 1250 + 899 cents');
    assert.match(tests, /cartTotal\(items, 10\), 3059/, '3399 less 10%, rounded');
    assert.deepEqual(compileErrors({ 'src/cart.test.ts': tests }).filter((e) => e.startsWith('src/cart.test.ts')), []);
  });

  it('Plan a Change, then Implement the Plan: the plan parses, its files exist, and each step’s edit applies and compiles', () => {
    const planAnswer = demoAnswerFor(commandBody('plan', [file('src/checkout.ts')], 'add coupon codes to checkout'));
    const planText = `# Plan: add coupon codes to checkout\n\n${planAnswer}`;
    assert.equal(planProblem(planText), undefined, 'Implement the Plan accepts the plan');
    const steps = parsePlan(planText);
    assert.ok(steps.length >= 2, 'a plan of several steps');
    const changed: Record<string, string> = {};
    for (const step of steps) {
      for (const path of step.files) assert.ok(existsSync(join(sample, path)), `step ${step.number}'s ${path} is in the sample project`);
      const items: ContextItem[] = [{ label: 'the whole plan', text: planText }, ...step.files.map((path) => ({ ...file(path), text: changed[path] ?? read(path) }))];
      const answer = demoAnswerFor(commandBody('implement', items, `Carry out this step only:\n\n${step.text}`));
      assert.equal(implementProblem(answer, step.files), undefined, `step ${step.number} is accepted: ${answer.slice(0, 300)}`);
      for (const edit of fileEdits(answer)) changed[edit.path] = edit.content;
    }
    assert.match(changed['src/cart.ts'] ?? '', /export function applyCoupon/);
    assert.match(changed['src/checkout.ts'] ?? '', /export function checkoutWithCoupon/);
    const errors = compileErrors(changed).filter((e) => !e.startsWith('src/priceFormat.ts'));
    assert.deepEqual(errors, [], 'the implemented plan compiles');
  });

  it('Security Review of This File: findings on session.ts’s real lines, in the format the command parses', () => {
    const source = read('src/auth/session.ts');
    const answer = demoAnswerFor(commandBody('security', [file('src/auth/session.ts')]));
    const { findings, summary } = parseFindings(answer);
    assert.ok(findings.length >= 4, `several findings: ${answer}`);
    const lines = source.split('\n');
    const at = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    const lineOf = (pattern: RegExp) => findings.find((f) => pattern.test(f.message))?.line;
    assert.equal(lineOf(/hard-coded secret/), at("const SESSION_SECRET = '"), 'the secret is found where it is');
    assert.equal(lineOf(/Math\.random/), at('Math.random()'));
    assert.equal(lineOf(/compared with ==/), at('== presented'));
    assert.ok(findings.every((f) => f.path === 'src/auth/session.ts'));
    assert.match(summary, /### Summary/);
  });

  it('Write Commit Message: a message written from the diff, never the diff itself', () => {
    const diff = [
      'diff --git a/src/checkout.ts b/src/checkout.ts',
      '--- a/src/checkout.ts',
      '+++ b/src/checkout.ts',
      '@@ -5,6 +5,13 @@',
      ' export const SHIPPING_CENTS = 499;',
      '+/** Orders of at least this much ship free. */',
      '+export const FREE_SHIPPING_FROM_CENTS = 5000;',
      '+',
      '+export function shippingFor(totalCents: number): number {',
      '+  return totalCents >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;',
      '+}',
    ].join('\n');
    const message = demoAnswerFor(commandBody('commitMessage', [{ label: 'staged diff', text: diff }]));
    const [summary, blank] = message.split('\n');
    assert.equal(summary, 'Ship orders of $50 or more for free');
    assert.ok(summary.length <= 72 && blank === '', 'a summary line, then a blank line');
    assert.doesNotMatch(message, /diff --git|@@|^\+/m, 'nothing of the diff is echoed');
    assert.match(message, /src\/checkout\.ts: adds FREE_SHIPPING_FROM_CENTS, shippingFor/);
    const other = demoAnswerFor(commandBody('commitMessage', [{ label: 'staged diff', text: 'diff --git a/lib/a.py b/lib/a.py\n--- a/lib/a.py\n+++ b/lib/a.py\n@@ -1 +1,2 @@\n+def load_config(path):\n+    return {}\n' }]));
    assert.match(other.split('\n')[0], /^Add load_config to a\.py$/, 'an unknown diff gets a summary from its own change');
  });

  it('Review Uncommitted Changes: findings on the diff’s new lines', () => {
    const diff = `diff --git a/src/checkout.ts b/src/checkout.ts\n--- a/src/checkout.ts\n+++ b/src/checkout.ts\n@@ -8,0 +9,3 @@\n+export function shippingFor(totalCents: number): number {\n+  return totalCents >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;\n+}\n`;
    const { findings } = parseFindings(demoAnswerFor(commandBody('review', [{ label: 'uncommitted changes (git diff)', text: diff }])));
    assert.deepEqual(findings.map((f) => [f.path, f.line]), [['src/checkout.ts', 9], ['src/checkout.ts', 10]]);
  });

  it('the chat: an answer for each kind of question, none quoting the prompt', () => {
    const questions = ['explain this', 'can you write some unit tests', 'why is there a red squiggle? fix it', 'refactor the loop', 'add a docstring', 'rename x to count', 'is the auth code secure?', 'design a plugin architecture for discounts', 'summarize this file', 'what about the weather', 'hello'];
    const answers = new Set<string>();
    for (const question of questions) {
      const prompt = buildChatPrompt({ history: [], question, context: [file('src/cart.ts')] });
      const answer = demoAnswerFor({ model: 'claude-haiku-5-5', system: prompt.system, messages: prompt.messages });
      assert.ok(answer.length > 20, `an answer to “${question}”`);
      assert.doesNotMatch(answer, /<context|label=|You are a senior|diff --git/, `“${question}” gets no prompt internals back: ${answer}`);
      assert.ok(!answer.toLowerCase().includes(question.toLowerCase()), `“${question}” is not echoed: ${answer}`);
      answers.add(answer);
    }
    assert.equal(answers.size, questions.length, 'each kind of question gets its own answer');
    const named = buildChatPrompt({ history: [], question: 'explain cartTotal', context: [file('src/cart.ts')] });
    assert.match(demoAnswerFor({ model: 'claude-sonnet-5-5', system: named.system, messages: named.messages }), /^\*\*`cartTotal`\*\*/, 'the function the question names is the one explained');
  });

  it('streams at a model’s pace only when asked: the demo’s pace, not the tests’ default', async function () {
    this.timeout(15_000);
    const time = async (pace?: (r: RecordedRequest) => ReturnType<typeof demoPace>): Promise<number> => {
      const fake = await startFakeAnthropic({ answer: () => 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen', ...(pace ? { pace } : {}) });
      try {
        const started = Date.now();
        const response = await fetch(`${fake.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey, 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: 'claude-opus-5-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
        });
        await response.text();
        return Date.now() - started;
      } finally {
        await fake.close();
      }
    };
    const unpaced = await time();
    const paced = await time(demoPace);
    assert.ok(unpaced < 300, `without a pace the fake answers at once (${unpaced} ms)`);
    // Opus: 900 ms to the first token, then ~20 tokens at 40 tokens/s ≈ 0.5 s.
    assert.ok(paced >= 1200 && paced < 5000, `at Opus's pace the answer takes over a second (${paced} ms)`);
  });
});
