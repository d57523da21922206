// Checking and merging WorldRegistry objects (src/world/structures.ts). A registry comes from an
// experiment in process or from a world file over HTTP; both go through validateRegistry, so a bad
// file is refused with a message naming the item, and several experiments' registries merge into one.

import { InputError } from '../errors.js';
import type { Framing, MarkovProcess, OpenQuestion, OptionStructure, WorldRegistry } from './structures.js';
import { isRecord } from './world-config.js';

const KINDS = new Set(['lottery', 'money', 'quantity', 'delayed-money', 'trajectory', 'policy', 'future-preference']);

/**
 * Validates a registry (parsed JSON or an object an experiment built) and returns it. Refuses
 * unknown kinds, probabilities outside (0, 1], branch probabilities not summing to 1 (within 1e-6),
 * non-finite amounts, trajectories through unknown processes or states, and malformed processes.
 */
export function validateRegistry(raw: unknown, where = 'registry'): WorldRegistry {
  if (!isRecord(raw)) throw new InputError(`${where} must be an object with options, processes, framings and questions`);
  for (const key of Object.keys(raw)) {
    if (!['options', 'processes', 'framings', 'questions'].includes(key)) throw new InputError(`${where}: unknown key ${JSON.stringify(key)}`);
  }
  const processes = new Map<string, MarkovProcess>();
  if (raw.processes !== undefined) {
    if (!Array.isArray(raw.processes)) throw new InputError(`${where}.processes must be a list`);
    raw.processes.forEach((p, i) => {
      checkProcess(p, `${where}.processes[${i}]`);
      processes.set((p as MarkovProcess).name, p as MarkovProcess);
    });
  }
  if (raw.options !== undefined) {
    if (!isRecord(raw.options)) throw new InputError(`${where}.options must be an object of text: structure`);
    for (const [text, s] of Object.entries(raw.options)) checkStructure(s, `${where}.options[${JSON.stringify(text)}]`, processes);
  }
  if (raw.framings !== undefined) {
    if (!Array.isArray(raw.framings)) throw new InputError(`${where}.framings must be a list`);
    raw.framings.forEach((f: Framing, i) => {
      const at = `${where}.framings[${i}]`;
      if (!isRecord(f) || typeof f.contains !== 'string' || f.contains === '') throw new InputError(`${at} needs a non-empty "contains" string`);
      if (f.perspective !== undefined && (typeof f.perspective !== 'string' || f.perspective === '')) throw new InputError(`${at}.perspective must be a non-empty string`);
      if (f.question !== undefined && f.question !== 'preference' && f.question !== 'power') throw new InputError(`${at}.question must be "preference" or "power" (got ${JSON.stringify(f.question)})`);
      if (f.shift !== undefined && (typeof f.shift !== 'string' || f.shift === '')) throw new InputError(`${at}.shift must be a non-empty string`);
    });
  }
  if (raw.questions !== undefined) {
    if (!Array.isArray(raw.questions)) throw new InputError(`${where}.questions must be a list`);
    raw.questions.forEach((q: OpenQuestion, i) => {
      const at = `${where}.questions[${i}]`;
      if (!isRecord(q) || typeof q.question !== 'string' || q.question.trim() === '') throw new InputError(`${at} needs a non-empty "question" string`);
      if (!Array.isArray(q.candidates) || q.candidates.length < 2 || !q.candidates.every((c) => typeof c === 'string' && c.trim() !== '')) {
        throw new InputError(`${at}.candidates must list at least 2 non-empty strings`);
      }
      if (new Set(q.candidates).size !== q.candidates.length) throw new InputError(`${at}.candidates has duplicates`);
    });
  }
  return raw as WorldRegistry;
}

/**
 * One registry holding everything in `a` and `b` (several experiments in one process). A text or
 * process registered twice must be registered the same way; framings and questions are unioned.
 */
export function mergeRegistries(a: WorldRegistry, b: WorldRegistry): WorldRegistry {
  const options: Record<string, OptionStructure> = { ...(a.options ?? {}) };
  for (const [text, s] of Object.entries(b.options ?? {})) {
    if (text in options && JSON.stringify(options[text]) !== JSON.stringify(s)) {
      throw new InputError(`registry: option ${JSON.stringify(text)} is registered twice with different structures`);
    }
    options[text] = s;
  }
  const processes = [...(a.processes ?? [])];
  for (const p of b.processes ?? []) {
    const old = processes.find((q) => q.name === p.name);
    if (!old) processes.push(p);
    else if (JSON.stringify(old) !== JSON.stringify(p)) throw new InputError(`registry: process ${JSON.stringify(p.name)} is registered twice with different contents`);
  }
  const key = (x: unknown) => JSON.stringify(x);
  const union = <T>(x: T[] = [], y: T[] = []) => {
    const seen = new Set(x.map(key));
    return [...x, ...y.filter((v) => !seen.has(key(v)))];
  };
  return { options, processes, framings: union(a.framings, b.framings), questions: union(a.questions, b.questions) };
}

