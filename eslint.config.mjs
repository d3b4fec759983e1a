import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process', 'worker_threads', 'cluster', 'tls',
].flatMap((m) => [m, `node:${m}`]);
const INFRA_LIBRARIES = ['ioredis', 'bullmq', 'express', 'express/*', 'pino', 'pino*', 'opossum', 'undici', 'prom-client', 'rate-limiter-flexible', '@opentelemetry/*'];
const ROOT = ['./src/app.ts', './src/deps.ts', './src/main.ts'];

/**
 * Which folder may import which (docs/adr/folder-rules.md). Each zone: files in `target` may not
 * import anything in `from` (except `except`, relative to `from`). Resolved paths, so `../`,
 * re-exports through a sibling and type-only imports are all caught.
 */
const FOLDER_RULES = [
  { target: './src/menu', from: './src', except: ['./menu'], message: 'src/menu/ is pure: it depends on nothing outside itself.' },
  { target: './src/gateways', from: './src', except: ['./gateways'], message: 'src/gateways/ holds pure codecs: nothing outside itself (no infra, no http, no session).' },
  {
    target: './src/session',
    from: ['./src/http', './src/infra', './src/effects', './src/sources', './src/sandbox', './src/cli', ...ROOT],
    message: 'src/session/ is the use case: it knows ports, not http, infra adapters, effects, sources or the composition root.',
  },
  {
    target: ['./src/menu', './src/gateways', './src/session', './src/infra', './src/effects', './src/sources', './src/sandbox', './src/cli', './src/config.ts', './src/shutdown.ts'],
    from: './src/http',
    message: 'src/http/ is the only delivery layer: only the composition root (app.ts, deps.ts, main.ts) wires it.',
  },
  { target: ['./src/*/**', './src/config.ts', './src/shutdown.ts'], from: ROOT, message: 'Nothing imports the composition root (app.ts, deps.ts, main.ts): it imports everything else.' },
  { target: './src/config.ts', from: ['./src/session', './src/http', './src/infra', './src/effects', './src/sources', './src/sandbox', './src/cli', './src/menu'], message: 'config.ts sits under everything that reads it.' },
  {
    // simulate.ts is the terminal's own composition root: it runs the use case in-process with its sources.
    target: ['./src/infra', './src/sandbox', './src/cli/!(simulate).ts'],
    from: './src/sources',
    message: 'src/sources/ (the source port adapter) is wired by the composition root; effects may use its HTTP client for call effects.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**', 'src/http/simulator/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      // Only src/config.ts reads the environment (one schema, parsed once, every bad variable named).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env: add the variable to its schema.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: FOLDER_RULES }] },
  },
  {
    // The menu engine is pure: menu file in, machine and screens out. No I/O, no adapters.
    files: ['src/menu/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'src/menu/ is pure: do I/O in infra/, session/ or cli/.' })),
          patterns: [{ group: INFRA_LIBRARIES, message: 'src/menu/ is pure: no I/O or infrastructure libraries.' }],
        },
      ],
    },
  },
  {
    // Codecs are pure: a payload in, a turn out, a reply back. Header types are fine; sockets are not
    // (node:net is allowed for BlockList and isIP, which only compute).
    files: ['src/gateways/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.filter((m) => !/^(node:)?net$/.test(m)).map((name) => ({ name, allowTypeImports: true, message: 'src/gateways/ holds pure codecs: no I/O.' })),
          patterns: [{ group: INFRA_LIBRARIES, message: 'src/gateways/ holds pure codecs: no I/O or infrastructure libraries.' }],
        },
      ],
    },
  },
  {
    // The use case knows ports: no Redis, queue, web framework or logger library in it.
    files: ['src/session/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: INFRA_LIBRARIES, message: 'src/session/ knows ports (session-store.ts, turn-types.ts), not infrastructure libraries.' }] }],
    },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    // config.ts is the reader; tests, benchmarks and scripts set up and spawn processes with their own environment.
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read untyped JSON on purpose (supertest bodies, parsed manifests, stored records) and
    // assert its whole shape; `expect(mock.method)` hands methods to jest unbound by design.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
