// Lint is also the architecture's guard: each runtime layer may only import what it can run with.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronOnlyInMain = {
  patterns: [
    {
      group: ['electron', 'electron/*', 'electron-store'],
      message: 'Only app/main and app/preload may import electron: under plain Node it tries to download a binary. Put the logic in app/core and pass it in.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/agents/node_modules/**', 'test/portkey/node_modules/**', 'test/portkey/unpinned/node_modules/**', 'test/e2e/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['app/core/**', 'app/cli/**', 'app/web/**', 'test/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInMain] },
  },
  {
    // The contract is shared by every world: no Node, no DOM, no Electron.
    files: ['app/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'react', '../core/*', '../main/*'], message: 'app/contract is imported by the renderer: types and plain data only.' }] }],
    },
  },
  {
    // The renderer sees the api only through the contract.
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', '**/app/core/**', '**/app/main/**', '**/app/cli/**', '**/app/web/**'], message: 'The renderer imports nothing from the app but app/contract.' }] }],
    },
  },
  {
    files: ['**/*.cjs', 'scripts/**', 'bin/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
