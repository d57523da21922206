// StrykerJS configuration for `npm run mutation` (scripts/mutation.mjs runs one scope at a time).
// Each scope mutates one part of the code and runs only the unit test files that cover it, through
// the command runner: the tests run from source with tsx, so the sandbox's instrumented .ts files
// are what they exercise. The engine's build/engine.wasm is copied in as built.

/** Scope name -> the files mutated and the uvu file pattern of the tests that cover them. */
export const MUTATION_SCOPES = {
  elicit: { mutate: ['src/elicit/**/*.ts'], tests: '^(elicit-|response-cache)' },
  sampling: { mutate: ['src/sampling/**/*.ts'], tests: '^sampling-' },
  graph: { mutate: ['src/graph/**/*.ts'], tests: '^(fit\\.test|fit-conventions)' },
  fit: { mutate: ['src/fit/**/*.ts'], tests: '^(fit\\.test|fit-conventions|thurstonian-kernel)' },
  'response-cache': { mutate: ['src/node/response-cache.ts'], tests: '^(response-cache|run-client)' },
};

const name = process.env.UE_MUTATION_SCOPE ?? 'response-cache';
const scope = MUTATION_SCOPES[name];
if (!scope) throw new Error(`UE_MUTATION_SCOPE must be one of ${Object.keys(MUTATION_SCOPES).join(', ')} (got ${name})`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  // --bail: a mutant is killed by the first failing test; the rest need not run.
  commandRunner: { command: `node --import tsx node_modules/uvu/bin.js test "${scope.tests}" --bail` },
  mutate: scope.mutate,
  coverageAnalysis: 'off',
  concurrency: Number(process.env.UE_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: '.stryker-tmp',
  // AssemblyScript's decorators are not TypeScript: only our TypeScript sources get @ts-nocheck.
  disableTypeChecks: 'src/**/*.ts',
  ignorePatterns: ['runs', 'reports', 'bench', '.stryker-tmp', '.git'],
  cleanTempDir: true,
};
