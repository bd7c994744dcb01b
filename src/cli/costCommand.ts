/**
 * `model-router cost`: the price of one request's usage in USD, first thing on the line.
 */
import { parseArgs } from 'node:util';
import { formatUsd } from '../core/money';
import { PRICES_AS_OF, costOf } from '../core/spend/pricing';
import { usageOf } from '../core/model/usage';
import type { CliIo } from './io';
import { InputError, UsageError, parseCount } from './io';

export const COST_USAGE = 'model-router cost --model ID --input N --output N [--cache-read N] [--cache-write N] [--cache-write-1h N] [--batch] [--json]';

export async function costCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      'cache-read': { type: 'string' },
      'cache-write': { type: 'string' },
      'cache-write-1h': { type: 'string' },
      batch: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.model === undefined || values.model.trim() === '') throw new UsageError('--model is required');
  const usage = usageOf({
    inputTokens: parseCount('input', values.input),
    outputTokens: parseCount('output', values.output),
    cacheReadTokens: parseCount('cache-read', values['cache-read'], 0),
    cacheWrite5mTokens: parseCount('cache-write', values['cache-write'], 0),
    cacheWrite1hTokens: parseCount('cache-write-1h', values['cache-write-1h'], 0),
  });
  const cost = costOf(usage, values.model, { batch: values.batch === true });
  if (cost.kind === 'unpriced') {
    throw new InputError(`"${values.model}" is unpriced: the price table (as of ${PRICES_AS_OF}) does not know it. Check the id, or set modelRouter.prices for it in VS Code.`);
  }
  const usd = cost.micros / 1_000_000;
  if (values.json) {
    io.out(JSON.stringify({ usd, micros: cost.micros, model: values.model, usage, pricesAsOf: PRICES_AS_OF }, null, 2));
  } else {
    io.out(`${usd.toFixed(6)} USD (${formatUsd(cost.micros)}) for ${values.model}, prices as of ${PRICES_AS_OF}`);
  }
  return 0;
}
