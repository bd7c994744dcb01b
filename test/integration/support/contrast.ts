// WCAG contrast of an element's text against the background it is drawn on, measured in a webview.
import * as assert from 'node:assert/strict';
import type { UiTarget } from './ui';
import { ui } from './ui';

/**
 * The three themes every surface is looked at in: its id, the class VS Code puts on a webview's
 * body, and the one it puts on the workbench.
 */
export const THEMES = [
  { name: 'light', id: 'Default Light Modern', bodyClass: 'vscode-light', workbenchClass: 'vs' },
  { name: 'dark', id: 'Default Dark Modern', bodyClass: 'vscode-dark', workbenchClass: 'vs-dark' },
  { name: 'high-contrast', id: 'Default High Contrast', bodyClass: 'vscode-high-contrast', workbenchClass: 'hc-black' },
] as const;

/**
 * The element's text colour and the background it is drawn on, as [r, g, b]: the backgrounds up the
 * tree to the first opaque one, the translucent ones (a quick pick's title bar is black at 6% in a
 * light theme) laid over it in order, as the browser paints them; black when none is opaque.
 */
const COLOURS = (selector: string) => `(() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const element = document.querySelector(${JSON.stringify(selector)});
  if (!element) return null;
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    const alpha = bg.length === 4 ? bg[3] : 1;
    if (bg.length < 3 || alpha === 0) continue;
    layers.push([bg[0], bg[1], bg[2], alpha]);
    if (alpha === 1) break;
  }
  const bg = layers.reverse().reduce((under, [r, g, b, a]) => [r, g, b].map((v, i) => v * a + under[i] * (1 - a)), [0, 0, 0]);
  return { fg: parse(getComputedStyle(element).color).slice(0, 3), bg };
})()`;

function luminance([r, g, b]: number[]): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: number[], b: number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Fails unless `selector`'s text has at least 4.5:1 against its background (WCAG AA for text). */
export async function assertReadable(selector: string, what: string, theme: string, target: UiTarget): Promise<void> {
  const colours = await ui.evaluate<{ fg: number[]; bg: number[] } | null>(COLOURS(selector), target);
  assert.ok(colours, `${what} is on screen in the ${theme} theme`);
  const ratio = contrast(colours.fg, colours.bg);
  assert.ok(ratio >= 4.5, `${what} in the ${theme} theme: rgb(${colours.fg}) on rgb(${colours.bg}) is ${ratio.toFixed(2)}:1, below 4.5:1`);
}
