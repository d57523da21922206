// utility-engine/node: the parts that need Node (loading the .wasm from disk, the fitting pool,
// multi-file fitting). The portable engine and fitting API are in the package root.
export { loadEngine, engineModule, ENGINE_WASM_URL } from './load-engine.js';
export { createFitPool, FIT_POOL_DEFAULTS } from './pool/fit-pool.js';
export type { FitPool, FitPoolOptions } from './pool/fit-pool.js';
export { fitFiles, fitOutput, fitOutputPath, FIT_OUTPUT_SUFFIX } from './pool/fit-files.js';
export { fitIntervals, utilitiesWithIntervals, withAccuracyInterval } from './pool/fit-intervals.js';
export type { IntervalOptions, UtilityWithInterval } from './pool/fit-intervals.js';
export type { FitFilesOptions, FitFileOutcome } from './pool/fit-files.js';
export { runSweep, runConfigFor, SWEEP_DEFAULTS, SWEEP_FILES } from './sweep/run-sweep.js';
export type { SweepOptions, SweepEvent, SweepResult } from './sweep/run-sweep.js';
export { parseModelsFile } from './sweep/models-file.js';
export type { SweepModel } from './sweep/models-file.js';
export { syntheticFamily, SYNTHETIC_FAMILY_NAME } from './sweep/synthetic-family.js';
export type { SweepRow } from './sweep/model-summary.js';
// The main job (`utility-engine run`) as a function, its parts, and the synthetic endpoint.
export { runUtilities, measure, clientFor, openModelClient, ROUND_FIT } from './run/run-utilities.js';
export type { RunHooks, RunProgress, RunPhase, RunState, RoundRecord } from './run/run-utilities.js';
export { resolveRunConfig, planRun, recordedConfig, RUN_DEFAULTS, OPENAI_DEFAULT_BASE_URL } from './run/run-config.js';
export type { RunConfig, ResolvedRunConfig, RunPlan } from './run/run-config.js';
export { buildResults, writeRunOutputs, formatSummary, withoutGraph, edgeKey, RESULT_FILES } from './run/results.js';
export type { RunResults, ResultEdge } from './run/results.js';
export { OpenAIModelClient, OPENAI_CLIENT_DEFAULTS, SAMPLE_OFFSET_HEADER } from './openai-client.js';
export type { OpenAIClientOptions, ClientStats } from './openai-client.js';
export { retryDecision, retryAfterMs, RETRY_DEFAULTS } from './retry-policy.js';
export { ResponseCache, CachedClient, cacheKey, CACHE_FILE_NAME } from './response-cache.js';
export { startSyntheticServer } from './synthetic-server.js';
export type { SyntheticServerOptions, ServerFaults, RunningServer, RequestLogEntry } from './synthetic-server.js';
export { ProgressReporter } from './progress.js';
export { defaultOutcomes } from '../outcomes/outcomes.js';
// The experiments (`utility-engine experiment`): the registry, the runner and its context.
export { EXPERIMENTS, findExperiment } from '../experiments/registry.js';
export type { Experiment, ExperimentContext, ExperimentResult, UtilityMeasurement, UtilityRequest } from '../experiments/experiment.js';
export { prepareExperiment, runExperiments, SUMMARIES_FILE } from './experiment/runner.js';
export type { RunnerOptions, ExperimentOutput, ExperimentRun } from './experiment/runner.js';
export { NodeExperimentContext, OPEN_QUESTION_SYSTEM } from './experiment/context.js';
