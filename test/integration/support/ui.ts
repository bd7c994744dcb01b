// Test-side client of the UI bridge (test/integration/launcher/bridge.mjs): lets a test running in
// the extension host look at what the user sees — screenshots, the workbench DOM, webview content and
// ghost text — through the Playwright page that the launcher drives.

/** Environment variable through which the launcher passes the bridge URL to the extension host. */
export const UI_BRIDGE_ENV = 'INTEGRATION_UI_BRIDGE_URL';

/** Where a selector is looked up. Default: the workbench page itself. */
export interface UiTarget {
  /** Inside a visible webview's content. A string must occur in the webview iframe's `src`, which
   * contains `extensionId=<publisher>.<name>`, and `purpose=webviewView` for views; a string that
   * starts with `!` must not occur (`'!purpose=webviewView'` finds a panel while a view is open). */
  webview?: true | string;
  /** Iframe selectors to descend before `selector` (after the webview, if any). */
  frames?: string[];
  /** How long to wait for the element, in ms (default 10 000). */
  timeout?: number;
}

/** Selectors for VS Code's own DOM that tests commonly need (VS Code 1.139). */
export const selectors = {
  /** Inline completion text shown in the editor. */
  ghostText: '.monaco-editor .ghost-text, .monaco-editor .ghost-text-decoration',
  statusBar: '.part.statusbar',
  /** A status bar item by its id as passed to `createStatusBarItem(id, ...)`. */
  statusBarItem: (extensionId: string, itemId: string) => `[id="${extensionId}.${itemId}"]`,
  notifications: '.notifications-toasts .notification-toast',
} as const;

/** Thrown when the bridge reports a failed operation (element not found, timeout, ...). */
export class UiBridgeError extends Error {}

/** True when the tests run under the offline launcher (not, for example, in VS Code desktop). */
export function uiAvailable(): boolean {
  return Boolean(process.env[UI_BRIDGE_ENV]);
}

async function call<T>(op: string, args: object = {}): Promise<T> {
  const url = process.env[UI_BRIDGE_ENV];
  if (!url) throw new UiBridgeError(`No UI bridge (${UI_BRIDGE_ENV} is unset): run through test/integration/runTests.mjs`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op, ...args }),
  });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new UiBridgeError(`UI ${op} ${JSON.stringify(args)} failed: ${body.error}`);
  return body.value as T;
}

/** The workbench as the user sees it, driven through Playwright. */
export const ui = {
  /** Saves a PNG under test-artifacts/<suite>/screenshots/<name>.png (of `selector` only, if given) and returns its path. */
  screenshot: (name: string, options: UiTarget & { selector?: string; fullPage?: boolean } = {}) =>
    call<string>('screenshot', { name, ...options }),
  /** Waits until `selector` reaches `state` (default "visible"). */
  waitFor: (selector: string, options: UiTarget & { state?: 'attached' | 'detached' | 'visible' | 'hidden' } = {}) =>
    call<true>('waitFor', { selector, ...options }),
  /** Text content of the first match, once it exists (nbsp normalised to spaces). */
  text: (selector: string, target: UiTarget = {}) => call<string>('text', { selector, ...target }),
  /** Text content of every current match, without waiting. */
  texts: (selector: string, target: UiTarget = {}) => call<string[]>('texts', { selector, ...target }),
  /** Number of current matches, without waiting. */
  count: (selector: string, target: UiTarget = {}) => call<number>('count', { selector, ...target }),
  /** outerHTML of the first match. */
  html: (selector: string, target: UiTarget = {}) => call<string>('html', { selector, ...target }),
  attribute: (selector: string, name: string, target: UiTarget = {}) =>
    call<string | null>('attribute', { selector, name, ...target }),
  click: (selector: string, target: UiTarget = {}) => call<true>('click', { selector, ...target }),
  hover: (selector: string, target: UiTarget = {}) => call<true>('hover', { selector, ...target }),
  /** Replaces the value of an input or textarea. */
  fill: (selector: string, value: string, target: UiTarget = {}) => call<true>('fill', { selector, value, ...target }),
  /** Presses a key or chord ("Enter", "Control+Shift+P"), on `selector` if given, else on the focused element. */
  press: (key: string, options: UiTarget & { selector?: string } = {}) => call<true>('press', { key, ...options }),
  /** Types text key by key, into `selector` if given, else into the focused element. */
  type: (text: string, options: UiTarget & { selector?: string } = {}) => call<true>('type', { text, ...options }),
  /** Evaluates a JavaScript expression in the page (or the targeted frame) and returns its JSON value. */
  evaluate: <T>(expression: string, target: UiTarget = {}) => call<T>('evaluate', { expression, ...target }),
  /** Every frame's name and URL: helps to find a webview's `src`. */
  frames: () => call<{ name: string; url: string }[]>('frames'),
};
