export { fitThurstonian, fitIndexed, evaluate, scoreIndexed, utilitiesById, resolveFitOptions, FIT_DEFAULTS, OPTIMIZERS } from './fit.js';
export type { FitOptions, FitResult, FitReport, Metrics, Utility, OptimizerName } from './fit.js';
export { DEFAULT_PRIOR_STRENGTH, FIXED_PRIOR_STRENGTH, priorPrecision } from './prior.js';
export type { PriorName, PriorStrength } from './prior.js';
export { crossValidatedStrength, CV_STRENGTHS, CV_FOLDS } from './prior-cv.js';
export {
  laplaceIntervals, bootstrapSummary, wilsonInterval, normalQuantile, INTERVAL_DEFAULTS, INTERVAL_METHODS,
} from './intervals.js';
export type { IntervalMethod, UtilityIntervals } from './intervals.js';
export { bootstrapReplicate, resampleWeights } from './bootstrap.js';
export { MODEL_FAMILIES, FAMILY_VARIANCE, normaliseFamily } from './families.js';
export type { ModelFamily } from './families.js';
