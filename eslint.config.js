// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
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

/**
 * The layers of src/, lowest first. A file may import (values and types alike) only from its own folder and
 * from folders of a LOWER rank: never up, never sideways into another folder of the same rank. This table is
 * the one source: the import-x/no-restricted-paths zones below are generated from it, README's "What is
 * here" table is generated from it (`npm run gen:readme`), and test/lint/layers.test.ts checks that every
 * folder under src/ has a row and every row a folder.
 * @type {readonly { folder: string; rank: number; job: string }[]}
 */
export const LAYERS = [
  {
    folder: 'common',
    rank: 1,
    job: 'neutral building blocks: user errors and exit codes, finding and reading documents, JSON and source-position types, settings from the environment, pino with redaction. Imports nothing of idflow.',
  },
  {
    folder: 'jumpcloud',
    rank: 1,
    job: "TypeScript types generated from JumpCloud's OpenAPI specs (`npm run gen:types`).",
  },
  {
    folder: 'expr',
    rank: 2,
    job: '`${{ … }}` expressions (CEL): the one environment, and the value tree it evaluates; shared by the compiler and the interpreter. Pure.',
  },
  {
    folder: 'catalog',
    rank: 2,
    job: "the action catalog: each action's `with` and `output` JSON Schemas; types are inferred from them. Pure.",
  },
  {
    folder: 'secrets',
    rank: 2,
    job: 'named secrets (environment, then a secrets file), shared by the worker and the server.',
  },
  { folder: 'trust', rank: 2, job: 'signed, expiring approval links. Pure crypto.' },
  {
    folder: 'codec',
    rank: 3,
    job: 'payload encryption (AES-256-GCM PayloadCodec), encrypted failure messages, subject pseudonyms, and the key settings (keys are named secrets).',
  },
  {
    folder: 'guardrails',
    rank: 3,
    job: "what a playbook may change and how much: the policy (pure), violations, the operator's guardrails file.",
  },
  {
    folder: 'dsl',
    rank: 4,
    job: "playbook text → Plan: parse (positions) → schema → semantics → lower → hash; run inputs checked against a playbook's schema. Pure: no I/O.",
  },
  {
    folder: 'store',
    rank: 5,
    job: 'the directory snapshot store: SQLite (default) or PostgreSQL, versioned migrations, shared SQL.',
  },
  {
    folder: 'sync',
    rank: 6,
    job: 'the directory sync domain: change detection, compliance checks, rules and schedules documents, reports.',
  },
  {
    folder: 'workflows',
    rank: 7,
    job: 'deterministic: the interpreter (runPlaybook), approvals, compensation, the guardrail ledger, the directory sync. Each declares the activities it calls.',
  },
  {
    folder: 'client',
    rank: 8,
    job: 'the Temporal client side: connection settings, starting runs, answering approvals, describing and listing runs, sync schedules.',
  },
  {
    folder: 'activities',
    rank: 9,
    job: 'every outbound side effect: jumpcloud/ (undici client, error mapping, one module per resource family), notify/, http/, directory/, guardrails/ (write gate, ledger client), dryRun/, sync/ (paging JumpCloud into the store, Directory Insights, starting playbooks from findings).',
  },
  {
    folder: 'simulator',
    rank: 9,
    job: 'a JumpCloud API simulator held to the published OpenAPI specs.',
  },
  {
    folder: 'worker',
    rank: 10,
    job: 'entry point: the worker: config (the environment), read-only mode, graceful shutdown.',
  },
  {
    folder: 'server',
    rank: 10,
    job: 'entry point: the HTTP server: HRIS webhooks, approval links and pages, the runs API, health and metrics.',
  },
  {
    folder: 'dev',
    rank: 11,
    job: 'entry point: the embedded stack for `idflow demo` and `idflow dev`, a local chat inbox; finding or building the Temporal CLI and starting a dev server (temporal/).',
  },
  { folder: 'cli', rank: 12, job: 'entry point: the `idflow` command.' },
];

// One zone per folder: everything of its own rank or higher, other than itself, is out of bounds.
const layerZones = LAYERS.map(({ folder, rank }) => ({
  target: `./src/${folder}`,
  from: LAYERS.filter((other) => other.folder !== folder && other.rank >= rank).map(
    (other) => `./src/${other.folder}`,
  ),
  message: `src/${folder} (rank ${rank}) imports only from its own folder and lower ranks: see LAYERS in eslint.config.js.`,
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
