/**
 * A batch's cost before it is sent, and the budget's say on it: the dollars the confirmation shows
 * (input estimated from the requests' text, output at their max_tokens, at half price), a budget set
 * to stop refusing a batch whose estimate is more than what is left (with the estimate, the budget
 * and what to do), the batches in flight held at their estimates until each entry's real cost is
 * recorded, and the engine counting what is held like spend for every other request.
 */
import * as assert from 'node:assert/strict';
import type { BatchEntry, BatchJob } from '../../src/core/batch/batchJob';
import { heldMicros, heldText, parseJobs } from '../../src/core/batch/batchJob';
import { batchBudgetRefusal, budgetLeftText, estimateBasis, estimateBatch, estimateText } from '../../src/core/batch/batchEstimate';
import { batchRequest, docstringsInstruction, stepReviewInstruction } from '../../src/core/batch/batchWork';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import type { Budget, BudgetSpend } from '../../src/core/routing/budget';
import { evaluateBudget } from '../../src/core/routing/budget';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { SpendHolds } from '../../src/core/spend/spendHolds';
import { describeSpend } from '../../src/core/spend/statusBarText';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor } from './helpers/engineRig';

const FILE = 'export const one = 1;\n'.repeat(200);
const docRequest = (id: string, path: string, text = FILE) =>
  batchRequest('docstrings', id, 'claude-haiku-5-5', [{ label: `file ${path}`, path, languageId: 'typescript', text }], docstringsInstruction(path));
const stepRequest = (id: string, plan = '# Plan\n\n## Step 1: Parse\nFiles: src/parse.ts\n') =>
  batchRequest('planReview', id, 'claude-opus-5-5', [{ label: 'the plan', text: plan }], stepReviewInstruction({ number: 1, title: 'Parse', files: ['src/parse.ts'], text: '' }));
/** A file commented in Chinese (1,000 lines) and a plan written in Japanese, as teams in those languages write them. */
const CHINESE_FILE = '// 解析配置文件并返回默认值，出错时记录日志。\nexport const one = 1;\n'.repeat(1000);
const JAPANESE_PLAN = `# 計画\n\n## ステップ 1: 解析\n対象: src/parse.ts\n${'設定ファイルを読み込み、欠けている項目には既定値を入れて、エラーはログに残す。'.repeat(300)}\n`;
/** Characters of Chinese, Japanese or Korean in a text: what costs about a token each. */
const cjkChars = (text: string) => [...text].filter((c) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(c)).length;

/** The current tokenizer's count, written out: 30% more tokens than 4 characters each. */
const tokensOf = (text: string) => Math.ceil((text.length * 13) / 40);
const inputOf = (request: ReturnType<typeof docRequest>) =>
  request.request.system.reduce((sum, block) => sum + tokensOf(block.text), 0) + request.request.messages.reduce((sum, message) => sum + tokensOf(message.content as string), 0);

const spent = (sessionMicros: number, todayMicros = sessionMicros, held = 0): BudgetSpend => ({ session: { costMicros: sessionMicros }, today: { costMicros: todayMicros }, heldMicros: held });

function inFlight(id: string, estimates: ReadonlyArray<number | null>, recorded = 0): BatchJob {
  const decision = { tier: 'frontier' as const, model: 'claude-opus-5-5', taskKind: 'validation' as const, rule: 'taskKind:validation', reasons: [] };
  const entries: BatchEntry[] = estimates.map((estimateMicros, index) => ({
    customId: `r${index}`,
    source: `Step ${index + 1}`,
    target: 'plan.review.md',
    decision,
    estimateMicros,
    ...(index < recorded ? { result: { type: 'succeeded' as const, costMicros: 9000, standardCostMicros: 18_000 } } : {}),
  }));
  return { v: 1, id, kind: 'planReview', title: 'Review of plan.md', folder: 'file:///w', createdAt: '2026-12-03T10:00:00.000Z', expiresAt: '2026-12-04T10:00:00.000Z', processing: 'in_progress', counts: { processing: entries.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 }, entries, skipped: [] };
}

