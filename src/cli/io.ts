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
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number of tokens or lines, not "${value}"`);
  return Number(value);
}
