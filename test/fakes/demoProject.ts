/**
 * What the demo backend knows about the sample project (demo/sample-project): tests that match
 * its files, the coupon plan and the edits that carry it out, and explanations of its functions.
 * Anything outside the sample gets an answer built from the code sent (demoCode.ts).
 */
import { firstDeclaration, words } from './demoCode';

// The sample's modules, as its files import them (with the extension, for Node's type stripping).
const CART = "'./cart.ts'";
const PRICE_FORMAT = "'./priceFormat.ts'";

const CART_TESTS = `import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cartTotal, subtotal, type CartItem } from ${CART};

const items: CartItem[] = [
  { sku: 'mug', priceCents: 1250, quantity: 2 },
  { sku: 'tea', priceCents: 899, quantity: 1 },
];

describe('subtotal', () => {
  it('adds price times quantity over every line', () => {
    assert.equal(subtotal(items), 3399);
  });
  it('is 0 for an empty cart', () => {
    assert.equal(subtotal([]), 0);
  });
});

describe('cartTotal', () => {
  it('applies a percentage discount and rounds to the cent', () => {
    assert.equal(cartTotal(items, 10), 3059);
  });
  it('keeps the subtotal without a discount', () => {
    assert.equal(cartTotal(items, 0), 3399);
  });
  it('rejects a discount outside 0..100', () => {
    assert.throws(() => cartTotal(items, 120), RangeError);
  });
});
`;

const PRICE_TESTS = `import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrice } from ${PRICE_FORMAT};

describe('formatPrice', () => {
  it('formats cents as dollars', () => {
    assert.equal(formatPrice(1999), '$19.99');
  });
  it('formats zero', () => {
    assert.equal(formatPrice(0), '$0.00');
  });
});
`;

/** A test file for `path`, or undefined when the demo has none written for it. */
export function sampleTests(path: string): string | undefined {
  if (path.endsWith('src/cart.ts')) return CART_TESTS;
  if (path.endsWith('src/priceFormat.ts')) return PRICE_TESTS;
  return undefined;
}

/** Tests for any TypeScript/JavaScript file: each exported function exists and can be called. */
export function genericTests(path: string, source: string): string {
  // The sample imports with the extension, as Node's type stripping needs (`npm test`).
  const module = `./${path.slice(path.lastIndexOf('/') + 1)}`;
  const names = [...source.matchAll(/export (?:async )?function (\w+)/g)].map((m) => m[1]);
  if (names.length === 0) return `import { it } from 'node:test';\nimport assert from 'node:assert/strict';\nimport * as subject from '${module}';\n\nit('loads', () => {\n  assert.ok(subject);\n});\n`;
  return [
    "import { describe, it } from 'node:test';",
    "import assert from 'node:assert/strict';",
    `import { ${names.join(', ')} } from '${module}';`,
    '',
    ...names.flatMap((name) => [`describe('${name}', () => {`, "  it('is exported as a function', () => {", `    assert.equal(typeof ${name}, 'function');`, '  });', '});', '']),
  ].join('\n');
}

/** The plan for "add coupon codes…", whose steps name files of the sample project. */
export const COUPON_PLAN = `## Step 1: Add coupon codes to the cart
Files: src/cart.ts

Add \`COUPONS\`, a table of codes to percentage discounts, and \`applyCoupon(items, code)\`, which
returns the cart total with the code's discount and throws a \`RangeError\` naming an unknown code.

## Step 2: Accept a coupon at checkout
Files: src/checkout.ts

Add \`checkoutWithCoupon(items, code)\`, which uses \`applyCoupon\` and the same shipping as
\`checkoutSummary\`, so the summary line shows the discounted total.`;

const APPLY_COUPON = `
/** Coupon codes and the percentage each takes off. */
export const COUPONS: Readonly<Record<string, number>> = { WELCOME10: 10, TEAPARTY: 25 };

/** The cart total with the coupon's discount; an unknown code is a RangeError that names it. */
export function applyCoupon(items: readonly CartItem[], code: string): number {
  const percent = COUPONS[code.trim().toUpperCase()];
  if (percent === undefined) throw new RangeError(\`Unknown coupon code "\${code}"\`);
  return cartTotal(items, percent);
}
`;

const CHECKOUT_WITH_COUPON = `
/** The checkout summary with a coupon code applied to the goods (not to shipping). */
export function checkoutWithCoupon(items: readonly CartItem[], code: string): string {
  const goods = applyCoupon(items, code);
  const shipping = typeof shippingFor === 'function' ? shippingFor(goods) : SHIPPING_CENTS;
  return \`Total: \${formatPrice(goods + shipping)} with coupon \${code.trim().toUpperCase()}\`;
}
`;

