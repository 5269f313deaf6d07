// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import layers from './layers.json' with { type: 'json' };

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

// The layers of src/ (layers.json, the one table): a file may import, values and types alike, only from its
// own folder and from folders of a LOWER rank — never up, never sideways into another folder of the same
// rank. The zones below are generated from it; so is README's "What is here" table (`npm run gen:readme`);
// test/lint/ checks that the table names every folder under src/, and that the rules fire.
const LAYERS = layers.layers;

// One zone per folder: everything of its own rank or higher, other than itself, is out of bounds.
const layerZones = LAYERS.map(({ folder, rank }) => ({
  target: `./src/${folder}`,
  from: LAYERS.filter((other) => other.folder !== folder && other.rank >= rank).map(
    (other) => `./src/${other.folder}`,
  ),
  message: `src/${folder} (rank ${rank}) imports only from its own folder and lower ranks: see layers.json.`,
})).filter((zone) => zone.from.length > 0);

// The compiler and the expression language are pure functions of their input: no I/O, no environment.
const pureBans = [
  ...builtinModules
    .filter((m) => m !== 'crypto')
    .flatMap((m) => [m, `node:${m}`])
    .map((name) => ({
      name,
      message:
        'The compiler and the expressions are pure: no I/O. The caller reads files and hands the text in.',
    })),
  ...['@temporalio/client', '@temporalio/worker', '@temporalio/workflow', 'undici'].map((name) => ({
    name,
    message: 'The compiler and the expressions are pure and know nothing of Temporal or HTTP.',
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
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // TypeScript's NodeNext imports name the emitted file (`./x.js`) while the source is `./x.ts`: without
      // the alias nothing in src/ resolves, and import-x/no-cycle and no-restricted-paths see no edges.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
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
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones, basePath: import.meta.dirname }],
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
    files: ['src/dsl/**/*.ts', 'src/expr/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: pureBans }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The compiler and the expressions read no environment.' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
