/**
 * What each model accepts of the two dials, effort and thinking, so a request is always one the
 * model takes. From the API's model capabilities as recorded in shared/anthropic-api.md (2026-11):
 * Opus 5.5 cannot turn thinking off; Sonnet 5 rejects `enabled` (never sent: Model Router asks for
 * `adaptive` or `disabled` only). A model not listed here gets neither parameter: guessing would
 * turn a request the model would have answered into a 400.
 */
export type ThinkingParam = 'adaptive' | 'disabled';

export interface ModelCapabilities {
  /** Accepts `output_config.effort`. */
  readonly effort: boolean;
  /** The thinking modes it accepts. */
  readonly thinking: readonly ThinkingParam[];
}

const BOTH: readonly ThinkingParam[] = ['adaptive', 'disabled'];

const KNOWN: Readonly<Record<string, ModelCapabilities>> = {
  'claude-haiku-5-5': { effort: true, thinking: BOTH },
  'claude-sonnet-5-5': { effort: true, thinking: BOTH },
  'claude-sonnet-5': { effort: true, thinking: BOTH },
  'claude-opus-5-5': { effort: true, thinking: ['adaptive'] },
};

const NONE: ModelCapabilities = { effort: false, thinking: [] };
/** Dated aliases (claude-sonnet-5-5-20261001) have their undated model's capabilities. */
const DATE_SUFFIX = /-\d{8}$/;

export function capabilitiesOf(model: string): ModelCapabilities {
  return KNOWN[model] ?? KNOWN[model.replace(DATE_SUFFIX, '')] ?? NONE;
}

/** Whether the model is one whose capabilities are known. */
export function knowsModel(model: string): boolean {
  return capabilitiesOf(model) !== NONE;
}
