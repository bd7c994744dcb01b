// The sample has no node_modules, so these few declarations stand in for @types/node: the editor
// then marks only the mistake in src/priceFormat.ts, not the tests' imports.
declare module 'node:test' {
  export function describe(name: string, body: () => void): void;
  export function it(name: string, body: () => void | Promise<void>): void;
}
declare module 'node:assert/strict' {
  function ok(value: unknown, message?: string): asserts value;
  namespace ok {
    function equal(actual: unknown, expected: unknown, message?: string): void;
    function deepEqual(actual: unknown, expected: unknown, message?: string): void;
    function throws(block: () => unknown, error?: unknown, message?: string): void;
    function match(value: string, pattern: RegExp, message?: string): void;
  }
  export default ok;
}
