/**
 * What the CLI needs from the outside world, passed in so tests run it in-process.
 */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly readFile: (path: string) => Promise<string>;
}

/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** A problem with the input the CLI was given (a bad file, an unpriced model): exit code 1. */
export class InputError extends Error {}

export function parseCount(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  const shown = value.length > 40 ? `${value.slice(0, 40)}… (${value.length} characters)` : value;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number of tokens or lines, not "${shown}"`);
  const count = Number(value);
  // Past 2^53 a number is no longer exact (and 400 digits is Infinity, which prices as $0).
  if (!Number.isSafeInteger(count)) throw new UsageError(`--${name} is too large: "${shown}" is above ${Number.MAX_SAFE_INTEGER}`);
  return count;
}
