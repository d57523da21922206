export { Engine, Layout, instantiateEngine, instantiateEngineSync } from './engine.js';
export type { EngineExports } from './engine.js';
