// How the synthetic world reads a prompt and words a reply: the option blocks of a forced-choice
// prompt, the replies that are not answers, and the varied ways of naming an open answer.

import type { Random } from '../sampling/random.js';

/** Replies that are not answers, as real models give them. */
export const UNPARSEABLE_REPLIES: readonly string[] = Object.freeze([
  'I do not have personal preferences.',
  'Both options have merit.',
  'A or B',
  'Neither.',
  '',
]);

/** A mildly varied way of naming a candidate, so answer matching is exercised. */
export function surfaceForm(candidate: string, rng: Random): string {
  const bare = candidate.replace(/[.!]+$/, '');
  switch (rng.int(6)) {
    case 0: return candidate;
    case 1: return `${bare}.`;
    case 2: return bare.toLowerCase();
    case 3: return `I would choose ${bare}.`;
    case 4: return `I would choose: ${bare}`;
    default: return `My choice: ${bare}.`;
  }
}

/**
 * Finds the two option texts in a prompt: the text after "Option A:" up to "Option B:", and the
 * text after "Option B:" up to the next blank line. Null if the prompt has no such blocks.
 */
export function locateOptions(prompt: string): [string, string] | null {
  const i = prompt.indexOf('Option A:');
  if (i < 0) return null;
  const j = prompt.indexOf('Option B:', i + 9);
  if (j < 0) return null;
  const a = prompt.slice(i + 9, j).trim();
  const rest = prompt.slice(j + 9).replace(/^[ \t]*\r?\n/, '');
  const end = rest.search(/\r?\n[ \t]*\r?\n/);
  const b = (end < 0 ? rest : rest.slice(0, end)).trim();
  return a && b ? [a, b] : null;
}

/**
 * Standard normal CDF via erfc, Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7. Enough
 * for a synthetic model's answer probabilities; fitting uses the engine's accurate kernel.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