describe('a batch\'s cost before it is sent', () => {
  it('estimates the dollars the confirmation shows: input from the requests\' text, output at max_tokens, at half price', () => {
    const requests = [docRequest('r0', 'src/a.ts'), docRequest('r1', 'src/b.ts')];
    const estimate = estimateBatch(requests);
    const input = requests.map(inputOf);
    assert.deepEqual(estimate.requests.map((r) => [r.customId, r.inputTokens, r.outputTokens]), [['r0', input[0], 16_384], ['r1', input[1], 16_384]], 'each request: its text\'s tokens, its max_tokens');
    // Haiku 5.5: $0.10 input and $0.50 output per MTok, halved: 0.05 µ$ per input token, 0.25 per output token.
    const each = input.map((tokens) => Math.round(tokens * 0.05 + 16_384 * 0.25));
    assert.deepEqual(estimate.requests.map((r) => r.micros), each);
    assert.equal(estimate.micros, each[0]! + each[1]!);
    assert.equal(estimate.inputTokens, 3210, 'two 4,400-character files with their instructions');
    assert.equal(estimate.micros, 8352, '2 × (1,605 × 0.05 + 16,384 × 0.25) µ$');
    assert.equal(estimateText(estimate), 'est. up to $0.0084 at the batch rate (½ price)');
    assert.equal(estimateBasis(estimate), '~3.2k input tokens (estimated), at most 32.8k output (max_tokens)');
  });

  it('counts a file commented in Chinese at about a token a character, and a mixed file as the sum of its parts', () => {
    const base = estimateBatch([docRequest('r0', 'src/a.ts', '')]).inputTokens;
    const chinese = estimateBatch([docRequest('r0', 'src/a.ts', CHINESE_FILE)]);
    const cjk = cjkChars(CHINESE_FILE);
    assert.equal(cjk, 21_000, 'the file\'s Chinese comments');
    // Haiku 5.5 is on the current tokenizer: 1.3 tokens a Chinese character, the code at 4 characters a token plus 30%.
    const perChar = (chinese.inputTokens - base) / cjk;
    assert.ok(perChar >= 1.3 && perChar <= 1.3 * 1.5, `the Chinese file should cost about 1.3 tokens a Chinese character on the current tokenizer, not ${perChar.toFixed(2)}`);
    assert.equal(chinese.inputTokens - base, Math.ceil(cjk * 1.3 + ((CHINESE_FILE.length - cjk) * 13) / 40), 'the Chinese at a token each plus 30%, the rest as English');
    assert.equal(estimateBasis(chinese), '~35.9k input tokens (estimated), at most 16.4k output (max_tokens)', 'the confirmation\'s basis (at 4 characters a token it said 15,450)');
    const english = estimateBatch([docRequest('r0', 'src/a.ts')]).inputTokens;
    const mixed = estimateBatch([docRequest('r0', 'src/a.ts', FILE + CHINESE_FILE)]).inputTokens;
    const parts = english - base + (chinese.inputTokens - base);
    assert.ok(Math.abs(mixed - base - parts) <= 1, `a file of both should cost what its parts do (${mixed - base} against ${parts}), give or take the rounding`);
  });

  it('names the requests whose model has no price instead of counting them as free, and a price override is used', () => {
    const unknown = { ...docRequest('r1', 'src/b.ts'), request: { ...docRequest('r1', 'src/b.ts').request, model: 'claude-unknown-9' } };
    const estimate = estimateBatch([docRequest('r0', 'src/a.ts'), unknown]);
    assert.equal(estimate.unpriced, 1);
    assert.match(estimateText(estimate), /^est\. up to \$0\.004\d at the batch rate \(½ price\) \(\+1 unpriced\)$/);
    const priced = estimateBatch([unknown], { 'claude-unknown-9': { input: 0, output: 2, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } });
    assert.equal(priced.micros, 16_384, '16,384 output tokens at $2/MTok, halved');
  });

  it('shows what is left of each budget once spend and the batches in flight are counted', () => {
    assert.equal(budgetLeftText(spent(200_000, 700_000, 100_000), { sessionUsd: 1, dailyUsd: 5, onExceed: 'stop' }), 'Session budget: $0.70 left of $1.00 · Daily budget: $4.20 left of $5.00 (on exceed: stop)');
    assert.equal(budgetLeftText(spent(0), { onExceed: 'stop' }), undefined, 'no budget set: nothing to say');
  });
});

