import assert from 'node:assert/strict';
import { estimateText, modelDisplayName } from '../../src/core/spend/estimate';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';

describe('pre-send estimate', () => {
  it('names models as people do', () => {
    assert.equal(modelDisplayName('claude-sonnet-5-5'), 'Sonnet 5.5');
    assert.equal(modelDisplayName('claude-haiku-4-5-20251001'), 'Haiku 4.5');
    assert.equal(modelDisplayName('claude-opus-5'), 'Opus 5');
    assert.equal(modelDisplayName('my-model'), 'my-model');
  });

  it('shows the routed model, tier and an estimated cost that grows with the prompt', () => {
    const decision = route({ surface: 'chat', prompt: 'write tests for this' }, DEFAULT_POLICY);
    const short = estimateText(decision, 'write tests for this');
    // ~7 input tokens × $2 + 600 output × $10 per MTok ≈ $0.0060
    assert.equal(short, '→ Sonnet 5.5 · balanced · est. $0.0060');
    const long = estimateText(decision, 'x'.repeat(40_000));
    assert.match(long, /^→ Sonnet 5\.5 · balanced · est\. \$0\.032$/);
  });

  it('says unpriced for an unknown model, never $0', () => {
    const decision = { ...route({ surface: 'chat', prompt: 'hi' }, DEFAULT_POLICY), model: 'my-model' };
    assert.match(estimateText(decision, 'hi'), /est\. unpriced$/);
  });
});
