/**
 * The models Model Router offers in VS Code's model picker: "Auto", which routes every task, and
 * one fixed model per tier. Their limits are the real ones of the models behind them (Auto's are
 * what every tier can honour, since a task may go to any of them), so VS Code never builds a prompt
 * that a tier would refuse.
 */
import type { ModelLimits } from '../model/modelLimits';
import { commonLimits, modelLimits } from '../model/modelLimits';
import type { Policy } from '../routing/policy';
import type { PriceOverrides } from '../spend/pricing';
import { priceFor } from '../spend/pricing';
import type { ModelTier } from '../routing/tiers';
import { MODEL_TIERS, TIER_LABELS } from '../routing/tiers';

/** The `vendor` of Model Router's models in `vscode.lm`. */
export const LM_VENDOR = 'model-router';

export type LmModelId = 'auto' | ModelTier;

/** Mirrors vscode.LanguageModelChatInformation, without the editor. */
export interface LmModelInfo {
  readonly id: LmModelId;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly detail: string;
  readonly tooltip: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly toolCalling: true; readonly imageInput: true };
}

const TIER_USE: Readonly<Record<ModelTier, string>> = {
  fast: 'mechanical work: renames, boilerplate, commit messages, docstrings',
  balanced: 'generative work: implementing, tests, bug fixes, reviews',
  frontier: 'reasoning: architecture, planning, debugging, security',
};

export function lmModelInfos(policy: Policy, prices: PriceOverrides = {}): LmModelInfo[] {
  const tierModels = MODEL_TIERS.map((tier) => policy.tiers[tier].model);
  const auto: LmModelInfo = {
    id: 'auto',
    name: 'Model Router · Auto',
    family: 'model-router-auto',
    version: tierModels.join('+'),
    detail: 'cheapest tier that does the task well',
    tooltip: [
      'Routes each task to the cheapest Claude tier that does it well, and keeps that tier for the task’s tool-calling steps.',
      ...MODEL_TIERS.map((tier) => `${TIER_LABELS[tier]}: ${policy.tiers[tier].model}${priceText(policy.tiers[tier].model, prices)}`),
      limitsNote(commonLimits(tierModels)),
    ].join('\n'),
    ...limitsOf(commonLimits(tierModels)),
    capabilities: { toolCalling: true, imageInput: true },
  };
  const tiers = MODEL_TIERS.map((tier): LmModelInfo => {
    const model = policy.tiers[tier].model;
    return {
      id: tier,
      name: `Model Router · ${TIER_LABELS[tier]}`,
      family: model,
      version: model,
      detail: `${model}${priceText(model, prices)}`,
      tooltip: [`Always the ${tier} tier (${model}), for ${TIER_USE[tier]}.`, limitsNote(modelLimits(model))].join('\n'),
      ...limitsOf(modelLimits(model)),
      capabilities: { toolCalling: true, imageInput: true },
    };
  });
  return [auto, ...tiers];
}

export function isLmModelId(id: string): id is LmModelId {
  return id === 'auto' || (MODEL_TIERS as readonly string[]).includes(id);
}

function limitsOf(limits: ModelLimits): Pick<LmModelInfo, 'maxInputTokens' | 'maxOutputTokens'> {
  return { maxInputTokens: limits.maxInputTokens, maxOutputTokens: limits.maxOutputTokens };
}

function limitsNote(limits: ModelLimits): string {
  const numbers = `${limits.maxInputTokens.toLocaleString('en-US')} tokens in, ${limits.maxOutputTokens.toLocaleString('en-US')} out`;
  return limits.known ? `Limits: ${numbers}.` : `Limits unknown for this model; assuming ${numbers}.`;
}

function priceText(model: string, prices: PriceOverrides): string {
  const price = priceFor(model, prices);
  return price ? ` · $${price.input} / $${price.output} per MTok` : ' · unpriced';
}
