// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Folders whose code must stay pure: no file system, process, network or clock. */
const pureIo = {
  paths: [
    {
      name: 'node:fs',
      message: 'Only src/cli, src/files and the engine worker touch the file system.',
    },
    {
      name: 'node:fs/promises',
      message: 'Only src/cli, src/files and the engine worker touch the file system.',
    },
    { name: 'node:child_process', message: 'Rules and reporters never run programs.' },
    { name: 'node:http', message: 'No network outside src/llm.' },
    { name: 'node:https', message: 'No network outside src/llm.' },
    { name: 'node:net', message: 'No network outside src/llm.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '**/fixtures/**',
      'examples/**',
      'test/crash-corpus/**',
      'bench/corpus/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': [
        'error',
        { allowConstantLoopConditions: true },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...pureIo,
          patterns: [{ group: ['../*', '!../core/*'], message: 'core depends on nothing.' }],
        },
      ],
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...pureIo,
          patterns: [
            {
              group: [
                '**/config/**',
                '**/llm/**',
                '**/reporters/**',
                '**/cli/**',
                '**/files/**',
                '**/api/**',
              ],
              message: 'Rules depend on the rule API, language helpers and core types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/reporters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...pureIo,
          patterns: [
            {
              group: [
                '**/engine/**',
                '**/rules/**',
                '**/languages/**',
                '**/files/**',
                '**/cli/**',
                '**/llm/**',
              ],
              message: 'Reporters see only the ScanResult (core types).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
      },
    },
  },
  prettier,
);
