/**
 * What a request cost. Money is integer micro-dollars everywhere outside this file (see money.ts).
 * Here a price becomes integer µ$ per million tokens, the products are summed as bigint, and the
 * total is rounded half up exactly once per request.
 */
import { PRICE_TABLE } from './priceTable';
import type { ModelPrice, TokenPrices } from './priceTable';
import { promptTokens } from '../model/usage';
import type { Usage } from '../model/usage';
import { MICROS_PER_USD, formatUsd } from '../money';

export type { ModelPrice, TokenPrices } from './priceTable';
export { PRICES_AS_OF, PRICE_TABLE, modelPriceSchema } from './priceTable';

/** One request's cost. An unknown model is `unpriced` — never $0, which would read as "free". */
export type Cost =
  | { readonly kind: 'priced'; readonly micros: number }
  | { readonly kind: 'unpriced'; readonly model: string };

/** User-supplied prices by model id (dated or undated), USD per million tokens. */
export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

export interface CostOptions {
  /** Take precedence over the built-in table for the same id (see {@link priceFor}). */
  readonly overrides?: PriceOverrides;
  /** Message Batches API: half price on every token class (see {@link costWithPrice}). */
  readonly batch?: boolean;
}


const TOKENS_PER_MTOK = 1_000_000n;
const DATE_SUFFIX = /-\d{8}$/;
/** Bedrock's ids and inference profiles ("us.anthropic.claude-sonnet-4-5-20250929-v1:0") and Vertex's ("claude-sonnet-4-5@20250929"). */
const BEDROCK_ID = /^(?:[a-z]{2,7}\.)?anthropic\.(.+?)(?:-v\d+(?::\d+)?)?$/;
const VERTEX_DATE = /@\d{8}$/;

/** The Anthropic model id under a Bedrock or Vertex id, which is priced as the model it names. */
export function anthropicModelOf(model: string): string {
  return (BEDROCK_ID.exec(model)?.[1] ?? model).replace(VERTEX_DATE, '');
}

/**
 * The price of a model id. Overrides win over the built-in table, because a user who writes a
 * price for an id means "bill it like this" — a negotiated rate, a price change newer than
 * PRICES_AS_OF. Order: override for the exact id, override for the id without its date suffix,
 * built-in exact, built-in undated, then the same for the Anthropic model a Bedrock or Vertex id
 * names. An override with an invalid number is skipped (the settings
 * layer reports it) rather than producing NaN dollars.
 */
export function priceFor(model: string, overrides?: PriceOverrides): ModelPrice | undefined {
  const undated = model.replace(DATE_SUFFIX, '');
  const named = anthropicModelOf(model);
  for (const table of [overrides, PRICE_TABLE]) {
    if (table === undefined) {
      continue;
    }
    const price = ownPrice(table, model) ?? ownPrice(table, undated) ?? (named === model ? undefined : (ownPrice(table, named) ?? ownPrice(table, named.replace(DATE_SUFFIX, ''))));
    if (price !== undefined) {
      return price;
    }
  }
  return undefined;
}

/** The cost of one request's usage on `model`; `unpriced` when no price is known for it. */
export function costOf(usage: Usage, model: string, options: CostOptions = {}): Cost {
  const price = priceFor(model, options.overrides);
  if (price === undefined) {
    return { kind: 'unpriced', model };
  }
  return { kind: 'priced', micros: costWithPrice(usage, price, options.batch ?? false) };
}

/**
 * Integer micro-dollars for `usage` at `price`. A prompt longer than the model's long-prompt
 * threshold moves every token of the request to the higher band, output included.
 *
 * Batch: the provider states "50% off input and output"; its cache multipliers are defined
 * relative to the input price, so the discount is applied to every token class — cache writes and
 * reads included — by halving the exact sum before the single rounding.
 */
export function costWithPrice(usage: Usage, price: ModelPrice, batch = false): number {
  const band: TokenPrices =
    price.longPrompt !== undefined && promptTokens(usage) > price.longPrompt.aboveTokens
      ? price.longPrompt.prices
      : price;
  const scaled =
    tokens(usage.inputTokens) * microsPerMTok(band.input) +
    tokens(usage.cacheWrite5mTokens) * microsPerMTok(band.cacheWrite5m) +
    tokens(usage.cacheWrite1hTokens) * microsPerMTok(band.cacheWrite1h) +
    tokens(usage.cacheReadTokens) * microsPerMTok(band.cacheRead) +
    tokens(usage.outputTokens) * microsPerMTok(band.output);
  const divisor = batch ? 2n * TOKENS_PER_MTOK : TOKENS_PER_MTOK;
  return Number((scaled + divisor / 2n) / divisor);
}

/** The ledger's form of a cost: micro-dollars, or null for unpriced. */
export function microsOrNull(cost: Cost): number | null {
  return cost.kind === 'priced' ? cost.micros : null;
}

/** A cost for display: dollars, or the word "unpriced". */
export function formatCost(cost: Cost): string {
  return cost.kind === 'priced' ? formatUsd(cost.micros) : 'unpriced';
}

function ownPrice(table: PriceOverrides, id: string): ModelPrice | undefined {
  // Object.hasOwn keeps ids such as "constructor" from finding Object.prototype members.
  if (!Object.hasOwn(table, id)) {
    return undefined;
  }
  const price = table[id];
  return price !== undefined && isUsablePrice(price) ? price : undefined;
}

function isUsablePrice(price: ModelPrice): boolean {
  const bands = price.longPrompt === undefined ? [price] : [price, price.longPrompt.prices];
  return bands.every((band) =>
    [band.input, band.cacheWrite5m, band.cacheWrite1h, band.cacheRead, band.output].every(
      (value) => Number.isFinite(value) && value >= 0,
    ),
  );
}

function microsPerMTok(usdPerMTok: number): bigint {
  // Exact for any price with up to six decimals, which covers every published price.
  return BigInt(Math.round(usdPerMTok * MICROS_PER_USD));
}

function tokens(count: number): bigint {
  // Never throw on the spend path: a malformed count is billed as zero rather than crashing.
  return Number.isFinite(count) && count > 0 ? BigInt(Math.round(count)) : 0n;
}