describe('a budget set to stop and a batch', () => {
  const stop = (sessionUsd?: number, dailyUsd?: number): Budget => ({ ...(sessionUsd ? { sessionUsd } : {}), ...(dailyUsd ? { dailyUsd } : {}), onExceed: 'stop' });
  const review = estimateBatch([stepRequest('r0')]);

  it('refuses a batch whose estimate is more than what is left, naming the estimate, the budget and what to do', () => {
    // Opus 5.5: 4,096 output tokens at $20/MTok halved is $0.041, plus the prompt.
    assert.match(estimateText(review), /^est\. up to \$0\.041 at/);
    const message = batchBudgetRefusal('planReview', 'Review of docs/plan.md (1 steps)', review, spent(20_000), stop(0.05));
    assert.equal(
      message,
      'Review of docs/plan.md (1 steps) was not sent: its estimate is up to $0.041 at the batch rate, more than the $0.030 left of your session budget of $0.050 ($0.020 spent; on exceed: stop). ' +
        'Nothing was sent and no file was changed: raise modelRouter.budget.sessionUsd, or review fewer steps (a shorter plan), and run it again.',
    );
    const files = batchBudgetRefusal('docstrings', 'Docstrings for src (40 files)', review, spent(0, 990_000), stop(5, 1));
    assert.match(files ?? '', /more than the \$0\.010 left of your daily budget of \$1\.00 \(\$0\.99 spent; on exceed: stop\)\. .*raise modelRouter\.budget\.dailyUsd, or send fewer files \(a smaller folder\)/, 'the tighter budget is the one named');
  });

  it('sends a batch that fits what is left, to the last micro-dollar', () => {
    assert.equal(batchBudgetRefusal('planReview', 'Review', review, spent(50_000 - review.micros), stop(0.05)), undefined);
    assert.ok(batchBudgetRefusal('planReview', 'Review', review, spent(50_000 - review.micros + 1), stop(0.05)), 'one micro-dollar less and it is refused');
  });

  it('refuses a plan review written in Japanese that the budget cannot pay for, where a quarter-token-a-character estimate let it through', () => {
    const japanese = estimateBatch([stepRequest('r0', JAPANESE_PLAN)]);
    const cjk = cjkChars(JAPANESE_PLAN);
    // Opus 5.5: $4 per MTok of input, halved: 2 µ$ a token; a Japanese character is about 1.3 tokens on its tokenizer.
    assert.ok(japanese.requests[0]!.inputTokens >= cjk * 1.3, `${japanese.requests[0]!.inputTokens} input tokens for ${cjk} Japanese characters`);
    assert.match(estimateText(japanese), /^est\. up to \$0\.072 at the batch rate/, 'the 4,096 output tokens ($0.041) and about 15.5k tokens of plan and prompt ($0.031)');
    const quarter = japanese.requests[0]!.inputTokens - Math.ceil(cjk * 1.3) + Math.ceil((cjk * 13) / 40);
    assert.ok(quarter * 2 + 4096 * 10 < 60_000, `at 4 characters a token the estimate (${quarter} input tokens) fitted the $0.060 left`);
    const message = batchBudgetRefusal('planReview', 'Review of docs/plan.md (1 steps)', japanese, spent(0), stop(0.06));
    assert.match(message ?? '', /^Review of docs\/plan\.md \(1 steps\) was not sent: its estimate is up to \$0\.072 at the batch rate, more than the \$0\.060 left of your session budget/);
  });

  it('never refuses under warn or stepDown, nor for what cannot be priced', () => {
    for (const onExceed of ['warn', 'stepDown'] as const) assert.equal(batchBudgetRefusal('planReview', 'Review', review, spent(49_000), { sessionUsd: 0.05, onExceed }), undefined, onExceed);
    const unpriced = estimateBatch([{ ...stepRequest('r0'), request: { ...stepRequest('r0').request, model: 'claude-unknown-9' } }]);
    assert.equal(batchBudgetRefusal('planReview', 'Review', unpriced, spent(49_000), stop(0.05)), undefined);
  });

  it('holds the batches in flight at their estimates: two batches that each fit cannot overrun the budget together', () => {
    const budget = stop(undefined, 0.1);
    const first = inFlight('msgbatch_1', review.requests.map((r) => r.micros));
    const second = inFlight('msgbatch_2', review.requests.map((r) => r.micros));
    assert.equal(batchBudgetRefusal('planReview', 'Review 2', review, spent(0, 0, heldMicros([first])), budget), undefined, 'the second fits beside the first');
    const third = batchBudgetRefusal('planReview', 'Review 3', review, spent(0, 0, heldMicros([first, second])), budget);
    assert.match(third ?? '', /^Review 3 was not sent: its estimate is up to \$0\.041 at the batch rate, more than the \$0\.017 left of your daily budget of \$0\.10 \(\$0\.00 spent \+ \$0\.083 held for batches in flight; on exceed: stop\)/);
  });
});

