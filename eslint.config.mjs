import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/src/gen/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // Type-aware rules: each file is checked with its project's tsconfig.json (src and specs, see tsconfig.spec.json).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:platform', 'type:contracts'] },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:tool', 'type:domain', 'type:data-access', 'type:platform', 'type:contracts'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:platform', 'type:contracts'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Scopes: a service sees its own libs and the shared ones, never another service's (the router cannot import ingress code).
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ingress', onlyDependOnLibsWithTags: ['scope:ingress', 'scope:shared'] },
            { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:router', 'scope:shared'] },
            { sourceTag: 'scope:adapters', onlyDependOnLibsWithTags: ['scope:adapters', 'scope:shared'] },
            { sourceTag: 'scope:metering', onlyDependOnLibsWithTags: ['scope:metering', 'scope:shared'] },
            { sourceTag: 'scope:budget', onlyDependOnLibsWithTags: ['scope:budget', 'scope:shared'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared'] },
            // Dev stack, e2e, mock provider and benchmarks drive every service's libs.
            {
              sourceTag: 'scope:tools',
              onlyDependOnLibsWithTags: [
                'scope:tools',
                'scope:shared',
                'scope:ingress',
                'scope:router',
                'scope:adapters',
                'scope:metering',
                'scope:budget',
                'scope:audit',
              ],
            },
          ],
        },
      ],
    },
  },
];
