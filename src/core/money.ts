/**
 * Money is integer micro-dollars (1 USD = 1,000,000 µ$) everywhere, because per-token prices such
 * as $0.10/MTok are fractions of a micro-dollar and summing floats drifts. Only `formatUsd` turns
 * an amount into text, so every surface shows the same dollars the same way.
 */

export const MICROS_PER_USD = 1_000_000;

/**
 * Dollars for display, with at least two significant digits for small amounts: "$0.0042",
 * "$0.042", "$0.42", "$1,234.50". A non-zero amount never shows as "$0.00": below half a
 * hundredth of a cent it reads "<$0.0001". Rounding is half up on the integer amount.
 */
export function formatUsd(micros: number): string {
  if (!Number.isFinite(micros)) {
    return '$?';
  }
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micros));
  if (abs === 0) {
    return '$0.00';
  }
  if (abs < 50) {
    return `${sign}<$0.0001`;
  }
  // Pick the precision from the rounded value so $0.009999 becomes "$0.010", not "$0.0100".
  const decimals = roundTo(abs, 4) < 10_000 ? 4 : roundTo(abs, 3) < 100_000 ? 3 : 2;
  return `${sign}$${fixed(abs, decimals)}`;
}

function roundTo(micros: number, decimals: number): number {
  const unit = 10 ** (6 - decimals);
  return Math.floor((micros + unit / 2) / unit) * unit;
}

function fixed(micros: number, decimals: number): string {
  const units = roundTo(micros, decimals) / 10 ** (6 - decimals);
  const scale = 10 ** decimals;
  const whole = String(Math.floor(units / scale)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(units % scale).padStart(decimals, '0')}`;
}
