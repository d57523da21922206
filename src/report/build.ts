// Decides what a report folder holds and builds its sections: a run (results.json), a sweep
// (sweep.json, convergence.json), experiments (NAME.json with an `experiment` field, including
// transitivity) and utility control (control.json). Each section appears only when its data is.

import { InputError } from '../errors.js';
import { get } from './format.js';
import { controlSection, isControl } from './sections/control.js';
import { EXPERIMENT_SECTIONS, genericExperimentSection } from './sections/experiments.js';
import { isRunResults, runSection } from './sections/run.js';
import { isConvergence, isSweep, sweepSection } from './sections/sweep.js';
import { isTransitivity, transitivitySection } from './sections/transitivity.js';
import type { InputFile, Section } from './types.js';

/** What the report looks for, named in the error when a folder holds none of it. */
export const LOOKED_FOR = 'results.json (run), sweep.json (sweep), NAME.json with an "experiment" field (experiment), control.json (control)';

export interface BuildOptions {
  /** Metadata field for the sweep's x axis (e.g. metadata.mmlu). */
  x?: string;
}

/** Sections for the folder's parsed JSON files; throws InputError when nothing is recognisable. */
export function buildSections(files: InputFile[], folder: string, opts: BuildOptions = {}): Section[] {
  const sections: Section[] = [];
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  const run = byPath.get('results.json');
  if (run !== undefined && isRunResults(run)) sections.push(runSection(run, 'results.json'));
  const sweep = byPath.get('sweep.json');
  if (sweep !== undefined && isSweep(sweep)) {
    const conv = byPath.get('convergence.json');
    sections.push(sweepSection(sweep, conv !== undefined && isConvergence(conv) ? conv : undefined, conv ? 'sweep.json, convergence.json' : 'sweep.json', opts.x));
  }
  const experiments = files.filter((f) => typeof get(f.data, 'experiment') === 'string' && get(f.data, 'summary') !== undefined)
    .sort((a, b) => order(a.data) - order(b.data) || a.path.localeCompare(b.path));
  for (const f of experiments) {
    if (isTransitivity(f.data)) {
      sections.push(transitivitySection(f.data, f.path, runNames(run, f.data)));
      continue;
    }
    const name = String(get(f.data, 'experiment'));
    const build = EXPERIMENT_SECTIONS[name];
    sections.push(build ? build(f.data, f.path) : genericExperimentSection(f.data, f.path));
  }
  const control = byPath.get('control.json');
  if (control !== undefined && isControl(control)) sections.push(controlSection(control, 'control.json'));
  if (!sections.length) throw new InputError(`report: nothing to report in ${folder}: looked for ${LOOKED_FOR}`);
  return sections;
}

/** Option descriptions by id from the folder's run, when it covers the same number of outcomes. */
function runNames(run: unknown, transitivity: unknown): Map<string, string> | undefined {
  const options = get(run, 'options');
  if (!Array.isArray(options) || options.length !== get(transitivity, 'summary', 'outcomes')) return undefined;
  return new Map(options.map((o) => [String(get(o, 'id')), String(get(o, 'description'))]));
}

/** Transitivity first, then the experiments with a chart, in the registry's order. */
function order(data: unknown): number {
  const name = String(get(data, 'experiment'));
  if (name === 'transitivity') return -1;
  const i = Object.keys(EXPERIMENT_SECTIONS).indexOf(name);
  return i < 0 ? 1000 : i;
}
