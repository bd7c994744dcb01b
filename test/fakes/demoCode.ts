/**
 * The demo backend's reading of code: enough to write a docstring from a signature, fix a name
 * the compiler says is misspelled, make a mechanical refactoring and find the usual security
 * mistakes with their real line numbers. Every answer is derived from the code sent, never from
 * the prompt's wording, so nothing of the prompt is ever echoed.
 */

export interface Declaration {
  readonly kind: 'function' | 'class' | 'interface' | 'const';
  readonly name: string;
  readonly params: readonly string[];
  readonly returns?: string;
  /** Errors the body throws: `throw new RangeError(` → RangeError. */
  readonly throws: readonly string[];
  readonly python: boolean;
}

/** Splits `a: T, b = f(1, 2)` on its top-level commas. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if ('([{<'.includes(char)) depth += 1;
    if (')]}>'.includes(char)) depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function paramName(part: string): string {
  return part.replace(/^(?:readonly|public|private|protected)\s+/, '').replace(/^\.\.\./, '').split(/[?:=]/)[0].trim();
}

/** The first declaration in `code`, with its parameters. */
export function firstDeclaration(code: string): Declaration | undefined {
  const throws = [...code.matchAll(/throw new (\w+)/g)].map((m) => m[1]);
  const fn = /(?:export\s+)?(?:async\s+)?function\s*\*?\s*(\w+)\s*(?:<[^>]*>)?\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{/.exec(code);
  if (fn) return { kind: 'function', name: fn[1], params: topLevelParts(fn[2]).map(paramName), returns: fn[3]?.trim(), throws, python: false };
  const arrow = /(?:export\s+)?const\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s*)?\(([^)]*)\)\s*(?::\s*([^=]+?))?\s*=>/.exec(code);
  if (arrow) return { kind: 'function', name: arrow[1], params: topLevelParts(arrow[2]).map(paramName), returns: arrow[3]?.trim(), throws, python: false };
  const py = /def\s+(\w+)\s*\(([^)]*)\)\s*(?:->\s*([^:]+))?:/.exec(code);
  if (py) return { kind: 'function', name: py[1], params: topLevelParts(py[2]).map(paramName).filter((p) => p !== 'self'), returns: py[3]?.trim(), throws, python: true };
  const type = /(?:export\s+)?(class|interface)\s+(\w+)/.exec(code);
  if (type) return { kind: type[1] as 'class' | 'interface', name: type[2], params: [], throws, python: false };
  const constant = /(?:export\s+)?const\s+(\w+)/.exec(code);
  if (constant) return { kind: 'const', name: constant[1], params: [], throws, python: false };
  return undefined;
}

/** `cartTotal` → "cart total"; `SHIPPING_CENTS` → "shipping cents". */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .trim();
}

/** What the sample project's declarations do, in the words a maintainer would use. */
const KNOWN_SUMMARIES: Readonly<Record<string, { summary: string; params?: Record<string, string>; returns?: string }>> = {
  cartTotal: {
    summary: 'The cart’s total in cents after a percentage discount, rounded to the nearest cent.',
    params: { items: 'the cart’s lines', discountPercent: 'the discount, from 0 to 100' },
    returns: 'the discounted total, in cents',
  },
  subtotal: { summary: 'The sum of every line’s price times its quantity, before any discount.', params: { items: 'the cart’s lines' }, returns: 'the subtotal, in cents' },
  formatPrice: { summary: 'Formats an amount in cents as a price for the receipt, e.g. 1999 → "$19.99".', params: { cents: 'the amount, in cents', currency: 'an ISO 4217 currency code' }, returns: 'the formatted price' },
  checkoutSummary: { summary: 'The one-line summary shown at checkout: the discounted total with shipping.', params: { items: 'the cart’s lines', discountPercent: 'the discount, from 0 to 100' }, returns: 'the summary line' },
  createSession: { summary: 'Starts an admin session for `user`, with a new token.', params: { user: 'the admin’s user name' }, returns: 'the new session' },
  isValid: { summary: 'Whether `presented` is the signed token of `session`.', params: { session: 'the session to check against', presented: 'the signature the client sent' } },
};

/** A documentation comment for the declaration, in its language's idiom. */
export function docstringFor(declaration: Declaration): string {
  const known = KNOWN_SUMMARIES[declaration.name];
  const summary = known?.summary ?? `${capitalize(words(declaration.name))}${declaration.kind === 'function' ? '.' : ` (${declaration.kind}).`}`;
  const param = (name: string) => known?.params?.[name] ?? `the ${words(name)}`;
  if (declaration.python) {
    const args = declaration.params.map((name) => `    ${name}: ${capitalize(param(name))}.`);
    return ['"""' + summary, ...(args.length > 0 ? ['', 'Args:', ...args] : []), ...(declaration.throws.length > 0 ? ['', 'Raises:', ...declaration.throws.map((e) => `    ${e}: when the input is out of range.`)] : []), '"""'].join('\n');
  }
  const tags = [
    ...declaration.params.map((name) => ` * @param ${name} - ${param(name)}`),
    ...(declaration.kind === 'function' && declaration.returns !== 'void' ? [` * @returns ${known?.returns ?? (declaration.returns ? `the ${words(declaration.name)}` : 'the result')}`] : []),
    ...declaration.throws.map((error) => ` * @throws ${error} when an argument is out of range`),
  ];
  return ['/**', ` * ${summary}`, ...(tags.length > 0 ? [' *', ...tags] : []), ' */'].join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Cannot find name 'cnts'. Did you mean 'cents'?` and the like → [wrong, right] pairs. */
export function suggestedRenames(diagnostics: string): Array<[string, string]> {
  return [...diagnostics.matchAll(/'(\w+)'[^'\n]*?Did you mean '(\w+)'\?/g)].map((m) => [m[1], m[2]]);
}

/** The lines with every misspelled name the compiler named replaced by its suggestion. */
export function fixLines(lines: string, diagnostics: string): { code: string; cause: string } | undefined {
  const renames = suggestedRenames(diagnostics);
  if (renames.length === 0) return undefined;
  let code = lines;
  for (const [wrong, right] of renames) code = code.replace(new RegExp(`\\b${wrong}\\b`, 'g'), right);
  if (code === lines) return undefined;
  const [wrong, right] = renames[0];
  return { code, cause: `\`${wrong}\` is a misspelling of the parameter \`${right}\`, so the name was undefined at run time as well as for the compiler.` };
}

