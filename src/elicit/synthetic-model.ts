// The built-in synthetic model. It now lives in src/world/ (the synthetic world: planted values,
// structured options, the recorded truth); this module keeps the names other code imports.

export {
  SyntheticWorld as SyntheticValueSystem, UNPARSEABLE_REPLIES, locateOptions, normalCdf,
} from '../world/synthetic-world.js';
export type { SyntheticUtility, SyntheticAnswer } from '../world/synthetic-world.js';
export { WORLD_DEFAULTS as SYNTHETIC_DEFAULTS, resolveWorldConfig as resolveSyntheticKnobs } from '../world/world-config.js';
export type { WorldConfig as SyntheticKnobs } from '../world/world-config.js';
