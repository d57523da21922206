// Outcome sets: the parser (parse-outcomes.ts, portable) and the built-in set, written for this
// project: about 500 short statements in 30 categories. The built-in set is loaded through a JSON
// import (standard import attributes), which Node and bundlers take as is; the package root does
// not import this module, so a page loading dist/index.js natively never fetches the .json.

import defaultOutcomeData from './default-outcomes.json' with { type: 'json' };
import { parseOutcomes, type OutcomeSet } from './parse-outcomes.js';

export { parseOutcomes, MIN_OUTCOMES } from './parse-outcomes.js';
export type { OutcomeSet } from './parse-outcomes.js';

/**
 * The built-in outcome set, ids 0..N-1 in file order (categories in key order).
 * @example defaultOutcomes().options[0] // { id: 0, description: 'You receive $1.' }
 */
export function defaultOutcomes(): OutcomeSet {
  return parseOutcomes(defaultOutcomeData, 'built-in outcomes');
}
