import assert from 'node:assert/strict';
import type { Cost, ModelPrice } from '../../src/core/spend/pricing';
import { costOf, formatCost, modelPriceSchema, PRICES_AS_OF, priceFor } from '../../src/core/spend/pricing';
import { formatUsd } from '../../src/core/money';
import { estimateTokens, estimateTokensOfChars, tokenizerFamilyOf } from '../../src/core/model/tokens';
import { usageOf } from '../../src/core/model/usage';
import type { Usage } from '../../src/core/model/usage';

const MILLION = 1_000_000;

/** Micro-dollars of a priced cost; fails with the model's name when it came back unpriced. */
function micros(cost: Cost): number {
  assert.equal(cost.kind, 'priced', `expected a price, got ${JSON.stringify(cost)}`);
  return cost.kind === 'priced' ? cost.micros : NaN;
}

const cost = (model: string, usage: Partial<Usage>, batch = false): number =>
  micros(costOf(usageOf(usage), model, { batch }));

// USD per MTok from the provider's table (anthropic-api.md, 2026-11), typed in here independently
// of src/core/priceTable.ts: [input, 5m write, 1h write, cache read, output].
const EXPECTED: Record<string, [number, number, number, number, number]> = {
  'claude-haiku-5-5': [0.1, 0.125, 0.2, 0.01, 0.5],
  'claude-sonnet-5-5': [2, 2.5, 4, 0.1, 10],
  'claude-sonnet-5': [2, 2.5, 4, 0.2, 10],
  'claude-opus-5-5': [4, 5, 8, 0.2, 20],
  'claude-opus-5': [5, 6.25, 10, 0.5, 25],
  'claude-opus-4-8': [5, 6.25, 10, 0.5, 25],
  'claude-opus-4-7': [5, 6.25, 10, 0.5, 25],
  'claude-opus-4-6': [5, 6.25, 10, 0.5, 25],
  'claude-opus-4-5': [5, 6.25, 10, 0.5, 25],
  'claude-sonnet-4-6': [3, 3.75, 6, 0.3, 15],
  'claude-sonnet-4-5': [3, 3.75, 6, 0.3, 15],
  'claude-haiku-4-5': [1, 1.25, 2, 0.1, 5],
  'claude-fable-5-1': [10, 12.5, 20, 0.25, 50],
  'claude-mythos-5-1': [10, 12.5, 20, 0.25, 50],
};