/**
 * The new content of `path` for a plan step: the coupon steps' additions appended to the file as
 * it is now (so earlier edits, such as a docstring, are kept), or undefined for other steps.
 */
export function couponStepContent(stepText: string, path: string, current: string): string | undefined {
  const text = current.endsWith('\n') ? current : `${current}\n`;
  if (/coupon/i.test(stepText) && path.endsWith('src/cart.ts')) return text.includes('function applyCoupon') ? text : `${text}${APPLY_COUPON}`;
  if (/coupon/i.test(stepText) && path.endsWith('src/checkout.ts')) {
    if (text.includes('function checkoutWithCoupon')) return text;
    const withImport = text.replace(/import \{ cartTotal, type CartItem \} from '\.\/cart\.ts';/, `import { applyCoupon, cartTotal, type CartItem } from ${CART};`);
    const body = withImport.includes('function shippingFor') ? CHECKOUT_WITH_COUPON.replace("typeof shippingFor === 'function' ? shippingFor(goods) : SHIPPING_CENTS", 'shippingFor(goods)') : CHECKOUT_WITH_COUPON.replace("typeof shippingFor === 'function' ? shippingFor(goods) : SHIPPING_CENTS", 'SHIPPING_CENTS');
    return `${withImport}${body}`;
  }
  return undefined;
}

const KNOWN_EXPLANATIONS: Readonly<Record<string, string>> = {
  cartTotal:
    '**`cartTotal`** turns the cart into the amount to charge, in cents.\n\n1. It rejects a discount outside 0–100 with a `RangeError` that names the value, so a bad coupon fails loudly instead of producing a negative total.\n2. It takes the `subtotal` (price × quantity over every line).\n3. It applies the discount and **rounds to the nearest cent** with `Math.round` — working in integer cents avoids floating-point drift like `0.1 + 0.2`.\n\nOne thing to watch: rounding happens once, on the total, so per-line discounts would not add up to exactly the same figure.',
  subtotal:
    '**`subtotal`** adds `priceCents × quantity` over every line and returns the sum in cents. It walks the array with an index loop; `items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0)` says the same in one line (try **Refactor Selection…**).',
  formatPrice:
    '**`formatPrice`** divides cents by 100 and formats the result with `Intl.NumberFormat` as a currency, so 1999 becomes "$19.99". As written it reads `cnts`, which does not exist — the red squiggle; **Fix the Problem at the Cursor** corrects it.',
  checkoutSummary: '**`checkoutSummary`** adds shipping to the discounted cart total and formats the result for the checkout page.',
  createSession: '**`createSession`** makes a session for a user with a random token that expires in 30 days. The token comes from `Math.random()`, which is predictable — see **Security Review of This File**.',
  isValid: '**`isValid`** signs the session’s token and compares it with what the client presented. The comparison is `==` on strings, which is not constant-time.',
};

/** An explanation of the code: the sample's own words for its functions, else one read from the code. */
export function explanationFor(code: string, path: string | undefined): string {
  const declaration = firstDeclaration(code);
  if (declaration && KNOWN_EXPLANATIONS[declaration.name]) return KNOWN_EXPLANATIONS[declaration.name];
  const where = path ? ` in \`${path}\`` : '';
  if (!declaration) {
    const lines = code.split('\n').filter((line) => line.trim() !== '').length;
    return `These ${lines} line${lines === 1 ? '' : 's'}${where} run top to bottom with no function of their own. Select a whole function for a closer reading of its inputs, result and errors.`;
  }
  const parts = [`**\`${declaration.name}\`**${where} is a ${declaration.kind} for the ${words(declaration.name)}.`];
  if (declaration.params.length > 0) parts.push(`It takes ${declaration.params.map((p) => `\`${p}\``).join(', ')}${declaration.returns ? ` and returns \`${declaration.returns}\`` : ''}.`);
  if (declaration.throws.length > 0) parts.push(`It throws ${declaration.throws.map((e) => `\`${e}\``).join(', ')} on bad input, so callers see the problem early.`);
  if (/\bfor\b|\.map\(|\.reduce\(|\.forEach\(/.test(code)) parts.push('It walks its input once, so the cost grows linearly with its size.');
  if (/\bawait\b/.test(code)) parts.push('It awaits asynchronous work, so callers get a promise.');
  return parts.join(' ');
}
