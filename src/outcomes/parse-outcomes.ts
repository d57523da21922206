// Outcome sets: the statements whose utilities are measured. Three shapes are accepted — a list of
// strings, a hierarchical {category: [strings]} object (flattened in key order), or a list of
// {id, description} — and checked once here. Portable: no file or JSON imports.

import { InputError } from '../errors.js';
import type { Option } from '../graph/preference-graph.js';

/** Fewer outcomes than this cannot show anything about coherence (no cycles, no held-out pairs). */
export const MIN_OUTCOMES = 3;

export interface OutcomeSet {
  options: Option[];
  /** Category of each option, when the source was hierarchical. */
  categories?: string[];
}

/**
 * Validates and normalises an outcome file's parsed JSON. Refuses fewer than 3 outcomes, empty or
 * non-string descriptions, duplicate descriptions and duplicate ids, naming the offending item.
 * @example parseOutcomes({ money: ['$1', '$2'], pets: ['a cat'] }).options[2] // { id: 2, description: 'a cat' }
 */
export function parseOutcomes(data: unknown, source = 'outcomes'): OutcomeSet {
  let options: Option[];
  let categories: string[] | undefined;
  if (Array.isArray(data)) {
    const objects = data.length > 0 && data.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
    if (objects) {
      options = data.map((x: Record<string, unknown>, i) => {
        const id = x.id;
        if ((typeof id !== 'number' || !Number.isFinite(id)) && (typeof id !== 'string' || id.trim() === '')) {
          throw new InputError(`${source}: item ${i} has an invalid id ${JSON.stringify(id ?? null)} (need a number or non-empty string)`);
        }
        return { id, description: checkText(x.description, `${source}: item ${i} (id ${JSON.stringify(id)})`) };
      });
    } else {
      options = data.map((x, i) => ({ id: i, description: checkText(x, `${source}: item ${i}`) }));
    }
  } else if (typeof data === 'object' && data !== null) {
    options = [];
    categories = [];
    for (const [category, list] of Object.entries(data)) {
      if (!Array.isArray(list)) throw new InputError(`${source}: category ${JSON.stringify(category)} must be a list of strings`);
      list.forEach((x, i) => {
        options.push({ id: options.length, description: checkText(x, `${source}: ${JSON.stringify(category)} item ${i}`) });
        categories!.push(category);
      });
    }
  } else {
    throw new InputError(`${source} must be a list of strings, a {category: [strings]} object, or a list of {id, description}`);
  }
  if (options.length < MIN_OUTCOMES) throw new InputError(`${source} has ${options.length} outcomes; at least ${MIN_OUTCOMES} are needed`);
  const byText = new Map<string, number>();
  const byId = new Map<string, number>();
  options.forEach((o, i) => {
    const t = o.description.trim();
    const first = byText.get(t);
    if (first !== undefined) throw new InputError(`${source}: outcome ${i} duplicates outcome ${first}: ${JSON.stringify(t)}`);
    byText.set(t, i);
    const key = String(o.id);
    const firstId = byId.get(key);
    if (firstId !== undefined) throw new InputError(`${source}: id ${JSON.stringify(o.id)} appears twice (items ${firstId} and ${i})`);
    byId.set(key, i);
  });
  return categories ? { options, categories } : { options };
}

function checkText(x: unknown, where: string): string {
  if (typeof x !== 'string') throw new InputError(`${where} is not a string (got ${JSON.stringify(x ?? null)})`);
  if (x.trim() === '') throw new InputError(`${where} is an empty string`);
  return x.trim();
}