describe('pricing', () => {
  it(`is dated ${PRICES_AS_OF}`, () => {
    assert.equal(PRICES_AS_OF, '2026-11');
  });

  describe('price of each model, one million tokens of each class', () => {
    for (const [model, [input, write5m, write1h, read, output]] of Object.entries(EXPECTED)) {
      it(model, () => {
        // 50,000 tokens per class keeps Haiku 5.5 inside its ≤100k band; µ$ per token = USD per MTok.
        const per = (usage: Partial<Usage>): number => cost(model, usage) / 50_000;
        assert.equal(per({ inputTokens: 50_000 }), input, 'input price');
        assert.equal(per({ cacheWrite5mTokens: 50_000 }), write5m, '5-minute cache write price');
        assert.equal(per({ cacheWrite1hTokens: 50_000 }), write1h, '1-hour cache write price');
        assert.equal(per({ cacheReadTokens: 50_000 }), read, 'cache read price');
        assert.equal(per({ outputTokens: 50_000 }), output, 'output price');
      });
    }
  });

  it('prices a dated alias by its undated id', () => {
    assert.equal(cost('claude-haiku-4-5-20251001', { inputTokens: MILLION }), 1 * MILLION, 'Haiku 4.5 input is $1/MTok');
    assert.equal(cost('claude-sonnet-5-5-20261007', { outputTokens: MILLION }), 10 * MILLION);
  });

  it('leaves unknown and unpublished models unpriced, never $0', () => {
    for (const model of ['claude-fable-5-2', 'claude-mythos-5', 'gpt-9', 'constructor', '__proto__', '']) {
      const result = costOf(usageOf({ inputTokens: 1000 }), model);
      assert.deepEqual(result, { kind: 'unpriced', model }, `${model} should be unpriced`);
      assert.equal(formatCost(result), 'unpriced');
      assert.equal(priceFor(model), undefined);
    }
  });

  describe('overrides', () => {
    const cheap: ModelPrice = { input: 1.5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 7 };

    it('take precedence over the built-in price of the same id', () => {
      const result = costOf(usageOf({ inputTokens: MILLION, outputTokens: MILLION }), 'claude-sonnet-5-5', {
        overrides: { 'claude-sonnet-5-5': cheap },
      });
      assert.equal(micros(result), 8.5 * MILLION, 'the override ($1.50 + $7) should win over the table ($2 + $10)');
    });

    it('apply to dated ids through the undated id, ahead of the built-in table', () => {
      assert.equal(priceFor('claude-sonnet-5-5-20261007', { 'claude-sonnet-5-5': cheap }), cheap);
    });

    it('price a model the table does not know', () => {
      assert.equal(micros(costOf(usageOf({ inputTokens: 2 * MILLION }), 'my-proxy-model', { overrides: { 'my-proxy-model': cheap } })), 3 * MILLION);
    });

    it('with an invalid number are skipped rather than producing NaN dollars', () => {
      const broken = { ...cheap, input: Number.NaN };
      assert.equal(cost('claude-haiku-4-5', { inputTokens: MILLION }), MILLION);
      assert.equal(micros(costOf(usageOf({ inputTokens: MILLION }), 'claude-haiku-4-5', { overrides: { 'claude-haiku-4-5': broken } })), MILLION);
      assert.equal(modelPriceSchema.safeParse({ ...cheap, input: -1 }).success, false, 'a negative price must be rejected');
      assert.equal(modelPriceSchema.safeParse(cheap).success, true);
    });
  });

  describe('Haiku 5.5 long-prompt band', () => {
    // 60k input + 30k cache read + 10k cache write = 100,000 prompt tokens, plus 1,000 output.
    const atLimit = { inputTokens: 60_000, cacheReadTokens: 30_000, cacheWrite5mTokens: 10_000, outputTokens: 1000 };

    it('charges exactly 100,000 prompt tokens at the low band', () => {
      // 60k×0.10 + 30k×0.01 + 10k×0.125 + 1k×0.50 = 6,000 + 300 + 1,250 + 500 µ$
      assert.equal(cost('claude-haiku-5-5', atLimit), 8050);
    });

    it('charges every token of a 100,001-token prompt at the high band, output included', () => {
      // 60,001×0.50 + 30k×0.05 + 10k×0.625 + 1k×2.50 = 30,000.5 + 1,500 + 6,250 + 2,500 → 40,251 µ$
      assert.equal(cost('claude-haiku-5-5', { ...atLimit, inputTokens: 60_001 }), 40_251);
    });

    it('counts 1-hour cache writes toward the prompt', () => {
      const low = cost('claude-haiku-5-5', { inputTokens: 100_000 });
      const high = cost('claude-haiku-5-5', { inputTokens: 100_000, cacheWrite1hTokens: 1 });
      assert.equal(low, 10_000, '100k input at $0.10/MTok is one cent');
      assert.equal(high, 50_001, 'one more cached token moves the whole request to $0.50/MTok (+ $1/MTok for it)');
    });

    it('does not apply to other models', () => {
      assert.equal(cost('claude-haiku-4-5', { inputTokens: 200_000 }), 200_000);
    });
  });

  describe('batch', () => {
    it('halves input and output', () => {
      assert.equal(cost('claude-sonnet-5-5', { inputTokens: MILLION, outputTokens: MILLION }, true), 6 * MILLION);
    });

    it('halves cache writes and reads too', () => {
      const usage = { cacheWrite5mTokens: MILLION, cacheWrite1hTokens: MILLION, cacheReadTokens: MILLION };
      assert.equal(cost('claude-opus-5-5', usage, true), (5 + 8 + 0.2) * MILLION / 2);
    });

    it('rounds once after halving', () => {
      // 3 output tokens on Haiku 5.5 = 1.5 µ$, batch = 0.75 µ$ → 1 µ$ (not 2 × round(…))
      assert.equal(cost('claude-haiku-5-5', { outputTokens: 3 }, true), 1);
    });
  });

  describe('rounding', () => {
    it('rounds half up once per request', () => {
      assert.equal(cost('claude-haiku-5-5', { inputTokens: 5 }), 1, '0.5 µ$ rounds up');
      assert.equal(cost('claude-haiku-5-5', { inputTokens: 4 }), 0, '0.4 µ$ rounds down');
    });

    it('has no float drift where float arithmetic would round the wrong way', () => {
      // 25 × $0.01 + 178 × $0.125 per MTok = 22.5 µ$ exactly; summing float dollars gives 22.4999… µ$ → 22.
      assert.equal(cost('claude-haiku-5-5', { cacheReadTokens: 25, cacheWrite5mTokens: 178 }), 23);
    });

    it('returns integer micro-dollars', () => {
      const value = cost('claude-sonnet-5-5', { inputTokens: 12_345, outputTokens: 678, cacheReadTokens: 9_999 });
      assert.ok(Number.isInteger(value), `${value} is not an integer`);
    });
  });

  describe('formatUsd', () => {
    const cases: Array<[number, string]> = [
      [0, '$0.00'],
      [1, '<$0.0001'],
      [49, '<$0.0001'],
      [50, '$0.0001'],
      [4_200, '$0.0042'],
      [9_999, '$0.010'],
      [42_000, '$0.042'],
      [99_999, '$0.10'],
      [420_000, '$0.42'],
      [1_870_000, '$1.87'],
      [1_875_000, '$1.88'],
      [5_000_000, '$5.00'],
      [1_234_500_000, '$1,234.50'],
      [-420_000, '-$0.42'],
    ];
    for (const [amount, shown] of cases) {
      it(`${amount} µ$ → ${shown}`, () => {
        assert.equal(formatUsd(amount), shown);
      });
    }

    it('never shows $0.00 for a non-zero amount', () => {
      for (let amount = 1; amount < 20_000; amount += 7) {
        assert.notEqual(formatUsd(amount), '$0.00', `${amount} µ$ displayed as $0.00`);
        assert.notEqual(formatUsd(amount), '$0.0000', `${amount} µ$ displayed as $0.0000`);
      }
    });

    it('formats a priced cost like formatUsd', () => {
      assert.equal(formatCost({ kind: 'priced', micros: 4_200 }), '$0.0042');
    });
  });

  describe('token estimates', () => {
    const text = 'abcd'.repeat(100);

    it('uses ~4 characters per token on the classic tokenizer and 30% more on the current one', () => {
      assert.equal(estimateTokens(text, 'classic'), 100);
      assert.equal(estimateTokens(text, 'current'), 130);
      assert.equal(estimateTokens(text), 130, 'the default should be the higher, current estimate');
      assert.equal(estimateTokens('', 'current'), 0);
    });

    // Sentences as a user types them, with their own punctuation (、。？) and a few ASCII spaces or letters.
    const CHINESE = '请把这个函数改写成异步的，并为它补充单元测试。';
    const JAPANESE = 'この関数を非同期に書き換えて、単体テストを追加してください。';
    const KOREAN = '이 함수를 비동기로 바꾸고 단위 테스트를 추가해 주세요.';
    const ENGLISH = 'Rewrite this function to be async — and add “unit tests” for it, café included 🙂.';

    it('counts Chinese, Japanese and Korean at about a token a character, not a quarter of one', () => {
      for (const [language, sentence] of [['Chinese', CHINESE], ['Japanese', JAPANESE], ['Korean', KOREAN]] as const) {
        const text = sentence.repeat(50);
        const perChar = (family: 'classic' | 'current') => estimateTokens(text, family) / text.length;
        // Korean separates words with ASCII spaces, which stay at 4 characters a token.
        const floor = language === 'Korean' ? 0.75 : 0.95;
        assert.ok(perChar('classic') >= floor && perChar('classic') <= 1.05, `${language} on the classic tokenizer: ${perChar('classic').toFixed(2)} tokens a character`);
        assert.ok(perChar('current') >= floor * 1.3 && perChar('current') <= 1.05 * 1.3, `${language} on the current tokenizer: ${perChar('current').toFixed(2)} tokens a character`);
        assert.ok(estimateTokens(text) >= 3 * estimateTokensOfChars(text.length), `${language}: the estimate should be several times the old 4-characters-a-token one`);
      }
      assert.equal(estimateTokens('数'.repeat(100), 'classic'), 100);
      assert.equal(estimateTokens('数'.repeat(100), 'current'), 130);
      assert.equal(estimateTokens('ｶﾀｶﾅＡＢＣ１２３'.repeat(10), 'classic'), 100, 'halfwidth kana and fullwidth letters are a token each');
      assert.equal(estimateTokens('𠮷'.repeat(100), 'classic'), 100, 'an ideograph outside the BMP (a surrogate pair) is one character, one token');
    });

    it('estimates English, accents, typographic punctuation and emoji as before', () => {
      for (const text of [ENGLISH, ENGLISH.repeat(37), 'export const one = 1;\n'.repeat(200), 'Grüße, señor — ça va? Привет, мир. Γειά σου.']) {
        assert.equal(estimateTokens(text, 'classic'), Math.ceil(text.length / 4), `classic: ${text.slice(0, 30)}`);
        assert.equal(estimateTokens(text, 'current'), Math.ceil((text.length * 13) / 40), `current: ${text.slice(0, 30)}`);
      }
    });

    it('adds mixed text up: each script at its own rate, one rounding for the whole', () => {
      const mixed = `${ENGLISH} ${CHINESE} ${JAPANESE} \`parseConfig(raw)\``;
      const parts = [ENGLISH, ' ', CHINESE, ' ', JAPANESE, ' `parseConfig(raw)`'];
      for (const family of ['classic', 'current'] as const) {
        const sum = parts.reduce((n, part) => n + estimateTokens(part, family), 0);
        const whole = estimateTokens(mixed, family);
        assert.ok(whole <= sum && whole >= sum - parts.length, `${family}: ${whole} for the whole, ${sum} for its parts`);
      }
      // 23 Chinese characters and 30 Japanese are 53 tokens; the other 103 UTF-16 units, at 4 a token, 25.75 more.
      assert.equal(estimateTokens(mixed, 'classic'), 79);
    });

    it('knows which models use which tokenizer', () => {
      const families = ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-5', 'claude-haiku-5-5', 'claude-3-5-sonnet-20241022', 'mystery'].map(
        (model) => [model, tokenizerFamilyOf(model)],
      );
      assert.deepEqual(Object.fromEntries(families), {
        'claude-haiku-4-5-20251001': 'classic',
        'claude-sonnet-4-6': 'classic',
        'claude-opus-4-7': 'current',
        'claude-opus-5': 'current',
        'claude-haiku-5-5': 'current',
        'claude-3-5-sonnet-20241022': 'classic',
        mystery: 'current',
      });
    });
  });
});
