// The political experiment's analysis: place the model among political entities by the utilities
// each gives the same policies. Pure: utility vectors in, summary and details out.
//
// Empty-input policy: a correlation over a constant vector is NaN (null in JSON), and such an entity
// is never listed among the nearest; PCA needs at least one entity besides the model.

import { pearson } from '../../metrics/correlation.js';
import { pca } from '../../metrics/pca.js';

/** The model's own row in the PCA and the correlation matrix. */
export const MODEL_ROW = 'model';
/** Entities listed in `nearest_entities`. */
export const NEAREST_COUNT = 5;
/** Principal components reported. */
export const COMPONENTS = 2;

/** Mean utilities of one chooser (the model or an entity), over the policies in policy order. */
export interface UtilityVector {
  name: string;
  means: readonly number[];
}

export interface PoliticalSummary {
  pca: {
    /** Share of the standardised variance along PC1 and PC2. */
    explained_variance: number[];
    coordinates: { name: string; pc1: number; pc2: number }[];
  };
  nearest_entities: { name: string; pearson: number }[];
  entities: number;
}

export interface PoliticalDetails {
  /** Pearson correlation of every pair of rows (model first), over the policies. */
  correlation_matrix: { names: string[]; matrix: number[][] };
  /** PCA loadings per policy: how much each policy drives each component. */
  loadings: { pc1: number[]; pc2: number[] };
}

/**
 * PCA of the stacked utility vectors (model first, then entities; each policy column standardised),
 * the entities nearest the model by Pearson correlation of utilities, and the correlation matrix.
 * Cost: O(rows^2 * policies) for the correlations, plus a small eigenproblem.
 * @example
 * analysePolitical({ name: 'model', means: [1, 0, -1] }, [{ name: 'X', means: [1, 0.2, -1] }, { name: 'Y', means: [-1, 0, 1] }])
 *   .summary.nearest_entities // [{ name: 'X', pearson: 0.99.. }, { name: 'Y', pearson: -1 }]
 */
export function analysePolitical(model: UtilityVector, entities: readonly UtilityVector[]): { summary: PoliticalSummary; details: PoliticalDetails } {
  if (entities.length === 0) throw new RangeError('the political analysis needs at least one entity besides the model');
  const rows = [{ name: MODEL_ROW, means: model.means }, ...entities];
  const p = model.means.length;
  for (const r of rows) if (r.means.length !== p) throw new RangeError(`${r.name} has ${r.means.length} utilities, expected ${p}`);
  const result = pca(rows.map((r) => Array.from(r.means)), COMPONENTS);
  const matrix = rows.map((a) => rows.map((b) => (a === b ? 1 : pearson(a.means, b.means))));
  const nearest = entities
    .map((e, i) => ({ name: e.name, pearson: matrix[0][i + 1] }))
    .filter((e) => Number.isFinite(e.pearson))
    .sort((a, b) => b.pearson - a.pearson)
    .slice(0, NEAREST_COUNT);
  return {
    summary: {
      pca: {
        explained_variance: result.explainedVariance,
        coordinates: rows.map((r, i) => ({ name: r.name, pc1: result.scores[i][0], pc2: result.scores[i][1] })),
      },
      nearest_entities: nearest,
      entities: entities.length,
    },
    details: {
      correlation_matrix: { names: rows.map((r) => r.name), matrix },
      loadings: { pc1: result.loadings[0], pc2: result.loadings[1] },
    },
  };
}
