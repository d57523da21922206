export { fitThurstonian, fitIndexed, evaluate, scoreIndexed, utilitiesById, resolveFitOptions, FIT_DEFAULTS } from './fit.js';
export type { FitOptions, FitResult, FitReport, Metrics, Utility, OptimizerName } from './fit.js';
