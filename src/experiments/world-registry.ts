// Combining the world registries an experiment hands the synthetic world (its options, then, say,
// a judge's question found later): later entries add to earlier ones.

import type { WorldRegistry } from '../world/structures.js';

/**
 * The union of two registries: options by text (b wins on a clash), lists concatenated without
 * repeating an entry already present (by JSON equality).
 * @example mergeRegistries({ questions: [q1] }, { questions: [q2] }) // { questions: [q1, q2] }
 */
export function mergeRegistries(a: WorldRegistry, b: WorldRegistry): WorldRegistry {
  const out: WorldRegistry = {};
  if (a.options || b.options) out.options = { ...a.options, ...b.options };
  const list = <T>(x: T[] | undefined, y: T[] | undefined): T[] | undefined => {
    if (!x && !y) return undefined;
    const seen = new Set((x ?? []).map((e) => JSON.stringify(e)));
    return [...(x ?? []), ...(y ?? []).filter((e) => !seen.has(JSON.stringify(e)))];
  };
  const processes = list(a.processes, b.processes);
  const framings = list(a.framings, b.framings);
  const questions = list(a.questions, b.questions);
  if (processes) out.processes = processes;
  if (framings) out.framings = framings;
  if (questions) out.questions = questions;
  return out;
}
