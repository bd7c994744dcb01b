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
    files: ['src/core/**', 'src/shared/**', 'src/webview/**', 'src/cli/**', 'test/unit/**', 'test/fakes/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noSdk] }] },
  },
  {
    files: ['src/llm/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/vscode/**', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noSdk] }] },
  },
);
