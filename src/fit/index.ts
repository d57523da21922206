export { fitThurstonian, fitIndexed, evaluate, scoreIndexed, utilitiesById, resolveFitOptions, FIT_DEFAULTS } from './fit.js';
export type { FitOptions, FitResult, FitReport, Metrics, Utility, OptimizerName } from './fit.js';
export { MODEL_FAMILIES, FAMILY_VARIANCE, normaliseFamily } from './families.js';
export type { ModelFamily } from './families.js';
