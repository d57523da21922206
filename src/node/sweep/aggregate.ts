// The comparison across a sweep's models, built from their finished folders: each model's row
// (DIR/<model>/sweep-row.json) and fitted means (DIR/<model>/results.json) become sweep.json,
// sweep.csv and convergence.json. A local sweep and a SLURM sweep's aggregation job both end here,
// so the two write the same files from the same folders.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convergence, type ConvergenceReport, type ModelUtilities } from '../../experiments/convergence.js';
import { toJson, writeFileAtomic } from '../cli-support.js';
import { RESULT_FILES } from '../run/results.js';
import { versions } from '../versions.js';
import { failedRow, sweepCsv, type SweepRow } from './model-summary.js';
import type { SweepModel } from './models-file.js';

/** A model's row, written beside its run's files when the model finishes or fails. */
export const ROW_FILE_NAME = 'sweep-row.json';

export const SWEEP_FILES = Object.freeze({ json: 'sweep.json', csv: 'sweep.csv', convergence: 'convergence.json' });

export interface SweepAggregate {
  rows: SweepRow[];
  convergence: ConvergenceReport;
  /** Files written at the top of outDir. */
  files: string[];
}

/** Writes a model's row into its folder (atomically: a half-written row is never read). */
export function writeModelRow(outDir: string, row: SweepRow): void {
  writeFileAtomic(join(outDir, row.name, ROW_FILE_NAME), toJson(row));
}

/**
 * Reads every model's folder and writes the sweep's three files. A model without a row file (its
 * process never finished: interrupted, killed, out of time) is reported as failed with
 * `missing(model)` as the error; rows keep the models' order.
 * @example
 * aggregateSweep('sweeps/family', syntheticFamily(), { triads: 0 }, () => 'not run').rows.length // 5
 */
export function aggregateSweep(outDir: string, models: readonly SweepModel[], record: Record<string, unknown>, missing: (model: SweepModel) => string): SweepAggregate {
  const successes: ModelUtilities[] = [];
  const rows = models.map((model): SweepRow => {
    const rowFile = join(outDir, model.name, ROW_FILE_NAME);
    if (!existsSync(rowFile)) return failedRow(model, new Error(missing(model)), 0);
    // JSON has no NaN: figures that were NaN come back as null, which both files write the same way.
    const row = JSON.parse(readFileSync(rowFile, 'utf8')) as SweepRow;
    if (row.status !== 'ok') return row;
    const results = JSON.parse(readFileSync(join(outDir, model.name, RESULT_FILES.results), 'utf8')) as { utilities: Record<string, { mean: number }> };
    successes.push({ name: model.name, means: Object.fromEntries(Object.entries(results.utilities).map(([id, u]) => [id, u.mean])) });
    return row;
  });
  const report = convergence(successes);
  const files = [join(outDir, SWEEP_FILES.json), join(outDir, SWEEP_FILES.csv), join(outDir, SWEEP_FILES.convergence)];
  writeFileAtomic(files[0], toJson({ models: rows, config: record, versions: versions() }));
  writeFileAtomic(files[1], sweepCsv(rows));
  // Utilities are compared by option id: every model of a sweep is asked about the same outcomes.
  writeFileAtomic(files[2], toJson({ ...report, compared_by: 'option id', failed_models: rows.filter((r) => r.status === 'failed').map((r) => r.name) }));
  return { rows, convergence: report, files };
}
