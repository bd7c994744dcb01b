// Checkout: puts the cart and the price format together. Plan a Change works well from here.
import { cartTotal, type CartItem } from './cart.ts';
import { formatPrice } from './priceFormat.ts';

export const SHIPPING_CENTS = 499;

export function checkoutSummary(items: readonly CartItem[], discountPercent = 0): string {
  const total = cartTotal(items, discountPercent) + SHIPPING_CENTS;
  return `Total: ${formatPrice(total)} (shipping included)`;
}
