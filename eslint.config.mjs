import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Pure domain code (`services/<name>/src/domain/**`) is state, decide and evolve: it loads no
 * framework and does no I/O. It may import @linkage/domain, @linkage/contracts and
 * @linkage/auth/policy; the app layer (`src/app/`) loads, decides, persists, enqueues and audits.
 */
const DOMAIN_FORBIDDEN = [
  { name: 'fastify', message: 'Domain code is pure: HTTP belongs in routes/ and app/.' },
  { name: 'kafkajs', message: 'Kafka is reached only through @linkage/messaging, from app/.' },
  { name: 'postgres', message: 'Domain code is pure: SQL lives in db/queries.ts.' },
  { name: 'pino', message: 'Domain code is pure: log in app/.' },
  { name: '@linkage/db', message: 'Domain code is pure: SQL lives in db/queries.ts.' },
  { name: '@linkage/messaging', message: 'Domain code is pure: events are enqueued in app/ (emitEvents).' },
  { name: '@linkage/service-kit', message: 'Its barrel loads Fastify: import primitives from @linkage/domain.' },
  { name: '@linkage/auth', message: 'Its barrel loads @fastify/jwt: import @linkage/auth/policy.' },
  { name: '@linkage/testing', message: 'Test helpers stay in tests.' },
  {
    name: '@linkage/domain',
    importNames: ['newEvent', 'buildEvents'],
    message: 'decide returns Emit[]; the application layer builds the envelopes.',
  },
];
const DOMAIN_FORBIDDEN_PATTERNS = [
  { group: ['drizzle-orm', 'drizzle-orm/*', '@fastify/*', 'fastify-*'], message: 'Domain code is pure: no framework.' },
  {
    group: ['**/db/*', '**/db', '**/app/*', '**/routes/*', '**/consumers.ts', '**/server.ts', '**/app.ts'],
    message: 'Domain code does not reach into the application or persistence layers.',
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/drizzle/**', '.local/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'Kafka is reached only through @linkage/messaging.' }] },
      ],
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignoreTrailingComments: true,
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
  {
    files: ['packages/messaging/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // One way to build events: decide returns Emit[], the application layer calls emitEvents/buildEvents.
    files: ['services/*/src/**'],
    ignores: ['services/*/src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'Kafka is reached only through @linkage/messaging.' },
            {
              name: '@linkage/messaging',
              importNames: ['newEvent'],
              message: 'Events are built one way: return Emit[] from decide and call emitEvents (or buildEvents).',
            },
            {
              name: '@linkage/domain',
              importNames: ['newEvent'],
              message: 'Events are built one way: return Emit[] from decide and call emitEvents (or buildEvents).',
            },
          ],
        },
      ],
    },
  },
  {
    // Every service's domain folder is pure.
    files: ['services/*/src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: DOMAIN_FORBIDDEN, patterns: DOMAIN_FORBIDDEN_PATTERNS }],
    },
  },
);
