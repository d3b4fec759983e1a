import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process', 'worker_threads', 'cluster', 'tls',
].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**', 'src/http/simulator/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // The menu engine is pure: menu file in, machine and screens out. No I/O, no adapters.
    files: ['src/menu/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'src/menu/ is pure: do I/O in infra/, session/ or cli/.' })),
          patterns: [
            { group: ['ioredis', 'bullmq', 'express', 'express/*', 'pino', 'pino*', 'opossum', 'undici', 'prom-client', '@opentelemetry/*'], message: 'src/menu/ is pure: no I/O or infrastructure libraries.' },
            { group: ['../infra/*', '../http/*', '../effects/*', '../session/*', '../gateways/*', '../sandbox/*', '../cli/*', '../app*', '../deps*', '../main*'], message: 'src/menu/ depends on nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
