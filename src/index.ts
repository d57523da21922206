// utility-engine: the portable entry point (no Node imports). Node-only parts (loading the .wasm
// from disk, the worker pool, the CLI, result files) are under 'utility-engine/node'.
export * from './engine/index.js';
export * from './fit/index.js';
export * from './graph/preference-graph.js';
export * from './graph/formats.js';
export { Random } from './sampling/random.js';
export { InputError, NumericError } from './errors.js';
