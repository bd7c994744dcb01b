import assert from 'node:assert/strict';
import type { GateDiagnostic, GateVerdict } from '../../src/core/agent/diagnosticsGate';
import { countErrors, errorsForPrompt, gateFailure, needsReview, newErrors, sentinelLine, withoutSentinel } from '../../src/core/agent/diagnosticsGate';
import { cascadeHeader, summarizeCascade } from '../../src/core/agent/cascade';

const typeError = (line: number, message = "Type 'number' is not assignable to type 'string'."): GateDiagnostic => ({ severity: 'error', message, line, source: 'ts', code: 2322 });
const verdict = (errors: GateDiagnostic[], proposedText = 'a\nb\n  return 42;\n'): GateVerdict => ({ file: 'greet.ts', newErrors: errors, elapsedMs: 5, proposedText });
const sonnet = { model: 'claude-sonnet-5-5', tier: 'balanced', taskKind: 'bugfix' } as const;
const opus = { model: 'claude-opus-5-5', tier: 'frontier', taskKind: 'bugfix' } as const;

describe('diagnostics gate: which errors are new', () => {
  it('counts only errors the file did not have, matched by what they say, not by line', () => {
    const before = [typeError(3, "Cannot find name 'nme'."), typeError(9)];
    const after = [typeError(12), typeError(14), { ...typeError(2), severity: 'warning' as const }];
    assert.deepEqual(newErrors(before, after).map((e) => e.line), [14], 'one of the two identical errors was there before (it moved from line 9); the warning is not an error');
  });

  it('an edit that fixes errors and adds none passes', () => {
    assert.deepEqual(newErrors([typeError(3, "Cannot find name 'nme'.")], []), []);
  });

  it('an error of another source or code is new even with the same message', () => {
    assert.equal(newErrors([typeError(1)], [{ ...typeError(1), source: 'eslint' }]).length, 1);
  });
});

describe('diagnostics gate: what the user and the next tier are told', () => {
  it('names the model, the answer, the count and the file, short enough for the ledger', () => {
    assert.equal(gateFailure(sonnet, verdict([typeError(3), typeError(4)])), "Sonnet 5.5's fix introduced 2 type errors in greet.ts");
    assert.equal(gateFailure({ model: 'claude-haiku-5-5', taskKind: 'docstring' }, verdict([{ severity: 'error', message: 'x', line: 1 }])), "Haiku 5.5's docstring introduced 1 error in greet.ts");
    assert.equal(countErrors([typeError(1), { severity: 'error', message: 'y', line: 2, source: 'eslint' }]), '2 errors', 'type errors only when the TypeScript server reported them all');
  });

  it('gives the next tier each new error with its line’s text', () => {
    const prompt = errorsForPrompt(verdict([typeError(3)]), 'claude-sonnet-5-5');
    assert.match(prompt, /by Sonnet 5\.5\) was rejected: the language server reported 1 type error in greet\.ts/);
    assert.match(prompt, /- greet\.ts:3: ts2322 Type 'number' is not assignable to type 'string'\.\n {2}in: return 42;/);
  });

  it('a frontier answer that still fails says “needs your review” with its first error', () => {
    assert.equal(needsReview(opus, verdict([typeError(3)])), "needs your review — Opus 5.5's fix still has 1 type error in greet.ts: greet.ts:3 Type 'number' is not assignable to type 'string'.");
  });
});

describe('verified cascade: the summary of climbs', () => {
  it('a failed cheap answer and a clean one: one climb in words, the clean one offered', () => {
    const summary = summarizeCascade([{ decision: sonnet, text: 'a', verdict: verdict([typeError(3)]) }, { decision: opus, text: 'b', verdict: verdict([]) }]);
    assert.deepEqual(summary, { climbs: ["Sonnet 5.5's fix introduced 1 type error in greet.ts → asked Opus 5.5"], offer: 1 });
    assert.equal(cascadeHeader(summary, 'Opus 5.5 · frontier · escalation — $0.01'), "Sonnet 5.5's fix introduced 1 type error in greet.ts → asked Opus 5.5 · Opus 5.5 · frontier · escalation — $0.01");
  });

  it('when every answer fails, the one with the fewest new errors is offered for review (the later on a tie)', () => {
    const fewer = summarizeCascade([
      { decision: sonnet, text: 'a', verdict: verdict([typeError(3)]) },
      { decision: opus, text: 'b', verdict: verdict([typeError(3), typeError(4)]) },
    ]);
    assert.equal(fewer.offer, 0);
    assert.match(fewer.review ?? '', /^needs your review — Sonnet 5\.5's fix still has 1 type error/);
    const tie = summarizeCascade([
      { decision: sonnet, text: 'a', verdict: verdict([typeError(3)]) },
      { decision: opus, text: 'b', verdict: verdict([typeError(3)]) },
      { decision: opus, text: 'c', verdict: verdict([typeError(3)]) },
    ]);
    assert.equal(tie.offer, 2);
    assert.deepEqual(tie.climbs, ["Sonnet 5.5's fix introduced 1 type error in greet.ts → asked Opus 5.5", "Opus 5.5's fix introduced 1 type error in greet.ts → asked again at higher effort"]);
    assert.match(cascadeHeader(tie, 'h'), /^⚠ needs your review — Opus 5\.5's fix still has 1 type error in greet\.ts: .* · Sonnet 5\.5's fix .* → asked Opus 5\.5 · .* · h$/);
  });

  it('an answer the gate could not judge is offered, saying why', () => {
    const summary = summarizeCascade([{ decision: sonnet, text: 'a', verdict: { ...verdict([]), unchecked: 'no diagnostics for greet.ts arrived within 15 s' } }]);
    assert.deepEqual(summary, { climbs: [], offer: 0, unchecked: 'no diagnostics for greet.ts arrived within 15 s' });
    assert.equal(cascadeHeader(summary, 'h'), 'not checked: no diagnostics for greet.ts arrived within 15 s · h');
  });
});

describe('diagnostics gate: the sentinel that proves the file was checked', () => {
  it('TypeScript and JavaScript get a line their server always reports; other languages none', () => {
    assert.match(sentinelLine('typescript') ?? '', /: number = ''/);
    assert.ok(sentinelLine('javascriptreact'));
    assert.equal(sentinelLine('python'), undefined);
  });

  it('the sentinel’s own diagnostics, on the line after the proposal, are dropped', () => {
    const proposal = 'line one\nline two';
    const kept = withoutSentinel([typeError(2), typeError(3, "Type 'string' is not assignable to type 'number'.")], proposal);
    assert.deepEqual(kept.map((d) => d.line), [2]);
  });
});
