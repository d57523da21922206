// The instrumental-values experiment's options: Markov processes in the paper's file format (or
// the built-in set), seeded rollouts from each, and the distinct prefixes of those rollouts as the
// options to fit ("observation -> observation -> ...").
//
//   {"MarkovProcesses": [{"name": "...", "states": [{"id": 0, "observation": "...", "is_terminal": false}],
//     "transitions": {"0": [[2, 0.8], [3, 0.2]]}, "start_state_distribution": [[0, 0.5], [1, 0.5]]}]}

import builtInProcessData from './processes.json' with { type: 'json' };
import { InputError } from '../../errors.js';
import type { Random } from '../../sampling/random.js';
import type { MarkovProcess, WorldRegistry } from '../../world/structures.js';
import {
  expectArray, expectDistinct, expectInteger, expectKey, expectObject, expectProbability, expectSumsToOne, expectText,
} from '../input-checks.js';

/** The paper's values. */
export const INSTRUMENTAL_DEFAULTS = Object.freeze({
  rollouts: 100, // rollouts per process
  edgesPerRound: 200, // pairs per active-learning round
});
/** A rollout that has not reached a terminal state after this many steps is refused (a trap in the process). */
export const MAX_ROLLOUT_STEPS = 1000;
/** How a prefix's observations are joined into its option text (the paper's). */
export const PREFIX_SEPARATOR = ' -> ';

/** Reads processes in the paper's format; one-line errors name the process and the item. */
export function parseProcesses(data: unknown, source: string): MarkovProcess[] {
  const root = expectObject(data, source);
  const list = expectArray(expectKey(root, 'MarkovProcesses', source), `${source}: MarkovProcesses`);
  const processes = list.map((item, i) => parseProcess(item, `${source}: MarkovProcesses[${i}]`));
  expectDistinct(processes.map((p) => p.name), (i) => `${source}: MarkovProcesses[${i}].name`);
  return processes;
}

function parseProcess(item: unknown, where: string): MarkovProcess {
  const o = expectObject(item, where);
  const name = expectText(expectKey(o, 'name', where), `${where}.name`);
  const at = `${where} ("${name}")`;
  const states = expectArray(expectKey(o, 'states', at), `${at}.states`).map((s, j) => {
    const w = `${at}.states[${j}]`;
    const so = expectObject(s, w);
    const terminal = expectKey(so, 'is_terminal', w);
    if (typeof terminal !== 'boolean') throw new InputError(`${w}.is_terminal must be true or false (got ${JSON.stringify(terminal)})`);
    return { id: expectInteger(expectKey(so, 'id', w), `${w}.id`), observation: expectText(expectKey(so, 'observation', w), `${w}.observation`), is_terminal: terminal };
  });
  expectDistinct(states.map((s) => String(s.id)), (j) => `${at}.states[${j}].id`);
  // Prefix texts are joined observations: two states with one observation would make two trajectories one text.
  expectDistinct(states.map((s) => s.observation), (j) => `${at}.states[${j}].observation`);
  const byId = new Map(states.map((s) => [s.id, s]));
  const known = (v: unknown, w: string): number => {
    const id = expectInteger(v, w);
    if (!byId.has(id)) throw new InputError(`${w} is the unknown state id ${id}`);
    return id;
  };
  const distribution = (v: unknown, w: string): [number, number][] => {
    const pairs = expectArray(v, w).map((e, k): [number, number] => {
      if (!Array.isArray(e) || e.length !== 2) throw new InputError(`${w}[${k}] must be a [state id, probability] pair (got ${JSON.stringify(e)})`);
      return [known(e[0], `${w}[${k}][0]`), expectProbability(e[1], `${w}[${k}][1]`)];
    });
    expectDistinct(pairs.map((p) => String(p[0])), (k) => `${w}[${k}] (state ${pairs[k][0]})`);
    expectSumsToOne(pairs.map((p) => p[1]), w);
    return pairs;
  };
  const rawTransitions = expectObject(expectKey(o, 'transitions', at), `${at}.transitions`);
  const transitions: Record<string, [number, number][]> = {};
  for (const [key, value] of Object.entries(rawTransitions)) {
    const w = `${at}.transitions["${key}"]`;
    const id = known(/^-?\d+$/.test(key) ? Number(key) : key, `${at}.transitions key "${key}"`);
    if (byId.get(id)!.is_terminal) {
      if (Array.isArray(value) && value.length === 0) continue;
      throw new InputError(`${w}: state ${id} is terminal but has transitions`);
    }
    transitions[String(id)] = distribution(value, w);
  }
  for (const s of states) {
    if (!s.is_terminal && !transitions[String(s.id)]) throw new InputError(`${at}: non-terminal state ${s.id} has no transitions`);
  }
  const start = distribution(expectKey(o, 'start_state_distribution', at), `${at}.start_state_distribution`);
  return { name, states, transitions, start_state_distribution: start };
}

