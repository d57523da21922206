// How a profile is voiced: the prompt that puts the model in a citizen's place, and, for the
// default synthetic assembly model, the planted political position each profile answers from.
// Planting lives here (not in the evaluation): the control measures never read these positions.

import { POLICY_QUESTION } from '../experiments/political/options.js';
import { choiceTemplate } from '../experiments/templates.js';
import type { AnswerStyle } from '../elicit/prompts.js';
import { Random } from '../sampling/random.js';
import type { Framing, WorldRegistry } from '../world/structures.js';
import type { Position } from '../world/world-config.js';
import { describeProfile, type Attribute, type Profile } from './profiles.js';

/** The sentence that puts the model in the profile's place (also what the synthetic world's framing matches). */
export function profileSentence(p: Profile): string {
  return `You are ${describeProfile(p)}.`;
}

/**
 * A profile's forced-choice template: "You are {description}." then the political experiment's
 * policy question, the option block and the answer instruction.
 * @example profileTemplate({ id: 'p1', attributes: { party: 'democrat' } }).split('\n')[0]
 * // 'You are a person, a Democrat. Suppose the U.S. government could carry out exactly one of ...'
 */
export function profileTemplate(p: Profile, style: AnswerStyle = 'letter'): string {
  return choiceTemplate(`${profileSentence(p)} ${POLICY_QUESTION}`, style);
}

/** The synthetic world's name for a profile's perspective: the same words give the same citizen. */
export function profilePerspective(p: Profile): string {
  return `citizen: ${describeProfile(p)}`;
}

/**
 * Planted shifts of a profile's position on the world's plane (x: economic left − / right +,
 * y: libertarian − / authoritarian +) per attribute value; values not listed shift nothing. Rough
 * directions of U.S. survey patterns, chosen for this project as the synthetic truth.
 */
export const PLANTED_SHIFTS: Readonly<Partial<Record<Attribute, Record<string, Position>>>> = Object.freeze({
  party: { democrat: [-0.9, -0.2], republican: [0.9, 0.3], independent: [0, 0] },
  income: { 'under-35k': [-0.2, 0], '35k-75k': [-0.05, 0], '75k-150k': [0.05, 0], '150k+': [0.25, -0.05] },
  urbanicity: { urban: [-0.05, -0.05], rural: [0.2, 0.2] },
  religion: {
    protestant: [0.1, 0.3], catholic: [0, 0.2], 'other-christian': [0.1, 0.3], jewish: [-0.1, -0.1],
    muslim: [0, 0.2], 'other-faith': [-0.05, 0], unaffiliated: [-0.1, -0.5],
  },
  age: { '18-29': [-0.1, -0.3], '30-44': [-0.05, -0.1], '45-64': [0.05, 0.1], '65+': [0.1, 0.3] },
  education: {
    'no-high-school': [-0.05, 0.3], 'high-school': [0.05, 0.2], 'some-college': [0, 0], bachelors: [-0.05, -0.2], graduate: [-0.1, -0.3],
  },
});

/** Standard deviation of the seeded individual part of a planted position, per axis. */
export const PLANTED_SPREAD = 0.4;

/**
 * A profile's planted position: the sum of its attributes' shifts plus a seeded N(0, PLANTED_SPREAD²)
 * per axis drawn from its description, so two profiles described alike stand at the same place.
 */
export function plantedPosition(p: Profile, seed: number): Position {
  let x = 0;
  let y = 0;
  for (const [attribute, value] of Object.entries(p.attributes)) {
    const s = PLANTED_SHIFTS[attribute as Attribute]?.[value];
    if (s) [x, y] = [x + s[0], y + s[1]];
  }
  const rng = Random.derive(seed, `control:citizen\u0000${describeProfile(p)}`);
  return [x + PLANTED_SPREAD * rng.normal(), y + PLANTED_SPREAD * rng.normal()];
}

/** The framing that makes the synthetic world answer a profile's prompts from its perspective. */
export function profileFraming(p: Profile): Framing {
  return { contains: profileSentence(p), perspective: profilePerspective(p) };
}

/**
 * What the default (synthetic) assembly model is given: every policy is a policy, every profile's
 * prompt takes its perspective, and each perspective stands at its planted position.
 */
export function syntheticAssembly(profiles: readonly Profile[], policies: readonly string[], seed: number): { registry: WorldRegistry; entities: Record<string, Position> } {
  const entities: Record<string, Position> = {};
  for (const p of profiles) entities[profilePerspective(p)] = plantedPosition(p, seed);
  const framings = [...new Map(profiles.map((p) => [profileSentence(p), profileFraming(p)])).values()];
  return {
    registry: { options: Object.fromEntries(policies.map((t) => [t, { kind: 'policy' as const }])), framings },
    entities,
  };
}
