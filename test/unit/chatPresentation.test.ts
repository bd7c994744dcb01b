// What Model Router shows of itself in VS Code's Chat: its models in the picker, and the footer
// under an @router answer.
import assert from 'node:assert/strict';
import { answerFooter, withoutFooter } from '../../src/core/languageModel/answerFooter';
import { formatTokens } from '../../src/core/model/tokens';
import { usageOf } from '../../src/core/model/usage';
import { isLmModelId, lmModelInfos } from '../../src/core/languageModel/lmModels';
import { commonLimits, modelLimits } from '../../src/core/model/modelLimits';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';

const decision = { model: 'claude-sonnet-5-5', tier: 'balanced' as const, rule: 'taskKind:tests', reasons: ['Tests (matched “write tests”) → balanced'] };
const usage = { inputTokens: 800, outputTokens: 500, cacheReadTokens: 1200, cacheWrite5mTokens: 300, cacheWrite1hTokens: 0 };

describe('Model Router’s models for VS Code', () => {
  it('knows the limits of current and legacy Claude models, by id with or without a date', () => {
    assert.deepEqual(modelLimits('claude-opus-5-5'), { maxInputTokens: 1_000_000, maxOutputTokens: 128_000, known: true });
    assert.deepEqual(modelLimits('claude-haiku-4-5-20251001'), { maxInputTokens: 200_000, maxOutputTokens: 64_000, known: true });
    assert.equal(modelLimits('my-proxy-model').known, false);
    assert.equal(modelLimits('constructor').known, false, 'no prototype member is a model');
  });

  it('offers Auto and the three tiers, with honest limits and capabilities', () => {
    const models = lmModelInfos(DEFAULT_POLICY);
    assert.deepEqual(models.map((m) => m.id), ['auto', 'fast', 'balanced', 'frontier']);
    assert.deepEqual(models.map((m) => m.name), ['Model Router · Auto', 'Model Router · Fast', 'Model Router · Balanced', 'Model Router · Frontier']);
    assert.ok(models.every((m) => m.maxInputTokens === 1_000_000 && m.maxOutputTokens === 128_000));
    assert.ok(models.every((m) => m.capabilities.toolCalling && m.capabilities.imageInput));
    assert.equal(models[2].detail, 'claude-sonnet-5-5 · $2 / $10 per MTok');
    assert.match(models[0].tooltip, /Frontier: claude-opus-5-5 · \$4 \/ \$20 per MTok/);
  });

  it('gives Auto the limits every tier can honour, and says when a model’s limits are a guess', () => {
    const { policy } = parsePolicy({ tiers: { fast: { model: 'claude-haiku-4-5' }, frontier: { model: 'my-proxy-model' } } });
    const [auto, fast, , frontier] = lmModelInfos(policy);
    assert.equal(fast.maxInputTokens, 200_000);
    assert.deepEqual([auto.maxInputTokens, auto.maxOutputTokens], [200_000, 32_000]);
    assert.deepEqual(commonLimits(['claude-haiku-4-5', 'claude-sonnet-5-5']), { maxInputTokens: 200_000, maxOutputTokens: 64_000, known: true });
    assert.match(frontier.tooltip, /Limits unknown for this model/);
    assert.match(frontier.detail, /unpriced/);
  });

  it('tells its model ids from others', () => {
    assert.deepEqual(['auto', 'fast', 'balanced', 'frontier', 'automated', 'gpt'].map(isLmModelId), [true, true, true, true, false, false]);
  });
});

describe('the @router footer', () => {
  it('names model, tier, rule and reasons, the tokens with cache reads and writes, and the cost', () => {
    const footer = answerFooter({ decision, usage, cost: { kind: 'priced', micros: 7000 } });
    assert.equal(
      footer,
      '\n\n---\n**Model Router** · claude-sonnet-5-5 · balanced · `taskKind:tests` · 2.3k in (cache: 1.2k read, 300 written) / 500 out · **\\$0.0070**  \n*Tests (matched “write tests”) → balanced*\n',
    );
  });

  it('says unpriced and how an answer ended when it did not end well', () => {
    const footer = answerFooter({ decision, usage, cost: { kind: 'unpriced', model: 'x' }, outcome: 'cancelled' });
    assert.match(footer, /\*\*unpriced\*\* · cancelled/);
  });

  it('comes off an earlier answer, and nothing else does', () => {
    const answer = `Here are the tests.${answerFooter({ decision, usage, cost: { kind: 'priced', micros: 7000 } })}`;
    assert.equal(withoutFooter(answer), 'Here are the tests.');
    assert.equal(withoutFooter('A rule:\n\n---\n\nand more'), 'A rule:\n\n---\n\nand more');
  });

  it('writes token counts as people read them, as the status bar and the chat panel do', () => {
    assert.deepEqual([950, 1000, 12_345, 999_999, 1_250_000].map(formatTokens), ['950', '1k', '12.3k', '1M', '1.3M']);
    assert.match(answerFooter({ decision, usage: usageOf({ inputTokens: 12_345, outputTokens: 500 }), cost: { kind: 'priced', micros: 7000 } }), / 12\.3k in \/ 500 out /, 'the footer should write 12,345 tokens as 12.3k');
  });
});