/**
 * A behaviour-keeping refactoring of the lines: an index loop that sums into a variable becomes a
 * `reduce`, other index loops become `for…of`, and `x = x + y` becomes `x += y`.
 */
export function refactorLines(code: string): { code: string; change: string } | undefined {
  const sumLoop = /^([ \t]*)let (\w+) = 0;\n[ \t]*for \(let (\w+) = 0; \3 < (\w+)\.length; \3\+\+\) \{\n[ \t]*const (\w+) = \4\[\3\];\n[ \t]*\2 = \2 \+ ([^;]+);\n[ \t]*\}\n([ \t]*)return \2;/m;
  const sum = sumLoop.exec(code);
  if (sum) {
    const [, indent, , , list, item, term] = sum;
    const replaced = code.replace(sumLoop, `${indent}return ${list}.reduce((sum, ${item}) => sum + ${term}, 0);`);
    return { code: replaced, change: `The index loop and its running total became one \`reduce\` over \`${list}\`: the same sum, without the loop variable or the mutable \`sum\`.` };
  }
  let changed = code.replace(/for \(let (\w+) = 0; \1 < (\w+)\.length; \1\+\+\) \{\n([ \t]*)const (\w+) = \2\[\1\];\n/g, 'for (const $4 of $2) {\n');
  changed = changed.replace(/\b(\w+) = \1 \+ /g, '$1 += ');
  if (changed === code) return undefined;
  return { code: changed, change: 'Index loops became `for…of` and running totals use `+=`; the behaviour is unchanged.' };
}

export interface SecurityFinding {
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly fix: string;
}

const SECURITY_RULES: ReadonlyArray<{ test: RegExp; severity: SecurityFinding['severity']; message: string; fix: string }> = [
  { test: /(secret|password|passwd|api_?key|private_?key)\w*\s*[:=]\s*['"][^'"]{6,}['"]/i, severity: 'error', message: 'hard-coded secret in the source; anyone with the repository can forge what it protects', fix: 'Read the secret from the environment or a secret manager, and rotate the one that was committed.' },
  { test: /Math\.random\(\)/, severity: 'error', message: 'Math.random() is not a cryptographic generator; tokens made with it can be predicted', fix: 'Use `crypto.randomUUID()` or `crypto.getRandomValues()` for tokens.' },
  { test: /hash \* 31|\bmd5\b|\bsha1\b/i, severity: 'error', message: 'a weak hash is used as a signature; it is not a MAC and collisions are easy to find', fix: 'Sign with HMAC-SHA-256 (`createHmac("sha256", key)`).' },
  { test: /[^=!<>]==[^=]/, severity: 'warning', message: 'the signature is compared with == : loose, and not constant-time, so it leaks timing', fix: 'Compare with `crypto.timingSafeEqual` on equal-length buffers.' },
  { test: /30 \* 24 \* 60 \* 60/, severity: 'info', message: 'sessions live 30 days and nothing checks expiresAt when a token is presented', fix: 'Check `expiresAt` in the validation and shorten the lifetime for an admin area.' },
  { test: /\beval\(|new Function\(/, severity: 'error', message: 'code is built from a string at run time', fix: 'Parse the input instead of evaluating it.' },
  { test: /\b(SELECT|INSERT|UPDATE|DELETE)\b[^;]*(\+ *\w|\$\{)/i, severity: 'error', message: 'SQL is built by string concatenation: injection', fix: 'Use parameterised queries.' },
  { test: /\.innerHTML\s*=/, severity: 'warning', message: 'HTML is assigned from a value that may come from the user: XSS', fix: 'Assign `textContent`, or sanitise.' },
];

/** The security findings of a file, one per rule and line, in line order. */
export function securityFindings(text: string): SecurityFinding[] {
  const findings: SecurityFinding[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*(\/\/|#|\*)/.test(line)) return;
    for (const rule of SECURITY_RULES) if (rule.test.test(line)) findings.push({ line: index + 1, severity: rule.severity, message: rule.message, fix: rule.fix });
  });
  return findings;
}

/** One line of code for the hole: names only what the code before it defines. */
export function completionFor(prefix: string): string {
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const defined = [...prefix.matchAll(/\b(?:const|let|var)\s+(\w+)/g)].map((m) => m[1]);
  const params = [...prefix.matchAll(/function\s+\w+\s*\(([^)]*)\)/g)].flatMap((m) => topLevelParts(m[1]).map(paramName));
  const last = defined[defined.length - 1] ?? params[params.length - 1];
  if (/return\s*$/.test(line)) return last ? `${last};` : 'undefined;';
  if (/^\s*$/.test(line) && last) return `return ${last};`;
  if (/\/\/\s*$/.test(line)) return ' keep this in step with the tests';
  return '';
}
