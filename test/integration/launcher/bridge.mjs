// The UI bridge: a loopback HTTP endpoint through which tests running inside the extension host ask
// the launcher's Playwright page for screenshots and DOM facts (webview content, ghost text, ...).
// The extension host finds it through the INTEGRATION_UI_BRIDGE_URL environment variable, which it
// inherits from the server. Client: test/integration/support/ui.ts.
//
// Protocol: POST <url> with a JSON body { op, ...args }; the answer is { ok: true, value } or
// { ok: false, error } (HTTP 500). Ops and their arguments are the cases of `perform` below. Every op
// that takes a `selector` (any Playwright selector: CSS, text=..., xpath=...) also takes a target:
//   webview: true | string  inside a webview's content; a string must occur in the webview iframe's
//                           src (it carries extensionId=<publisher.name>; views also purpose=webviewView);
//                           "!text" means the src must not contain text
//   frames: string[]        a chain of iframe selectors to descend first
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

/** Name of the environment variable that carries the bridge URL into the extension host. */
export const UI_BRIDGE_ENV = 'INTEGRATION_UI_BRIDGE_URL';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * @param {{ page: Promise<import('playwright-core').Page>, artifactsDir: string }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startUiBridge({ page, artifactsDir }) {
  const token = randomUUID();
  const server = createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== `/${token}`) return reply(404, { ok: false, error: 'not found' });
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const request = JSON.parse(Buffer.concat(chunks).toString() || '{}');
          reply(200, { ok: true, value: await perform(await page, request, artifactsDir) });
        } catch (err) {
          reply(500, { ok: false, error: String(err?.message ?? err) });
        }
      })();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The page, or the frame the request targets (webview content or an iframe chain). */
function root(page, { webview, frames = [] }) {
  const chain = [];
  if (webview) {
    // "!text" selects a webview whose src does NOT contain text (a panel while a view is open too).
    const negated = typeof webview === 'string' && webview.startsWith('!');
    const text = negated ? webview.slice(1) : webview;
    const filter = typeof webview !== 'string' ? '' : negated ? `:not([src*=${JSON.stringify(text)}])` : `[src*=${JSON.stringify(text)}]`;
    chain.push(`iframe.webview${filter}`, 'iframe#active-frame');
  }
  chain.push(...frames);
  let scope = page;
  for (const selector of chain) scope = scope.locator(selector).filter({ visible: true }).first().contentFrame();
  return scope;
}

const normalize = (text) => (text ?? '').replace(/\u00a0/g, ' '); // the editor renders spaces as nbsp

/** Executes one bridge request against the page. */
async function perform(page, request, artifactsDir) {
  const timeout = request.timeout ?? DEFAULT_TIMEOUT_MS;
  const scope = () => root(page, request);
  const first = () => scope().locator(required(request, 'selector')).first();
  switch (request.op) {
    case 'screenshot': {
      // { name, selector?, fullPage? } -> absolute path of the PNG under <artifacts>/screenshots
      const dir = join(artifactsDir, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${required(request, 'name').replace(/[^\w.-]+/g, '_')}.png`);
      if (request.selector) await first().screenshot({ path, timeout });
      else await page.screenshot({ path, fullPage: Boolean(request.fullPage), timeout });
      return path;
    }
    case 'waitFor': // { selector, state?: 'attached'|'detached'|'visible'|'hidden' } -> true
      await first().waitFor({ state: request.state ?? 'visible', timeout });
      return true;
    case 'text': // { selector } -> textContent of the first match, once it is attached
      await first().waitFor({ state: 'attached', timeout });
      return normalize(await first().textContent({ timeout }));
    case 'texts': // { selector } -> textContent of every current match (no waiting)
      return (await scope().locator(required(request, 'selector')).allTextContents()).map(normalize);
    case 'count': // { selector } -> number of current matches (no waiting)
      return scope().locator(required(request, 'selector')).count();
    case 'html': // { selector } -> outerHTML of the first match
      await first().waitFor({ state: 'attached', timeout });
      return first().evaluate((el) => el.outerHTML, undefined, { timeout });
    case 'attribute': // { selector, name } -> attribute value or null
      return first().getAttribute(required(request, 'name'), { timeout });
    case 'click': // { selector, button?, clickCount? }
      await first().click({ timeout, button: request.button, clickCount: request.clickCount });
      return true;
    case 'hover':
      await first().hover({ timeout });
      return true;
    case 'fill': // { selector, value }
      await first().fill(String(request.value ?? ''), { timeout });
      return true;
    case 'press': // { key, selector? } e.g. 'Enter', 'Control+Shift+P'; page keyboard without a selector
      if (request.selector) await first().press(required(request, 'key'), { timeout });
      else await page.keyboard.press(required(request, 'key'));
      return true;
    case 'type': // { text, selector? } types key by key
      if (request.selector) await first().pressSequentially(String(request.text), { timeout });
      else await page.keyboard.type(String(request.text));
      return true;
    case 'evaluate': {
      // { expression, selector? } -> JSON value of a JS expression evaluated in the targeted frame
      const handle = await scope().locator(request.selector ?? ':root').first().elementHandle({ timeout });
      const frame = await handle.ownerFrame();
      await handle.dispose();
      return frame.evaluate(required(request, 'expression'));
    }
    case 'frames': // {} -> [{ name, url }] of every frame, to find a webview
      return page.frames().map((f) => ({ name: f.name(), url: f.url() }));
    default:
      throw new Error(`unknown UI bridge op ${JSON.stringify(request.op)}`);
  }
}

function required(request, key) {
  if (request[key] === undefined || request[key] === null || request[key] === '') {
    throw new Error(`UI bridge op ${request.op} needs "${key}"`);
  }
  return request[key];
}
