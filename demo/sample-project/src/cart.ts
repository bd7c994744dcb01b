// A small shopping cart: the file to try Add Docstring, Refactor Selection… and Write Tests on.

export interface CartItem {
  readonly sku: string;
  readonly priceCents: number;
  readonly quantity: number;
}

export function subtotal(items: readonly CartItem[]): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    sum = sum + item.priceCents * item.quantity;
  }
  return sum;
}

export function cartTotal(items: readonly CartItem[], discountPercent: number): number {
  if (discountPercent < 0 || discountPercent > 100) {
    throw new RangeError(`discountPercent must be between 0 and 100, got ${discountPercent}`);
  }
  const before = subtotal(items);
  return Math.round(before * (1 - discountPercent / 100));
}