/** The built-in processes (written for this project; the rubric is in the file). */
export function builtInProcesses(): MarkovProcess[] {
  return parseProcesses(builtInProcessData, 'built-in processes');
}

/**
 * The paper's "unnatural" control: each state's successor probabilities in reverse order
 * ([[2, 0.8], [3, 0.2]] becomes [[2, 0.2], [3, 0.8]]); states, successors and starts unchanged.
 */
export function reverseTransitions(p: MarkovProcess): MarkovProcess {
  const transitions = Object.fromEntries(Object.entries(p.transitions).map(([id, list]) => {
    const ps = list.map((e) => e[1]).reverse();
    return [id, list.map((e, k): [number, number] => [e[0], ps[k]])];
  }));
  return { ...p, transitions };
}

/** A trajectory prefix: its process (by index), its state ids, and its option text. */
export interface Prefix {
  process: number;
  states: number[];
  text: string;
}

function draw(pairs: readonly [number, number][], rng: Random): number {
  let u = rng.uniform();
  for (const [id, p] of pairs) {
    if (u < p) return id;
    u -= p;
  }
  return pairs[pairs.length - 1][0]; // rounding: the sum is 1 within 1e-6
}

/**
 * `count` rollouts of a process: a start state from the start distribution, then successors until
 * a terminal state. Refuses a process whose rollout runs past MAX_ROLLOUT_STEPS.
 */
export function rollouts(p: MarkovProcess, count: number, rng: Random): number[][] {
  const terminal = new Set(p.states.filter((s) => s.is_terminal).map((s) => s.id));
  const out: number[][] = [];
  for (let r = 0; r < count; r++) {
    const path = [draw(p.start_state_distribution, rng)];
    while (!terminal.has(path[path.length - 1])) {
      if (path.length > MAX_ROLLOUT_STEPS) throw new InputError(`process "${p.name}": a rollout has not reached a terminal state after ${MAX_ROLLOUT_STEPS} steps`);
      path.push(draw(p.transitions[String(path[path.length - 1])], rng));
    }
    out.push(path);
  }
  return out;
}

/**
 * The distinct prefixes of every process's rollouts, in first-seen order, with texts joined by
 * " -> ". Refuses two trajectories (of different processes) with the same text.
 */
export function collectPrefixes(processes: readonly MarkovProcess[], paths: readonly number[][][]): Prefix[] {
  const out: Prefix[] = [];
  const byText = new Map<string, Prefix>();
  processes.forEach((p, i) => {
    const observation = new Map(p.states.map((s) => [s.id, s.observation]));
    for (const path of paths[i]) {
      for (let len = 1; len <= path.length; len++) {
        const states = path.slice(0, len);
        const text = states.map((id) => observation.get(id)!).join(PREFIX_SEPARATOR);
        const seen = byText.get(text);
        if (seen) {
          if (seen.process !== i) throw new InputError(`processes "${processes[seen.process].name}" and "${p.name}" both have the trajectory ${JSON.stringify(text)}`);
          continue;
        }
        const prefix = { process: i, states, text };
        byText.set(text, prefix);
        out.push(prefix);
      }
    }
  });
  return out;
}

/** The prefixes' structure for the synthetic world: trajectories through the natural processes. */
export function trajectoryRegistry(processes: readonly MarkovProcess[], prefixes: readonly Prefix[]): WorldRegistry {
  return {
    processes: processes.map((p) => ({ ...p })),
    options: Object.fromEntries(prefixes.map((x) => [x.text, { kind: 'trajectory' as const, process: processes[x.process].name, states: x.states }])),
  };
}
