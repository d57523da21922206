// The implicit-lotteries experiment's options: events whose results have known probabilities, read
// from the paper's file format (or the built-in set), plus the background outcomes they are fitted with.
//
//   {"base_options": [{"option": "...", "sub_options": [{"option": "...", "probability": 0.2}]}]}

import builtInEvents from './events.json' with { type: 'json' };
import {
  expectArray, expectDistinct, expectKey, expectObject, expectProbability, expectSumsToOne, expectText,
} from '../input-checks.js';
import type { WorldRegistry } from '../../world/structures.js';

/** An event and its possible results. */
export interface ImplicitLottery {
  text: string;
  results: Array<{ text: string; probability: number }>;
}

/**
 * Reads events in the paper's format. Unknown keys are ignored; refused with a one-line error:
 * a missing key, an empty list, a non-string text, a probability outside (0, 1], results that do
 * not sum to 1 (within 1e-6), a repeated event, a repeated result within an event, or an event
 * listed as its own result.
 */
export function parseImplicitLotteries(data: unknown, source: string): ImplicitLottery[] {
  const root = expectObject(data, source);
  const list = expectArray(expectKey(root, 'base_options', source), `${source}: base_options`);
  const events = list.map((item, i): ImplicitLottery => {
    const where = `${source}: base_options[${i}]`;
    const o = expectObject(item, where);
    const text = expectText(expectKey(o, 'option', where), `${where}.option`);
    const subs = expectArray(expectKey(o, 'sub_options', where), `${where}.sub_options`);
    const results = subs.map((s, j) => {
      const w = `${where}.sub_options[${j}]`;
      const so = expectObject(s, w);
      return { text: expectText(expectKey(so, 'option', w), `${w}.option`), probability: expectProbability(expectKey(so, 'probability', w), `${w}.probability`) };
    });
    expectDistinct(results.map((r) => r.text), (j) => `${where}.sub_options[${j}].option`);
    expectDistinct([text, ...results.map((r) => r.text)], (j) => (j === 0 ? `${where}.option` : `${where}.sub_options[${j - 1}].option`));
    expectSumsToOne(results.map((r) => r.probability), `${where}.sub_options`);
    return { text, results };
  });
  expectDistinct(events.map((e) => e.text), (i) => `${source}: base_options[${i}].option`);
  return events;
}

/** The built-in events (written for this project; the rubric is in the file). */
export function builtInImplicitLotteries(): ImplicitLottery[] {
  return parseImplicitLotteries(builtInEvents, 'built-in events');
}

/**
 * The options of the joint fit: background outcomes, then events, then results not already
 * listed (a text is one option wherever it appears). Returns the texts and each text's index.
 */
export function jointOptions(background: readonly string[], events: readonly ImplicitLottery[]): { texts: string[]; index: Map<string, number> } {
  const texts: string[] = [];
  const index = new Map<string, number>();
  const add = (t: string) => {
    if (!index.has(t)) {
      index.set(t, texts.length);
      texts.push(t);
    }
  };
  background.forEach(add);
  events.forEach((e) => add(e.text));
  events.forEach((e) => e.results.forEach((r) => add(r.text)));
  return { texts, index };
}

/** The events' structure for the synthetic world: each is a lottery over its results. */
export function eventRegistry(events: readonly ImplicitLottery[]): WorldRegistry {
  return {
    options: Object.fromEntries(events.map((e) => [e.text, {
      kind: 'lottery' as const,
      branches: e.results.map((r) => ({ text: r.text, probability: r.probability })),
    }])),
  };
}
