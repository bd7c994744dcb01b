// Formats prices for the receipt. It has a mistake on purpose: put the cursor on the red squiggle
// and run "Model Router: Fix the Problem at the Cursor".

export function formatPrice(cents: number, currency = 'USD'): string {
  const dollars = cnts / 100;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(dollars);
}
