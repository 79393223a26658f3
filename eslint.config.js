// ESLint flat config: typescript-eslint's strict and stylistic type-checked rules on every TypeScript
// file, zero warnings tolerated (`eslint . --max-warnings 0`). Formatting is Prettier's job, and none of
// these presets contain formatting rules, so the two never disagree.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/**', 'coverage/**', '.bench/**', 'tmp/**']),
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        // The test project includes src/, __tests__/, __fixtures__/, standin/ and bench/; scripts/ is reached
        // through the tests that import it.
        project: ['./tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Numbers and booleans read fine in messages; objects and undefined are what this rule is for.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // A `default:` branch is an explicit decision about the cases it covers.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `record['key']` on a Record or index signature says "this key may be absent", which dot access hides.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // `(line) => core.info(line)` is the idiom for callbacks; a void value used anywhere else is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Inputs and GITHUB_* variables arrive as strings where empty means "not given": `||` is the intent there.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Test doubles (the stand-in among them) implement async interfaces without awaiting anything, and tests may print.
    files: ['__tests__/**/*.ts', '__fixtures__/**/*.ts', 'standin/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The tests' own bar: no skipped or focused tests, no expect that a branch can skip, no test that asserts
    // nothing, names that say the behaviour. standin/ holds the local AWS stand-in and its tests.
    files: ['__tests__/**/*.ts', 'standin/**/*.ts'],
    extends: [jest.configs['flat/recommended'], jest.configs['flat/style']],
    rules: {
      'jest/no-conditional-expect': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/valid-title': 'error',
      // A helper named `expect…` (such as the end-to-end `expectNoSecretsLeft`) asserts, so a test that only calls one asserts too.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      'jest/no-standalone-expect': 'error',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
