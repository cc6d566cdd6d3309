// One ESLint config for the whole workspace: type-aware promise rules (an un-awaited Kafka
// handler commits its offset before the work is done) and Nx module boundaries by tag.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const pureLibBans = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express'];

const aliasesOnly = {
  group: ['../../../*'],
  message: 'Import across modules through @riskpool/* aliases.',
};
// ADR 0002: the Kafka client library is used inside libs/kafka alone, so that swapping it touches
// one library. Consumers are @EventPattern handlers (libs/kafka KafkaEventTransport, ADR 0020);
// test set-up and tools that need the client's own API take it from @riskpool/kafka/client.
const kafkajsBan = {
  name: 'kafkajs',
  message: 'Use @riskpool/kafka (or, for tests and tools, @riskpool/kafka/client).',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'tmp/**',
      'coverage/**',
      '.nx/**',
      'bench/results/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Explicit property types feed decorator metadata (config and DTO classes).
      '@typescript-eslint/no-inferrable-types': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [kafkajsBan],
          patterns: [aliasesOnly, { group: ['kafkajs/*'], message: kafkajsBan.message }],
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: pureLibBans,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              bannedExternalImports: pureLibBans,
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra'],
            },
            {
              sourceTag: 'type:test-util',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:infra',
                'type:test-util',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:infra',
                'type:test-util',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // Inside one app a feature imports the app's shared modules by relative path at any depth;
    // a relative path into another project stays refused by @nx/enforce-module-boundaries.
    files: ['services/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [kafkajsBan], patterns: [{ group: ['kafkajs/*'], message: kafkajsBan.message }] },
      ],
    },
  },
  {
    // Tests may reach test utilities from any project.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: ['@riskpool/testing'],
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }],
        },
      ],
    },
  },
  {
    files: ['libs/kafka/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [aliasesOnly] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
