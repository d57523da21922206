// Citizen profiles for the simulated assembly: sampled (seeded) from the built-in marginal
// distributions (marginals.json, written for this project from public census and survey figures,
// sources in each attribute's "source"), or read from a user's file. Attributes are sampled
// independently: the marginals match the population, their joint distribution does not.

import { InputError } from '../errors.js';
import { Random } from '../sampling/random.js';
import builtInMarginals from './marginals.json' with { type: 'json' };

/** One value of an attribute: its population share and how a profile description words it. */
export interface AttributeValue {
  share: number;
  text: string;
}

/** An attribute's distribution and the public source of its figures. */
export interface Marginal {
  source: string;
  values: Record<string, AttributeValue>;
}

/** The attributes, in the order a description mentions them. */
export const ATTRIBUTES = ['age', 'sex', 'region', 'urbanicity', 'education', 'income', 'party', 'religion'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** A citizen: an id and a value per attribute (a user's file may leave attributes out). */
export interface Profile {
  id: string;
  attributes: Partial<Record<Attribute, string>>;
}

/** The built-in marginals (shares of each attribute sum to 1 up to rounding). */
export const MARGINALS: Readonly<Record<Attribute, Marginal>> = builtInMarginals as Record<Attribute, Marginal>;

/**
 * n profiles, each attribute drawn independently from its marginal (inverse CDF on one seeded
 * uniform per attribute). Ids are "p001", "p002", ...
 * @example sampleProfiles(1, 7)[0].attributes.party // 'independent' (depends on the seed)
 */
export function sampleProfiles(n: number, seed: number, marginals: Readonly<Record<Attribute, Marginal>> = MARGINALS): Profile[] {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`the number of profiles must be a positive integer (got ${n})`);
  const rng = Random.derive(seed, 'control:profiles');
  const width = Math.max(3, String(n).length);
  return Array.from({ length: n }, (_, i) => {
    const attributes: Partial<Record<Attribute, string>> = {};
    for (const a of ATTRIBUTES) attributes[a] = drawValue(marginals[a], rng.uniform());
    return { id: `p${String(i + 1).padStart(width, '0')}`, attributes };
  });
}

function drawValue(m: Marginal, u: number): string {
  const entries = Object.entries(m.values);
  const total = entries.reduce((s, [, v]) => s + v.share, 0);
  let acc = 0;
  for (const [name, v] of entries) {
    acc += v.share / total;
    if (u < acc) return name;
  }
  return entries[entries.length - 1][0];
}

/**
 * Reads a profiles file: a list of objects, each with attribute keys (any subset of ATTRIBUTES,
 * values among the built-in values) and an optional string "id". Refuses an unknown attribute or
 * value, an empty list, duplicate ids, and a profile with no attribute, naming the item.
 * @example parseProfiles([{ party: 'democrat', age: '30-44' }])[0] // { id: 'p001', attributes: { party: 'democrat', age: '30-44' } }
 */
export function parseProfiles(data: unknown, source = 'profiles'): Profile[] {
  if (!Array.isArray(data)) throw new InputError(`${source} must be a list of profile objects`);
  if (data.length === 0) throw new InputError(`${source} lists no profiles`);
  const width = Math.max(3, String(data.length).length);
  const seen = new Set<string>();
  return data.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(`${source}: profile ${i} must be an object of attributes`);
    const attributes: Partial<Record<Attribute, string>> = {};
    let id = `p${String(i + 1).padStart(width, '0')}`;
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (key === 'id') {
        if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${source}: profile ${i} has an invalid id ${JSON.stringify(value)} (need a non-empty string)`);
        id = value.trim();
        continue;
      }
      if (!(ATTRIBUTES as readonly string[]).includes(key)) {
        throw new InputError(`${source}: profile ${i} has an unknown attribute ${JSON.stringify(key)} (known: id, ${ATTRIBUTES.join(', ')})`);
      }
      const m = MARGINALS[key as Attribute];
      if (typeof value !== 'string' || !(value in m.values)) {
        throw new InputError(`${source}: profile ${i} has an unknown ${key} ${JSON.stringify(value)} (known: ${Object.keys(m.values).join(', ')})`);
      }
      attributes[key as Attribute] = value;
    }
    if (Object.keys(attributes).length === 0) throw new InputError(`${source}: profile ${i} has no attributes`);
    if (seen.has(id)) throw new InputError(`${source}: profile ${i} repeats the id ${JSON.stringify(id)}`);
    seen.add(id);
    return { id, attributes };
  });
}

/**
 * The profile in words, for "You are {description}.": attributes in ATTRIBUTES order, each in its
 * value's wording; attributes the profile lacks are left out.
 * @example describeProfile({ id: 'p1', attributes: { age: '30-44', sex: 'female', party: 'democrat' } })
 * // 'a woman between 30 and 44 years old, a Democrat'
 */
export function describeProfile(p: Profile): string {
  const t = (a: Attribute) => (p.attributes[a] !== undefined ? MARGINALS[a].values[p.attributes[a]!].text : undefined);
  const who = [t('sex') ?? 'a person', t('age')].filter(Boolean).join(' ');
  const parts = [
    who,
    t('region') && `from ${t('region')} of the United States`,
    t('urbanicity') && `living in ${t('urbanicity')}`,
    t('education') && `who ${t('education')}`,
    t('income') && `with a household income ${t('income')}`,
    t('party') && t('party'),
    t('religion') && t('religion'),
  ].filter(Boolean);
  return parts.join(', ');
}
