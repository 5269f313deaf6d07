// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

// Workflow code runs in Temporal's deterministic sandbox and is replayed from history; anything that does
// I/O or reads the clock/environment outside the SDK breaks replay. The bundler catches some of this at
// worker start; lint catches it at edit time, with a hint on what to do instead.
const workflowBans = [
  ...builtinModules
    .flatMap((m) => [m, `node:${m}`])
    .map((name) => ({
      name,
      message: 'Workflow code is replayed deterministically: do I/O in an activity (src/activities) instead.',
    })),
  ...[
    'undici',
    'pino',
    'pino-pretty',
    'yaml',
    'ajv',
    'ajv-formats',
    'fastify',
    'better-sqlite3',
    'pg',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ].map((name) => ({
    name,
    message: 'Not allowed in workflow code: it does I/O or is not deterministic. Call an activity instead.',
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.idflow/**', '.tmp/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: workflowBans,
          patterns: [
            {
              group: ['**/activities/**', '**/activities'],
              allowTypeImports: true,
              message: 'Workflows may import activity types only; call activities through proxyActivities.',
            },
            {
              group: ['**/simulator/**', '**/worker/**', '**/cli/**', '**/server/**', '**/store/**'],
              allowTypeImports: true,
              message: 'Workflow code must not depend on I/O layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'Workflow code must not read the process environment; pass it as input.',
        },
        { name: 'setInterval', message: 'Use workflow.sleep / condition with a timeout.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'The SDK replaces it, but prefer deriving values from inputs or workflowInfo().',
        },
      ],
    },
  },
  {
    files: ['src/dsl/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules
              .filter((m) => m !== 'crypto')
              .flatMap((m) => [m, `node:${m}`])
              .map((name) => ({
                name,
                message: 'The compiler is pure: no I/O. The caller reads files and hands the text in.',
              })),
            ...['@temporalio/client', '@temporalio/worker', '@temporalio/workflow', 'undici'].map((name) => ({
              name,
              message: 'The compiler is pure and knows nothing of Temporal or HTTP.',
            })),
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The compiler reads no environment.' }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