function checkProcess(p: unknown, at: string): void {
  if (!isRecord(p) || typeof p.name !== 'string' || p.name === '') throw new InputError(`${at} needs a non-empty "name"`);
  if (!Array.isArray(p.states) || p.states.length === 0) throw new InputError(`${at}.states must be a non-empty list`);
  const ids = new Set<number>();
  for (const [i, s] of (p.states as unknown[]).entries()) {
    if (!isRecord(s) || !Number.isInteger(s.id) || typeof s.observation !== 'string' || typeof s.is_terminal !== 'boolean') {
      throw new InputError(`${at}.states[${i}] needs an integer id, an observation string and is_terminal`);
    }
    if (ids.has(s.id as number)) throw new InputError(`${at}: state id ${s.id} appears twice`);
    ids.add(s.id as number);
  }
  if (!isRecord(p.transitions)) throw new InputError(`${at}.transitions must be an object keyed by state id`);
  const checkDistribution = (list: unknown, where: string) => {
    if (!Array.isArray(list) || list.length === 0) throw new InputError(`${where} must be a non-empty list of [state id, probability]`);
    let total = 0;
    for (const e of list) {
      if (!Array.isArray(e) || e.length !== 2 || !ids.has(e[0]) || !(e[1] > 0 && e[1] <= 1)) {
        throw new InputError(`${where}: ${JSON.stringify(e)} is not [known state id, probability in (0, 1]]`);
      }
      total += e[1];
    }
    if (Math.abs(total - 1) > 1e-6) throw new InputError(`${where}: probabilities sum to ${total}, not 1`);
  };
  for (const s of p.states as MarkovProcess['states']) {
    const next = (p.transitions as Record<string, unknown>)[String(s.id)];
    if (s.is_terminal) continue;
    checkDistribution(next, `${at}.transitions["${s.id}"]`);
  }
  checkDistribution(p.start_state_distribution, `${at}.start_state_distribution`);
}

function checkStructure(s: unknown, at: string, processes: Map<string, MarkovProcess>): void {
  if (!isRecord(s) || !KINDS.has(s.kind as string)) throw new InputError(`${at}: unknown structure kind ${JSON.stringify(isRecord(s) ? s.kind : s)} (known: ${[...KINDS].join(', ')})`);
  const num = (x: unknown, name: string, ok: (v: number) => boolean, need: string) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || !ok(x)) throw new InputError(`${at}.${name} must be ${need} (got ${JSON.stringify(x)})`);
  };
  const str = (x: unknown, name: string) => {
    if (typeof x !== 'string' || x.trim() === '') throw new InputError(`${at}.${name} must be a non-empty string`);
  };
  switch (s.kind) {
    case 'lottery': {
      if (!Array.isArray(s.branches) || s.branches.length === 0) throw new InputError(`${at}.branches must be a non-empty list`);
      let total = 0;
      s.branches.forEach((b: unknown, i: number) => {
        if (!isRecord(b)) throw new InputError(`${at}.branches[${i}] must be {text, probability}`);
        str(b.text, `branches[${i}].text`);
        num(b.probability, `branches[${i}].probability`, (p) => p > 0 && p <= 1, 'in (0, 1]');
        total += b.probability as number;
      });
      if (Math.abs(total - 1) > 1e-6) throw new InputError(`${at}: branch probabilities sum to ${total}, not 1`);
      break;
    }
    case 'money':
      num(s.dollars, 'dollars', () => true, 'a finite number');
      break;
    case 'quantity':
      str(s.group, 'group');
      str(s.measure, 'measure');
      num(s.count, 'count', (n) => n > 0, 'a positive number');
      break;
    case 'delayed-money':
      num(s.dollars, 'dollars', () => true, 'a finite number');
      num(s.months, 'months', (t) => t >= 0, 'a non-negative number');
      break;
    case 'trajectory': {
      str(s.process, 'process');
      const p = processes.get(s.process as string);
      if (!p) throw new InputError(`${at}: process ${JSON.stringify(s.process)} is not in the registry's processes`);
      if (!Array.isArray(s.states) || s.states.length === 0) throw new InputError(`${at}.states must be a non-empty list of state ids`);
      for (const id of s.states) if (!p.states.some((x) => x.id === id)) throw new InputError(`${at}: state ${JSON.stringify(id)} is not in process ${JSON.stringify(p.name)}`);
      break;
    }
    case 'policy':
      break;
    case 'future-preference':
      str(s.preferred, 'preferred');
      str(s.over, 'over');
      break;
  }
}
