// Layering is enforced here: the editor-free layers never import `vscode`, so they run and are
// unit-tested in plain Node, and only src/llm talks to the Anthropic SDK.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'This layer is editor-free: pass what you need in from src/vscode instead.',
};
const noSdk = {
  name: '@anthropic-ai/sdk',
  message: 'Only src/llm talks to the Anthropic SDK; depend on the LlmClient port in src/core/llm.ts.',
};

// Core is pure logic: files, processes and the OS come in through ports (src/node implements them).
const noNodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path', 'node:path', 'child_process', 'node:child_process', 'os', 'node:os'].map((name) => ({
  name,
  message: 'src/core is editor- and disk-free: put file and process access in src/node behind a port.',
}));
/** Imports that would go up the layers (core ← llm/node ← vscode). scripts/importGraph.mjs checks the whole graph. */
const upward = (...layers) => layers.map((layer) => ({ group: [`**/${layer}/**`, `../${layer}/*`, `./${layer}/*`], message: `This layer may not import from src/${layer}.` }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'esbuild.mjs', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './src/webview/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['src/shared/**', 'src/webview/**', 'src/cli/**', 'test/unit/**', 'test/fakes/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noSdk] }] },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noSdk, ...noNodeIo], patterns: upward('vscode', 'llm', 'node', 'cli', 'shared', 'webview') }] },
  },
  {
    files: ['src/node/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noSdk], patterns: upward('vscode', 'llm', 'cli') }] },
  },
  {
    files: ['src/llm/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: upward('vscode', 'node', 'cli') }] },
  },
  {
    files: ['src/vscode/**', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noSdk] }] },
  },
);
