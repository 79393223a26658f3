// One project per suite so that `--selectProjects unit` gives a fast loop while `npm test` runs everything:
// unit (the action's modules), standin (the local AWS + GitHub stand-in and its demo), e2e (the bundled
// action against the stand-in).
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    // Type-checking happens once in `npm run typecheck`; here ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: false }],
  },
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...shared, displayName: 'standin', testMatch: ['<rootDir>/standin/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
  ],
};
