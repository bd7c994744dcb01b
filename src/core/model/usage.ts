/**
 * Token usage of one request, as the Messages API reports it. `inputTokens` counts uncached input
 * only; the total prompt is inputTokens + cacheWrite5mTokens + cacheWrite1hTokens + cacheReadTokens.
 */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Cache writes with the default 5-minute lifetime. */
  readonly cacheWrite5mTokens: number;
  /** Cache writes with the 1-hour lifetime. */
  readonly cacheWrite1hTokens: number;
  readonly cacheReadTokens: number;
  /** Part of outputTokens spent on thinking, when the API reports it. */
  readonly thinkingTokens?: number;
}

export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
});

/** Every token of the prompt, cached or not. */
export function promptTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens + usage.cacheReadTokens;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWrite5mTokens: a.cacheWrite5mTokens + b.cacheWrite5mTokens,
    cacheWrite1hTokens: a.cacheWrite1hTokens + b.cacheWrite1hTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    thinkingTokens: (a.thinkingTokens ?? 0) + (b.thinkingTokens ?? 0),
  };
}

export function usageOf(partial: Partial<Usage>): Usage {
  return { ...ZERO_USAGE, ...partial };
}
