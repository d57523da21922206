// The groups of the exchange-rate experiment: the built-in categories (groups.json, written for
// this project) and a user's own list (--groups FILE), both turned into singular and plural noun
// phrases by the category's templates. Portable: the built-in data comes through a JSON import.

import groupData from './groups.json' with { type: 'json' };
import { InputError } from '../../errors.js';
import { pluralize, type Group } from './grammar.js';

/** A category's templates and its group entries, as groups.json holds them. */
interface CategoryData {
  description: string;
  singular: string;
  plural: string;
  groups: GroupEntry[];
}

/** A group entry: its name, or an object that overrides the templates. */
export type GroupEntry = string | { name: string; text?: string; singular?: string; plural?: string; you?: boolean };

const DATA = groupData as unknown as Record<string, CategoryData | string>;

/** The built-in category names, in file order ("countries" first: the default). */
export const CATEGORIES: readonly string[] = Object.freeze(Object.keys(DATA).filter((k) => !k.startsWith('_')));

export const DEFAULT_CATEGORY = 'countries';

function category(name: string): CategoryData {
  const c = DATA[name];
  if (!CATEGORIES.includes(name) || typeof c !== 'object') {
    throw new InputError(`--category must be one of ${CATEGORIES.join(', ')} (got ${JSON.stringify(name)})`);
  }
  return c;
}

/**
 * The groups of a built-in category, with their noun phrases.
 * @example builtInGroups('species').find((g) => g.name === 'mouse') // { name: 'mouse', singular: 'mouse', plural: 'mice' }
 */
export function builtInGroups(name: string): Group[] {
  const c = category(name);
  return c.groups.map((entry, i) => resolveEntry(entry, c, `${name} group ${i}`));
}

/**
 * Groups from a user's file: a JSON list of strings (or of {name, text, singular, plural, you}
 * objects), phrased with the templates of `categoryName`. Refuses an empty list, non-strings,
 * empty names and duplicate names, naming the item.
 * @example parseGroups(['Japan', 'Chile'], 'countries', 'my.json')[1].plural // 'people from Chile'
 */
export function parseGroups(data: unknown, categoryName: string = DEFAULT_CATEGORY, source = 'groups'): Group[] {
  if (!Array.isArray(data)) throw new InputError(`${source} must be a JSON list of group names (strings)`);
  if (data.length === 0) throw new InputError(`${source} is an empty list; at least one group is needed`);
  const c = category(categoryName);
  const groups = data.map((entry, i) => resolveEntry(entry as GroupEntry, c, `${source}: item ${i}`));
  checkDistinct(groups, source);
  return groups;
}

function resolveEntry(entry: GroupEntry, c: CategoryData, where: string): Group {
  const obj = typeof entry === 'string' ? { name: entry } : entry;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new InputError(`${where} must be a string or a {name, ...} object (got ${JSON.stringify(entry)})`);
  }
  const name = obj.name;
  if (typeof name !== 'string' || name.trim() === '') throw new InputError(`${where} has no name (got ${JSON.stringify(entry)})`);
  for (const key of ['text', 'singular', 'plural'] as const) {
    if (obj[key] !== undefined && (typeof obj[key] !== 'string' || obj[key]!.trim() === '')) {
      throw new InputError(`${where} (${JSON.stringify(name)}): ${key} must be a non-empty string`);
    }
  }
  const text = (obj.text ?? name).trim();
  const fill = (template: string) => template.replace(/\{text\}/g, text).replace(/\{plural\}/g, obj.plural ?? pluralize(text));
  // With `singular`, `plural` is the whole plural phrase (required); alone, it is the plural of the text.
  if (obj.singular !== undefined && obj.plural === undefined) throw new InputError(`${where} (${JSON.stringify(name)}): singular needs plural too`);
  const group: Group = {
    name: name.trim(),
    singular: obj.singular ?? fill(c.singular),
    plural: obj.singular !== undefined ? obj.plural! : fill(c.plural),
  };
  if (obj.you === true) group.you = true;
  return group;
}

function checkDistinct(groups: readonly Group[], source: string): void {
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    const first = seen.get(g.name);
    if (first !== undefined) throw new InputError(`${source}: group ${i} duplicates group ${first}: ${JSON.stringify(g.name)}`);
    seen.set(g.name, i);
  });
}