describe('what a batch in flight holds', () => {
  it('holds each entry\'s estimate until its real cost is recorded, and nothing once the batch is collected', () => {
    const job = inFlight('msgbatch_1', [40_000, 30_000, null]);
    assert.equal(heldMicros([job]), 70_000, 'an unpriced entry holds nothing');
    assert.equal(heldText(job), 'est. up to $0.070 (½ price) until its real cost is recorded');
    assert.equal(heldMicros([inFlight('msgbatch_1', [40_000, 30_000, null], 1)]), 30_000, 'the recorded entry is in the ledger at its real cost; the others are still held');
    const collected = { ...inFlight('msgbatch_1', [40_000, 30_000, null], 3), collected: true };
    assert.equal(heldMicros([collected]), 0);
    assert.equal(heldText(collected), undefined);
    assert.equal(heldMicros([inFlight('old', [undefined as never])]), 0, 'a job stored before estimates were kept holds nothing');
  });

  it('keeps each entry\'s estimate through workspace state', () => {
    const { jobs, dropped } = parseJobs(JSON.parse(JSON.stringify([inFlight('msgbatch_1', [40_000, null])])));
    assert.deepEqual(dropped, []);
    assert.deepEqual(jobs[0]?.entries.map((entry) => entry.estimateMicros), [40_000, null]);
    assert.match(parseJobs([{ ...inFlight('msgbatch_1', [40_000]), entries: [{ ...inFlight('x', [40_000]).entries[0], estimateMicros: -1 }] }]).dropped[0] ?? '', /entries\.0\.estimateMicros/);
  });

  it('tells its listeners when what is held changes, and never holds a negative amount', () => {
    const holds = new SpendHolds();
    const seen: number[] = [];
    const listening = holds.onDidChange(() => seen.push(holds.micros));
    holds.set(41_000);
    holds.set(41_000);
    holds.set(-5);
    listening.dispose();
    holds.set(9);
    assert.deepEqual(seen, [41_000, 0]);
  });
});

describe('the budget with batches in flight', () => {
  let fake: FakeAnthropic;
  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());
  beforeEach(() => fake.reset());

  it('counts what is held like spend: a chat request is stopped while batches hold the rest of the budget, and says so', async () => {
    const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    let held = 60_000;
    const engine = engineFor(fake, { ledger, budget: () => ({ sessionUsd: 0.05, onExceed: 'stop' }), held: () => held });
    const ask = () => engine.run({ request: { surface: 'chat', prompt: 'explain this function' }, prompt: () => buildChatPrompt({ history: [], question: 'explain this function' }) });
    const blocked = await ask();
    assert.equal(blocked.kind, 'blocked');
    assert.equal(blocked.kind === 'blocked' && blocked.message, "Session budget $0.050 reached ($0.00 spent, $0.060 held for batches in flight). Requests that need a model are stopped until a new session, a higher budget, or the batches' results (their real cost replaces what is held; a batch whose results cannot be read any more holds until you remove it in the Batches view).");
    assert.equal(fake.requests.length, 0, 'nothing was sent');
    held = 10_000;
    fake.enqueue(ok({ text: ['It adds.'] }));
    assert.equal((await ask()).kind, 'done', 'once the batches\' real cost replaced the hold, requests go again');
  });

  it('shows what is held in the status bar tooltip and counts it in the percentage', () => {
    const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    const snapshot = ledger.snapshot();
    const budget = evaluateBudget({ session: snapshot.session, today: snapshot.today, heldMicros: 850_000 }, { sessionUsd: 1, onExceed: 'stop' });
    assert.equal(budget.message, 'Session budget 85% used of $1.00: $0.00 spent + $0.85 held for batches in flight.');
    const view = describeSpend(snapshot, budget, undefined, {});
    assert.match(view.text, /85% of session budget/);
    assert.match(view.tooltip, /Session budget: \$0\.00 spent \+ \$0\.85 held for batches in flight, of \$1\.00 \(85%\) — nearly used up/);
  });
});
