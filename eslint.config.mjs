import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'packages/server/dist/',
      'data/',
      '**/node_modules/',
      'packages/elements/src/generated/',
      'packages/elements/src/i18n/generated/',
      'packages/server/src/i18n/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/elements/src/**/*.ts', 'packages/embed/src/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts', 'packages/embed/src/**/*.ts'],
    ...wcConfigs['flat/best-practice'],
    settings: { wc: { elementBaseClasses: ['LitElement', 'PorticoElement'] } },
    // LitElement implements every lifecycle callback, so unguarded super calls are safe.
    rules: { ...wcConfigs['flat/best-practice'].rules, 'wc/guard-super-call': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
