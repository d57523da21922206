// The synthetic world: planted knobs, the registry contract with the experiments, valuation by
// structure, and the recorded truth. Portable (no node:*).
export * from './structures.js';
export { SyntheticWorld, OWN_VIEW, UNPARSEABLE_REPLIES, locateOptions, normalCdf } from './synthetic-world.js';
export type { AskContext, SyntheticAnswer, SyntheticUtility } from './synthetic-world.js';
export {
  WORLD_DEFAULTS, resolveWorldConfig, parseGroupWeight, parseDiscount, parsePosition, parseEntity, formatDiscount,
} from './world-config.js';
export type { WorldConfig, DiscountCurve, Position, AiValues } from './world-config.js';
export { parseWorld, worldToFile, WORLD_FILE_KEYS } from './world-file.js';
export type { WorldSpec } from './world-file.js';
export { validateRegistry, mergeRegistries } from './registry.js';
export { truthOf, TRUTH_DELAYS, TRUTH_PROBABILITIES } from './truth.js';
export type { WorldTruth } from './truth.js';
export { digestOf, stableJson } from './digest.js';
export * from './valuation.js';
