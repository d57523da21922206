// utility-engine: the portable entry point (no Node imports). Node-only parts (loading the .wasm
// from disk, the worker pool, the CLI, result files) are under 'utility-engine/node'.
export * from './engine/index.js';
export * from './fit/index.js';
export * from './graph/preference-graph.js';
export * from './graph/formats.js';
export { Random } from './sampling/random.js';
export { plantedGraph } from './sampling/planted-graph.js';
export type { PlantedGraph, PlantedGraphOptions } from './sampling/planted-graph.js';
export { InputError, NumericError } from './errors.js';
export { convergence, sharedVectors } from './experiments/convergence.js';
export { pearson, spearman, cosine, ranks } from './metrics/correlation.js';
export type { ConvergenceReport, ModelUtilities, PairConvergence, ModelConvergence } from './experiments/convergence.js';
export * from './cycles/index.js';
export { sampleTriads, triadPairs, pairsToAsk, TRANSITIVITY_DEFAULTS } from './experiments/transitivity/options.js';
export { analyseTransitivity } from './experiments/transitivity/analysis.js';
export type { Triad } from './experiments/transitivity/options.js';
export type { TriadRecord, TransitivitySummary } from './experiments/transitivity/analysis.js';
// Elicitation (asking models forced-choice questions), the synthetic model, outcome sets, and the
// active-learning pair selection: portable, so a page or another runtime can drive a model itself.
export { askPairs, resolveAskOptions, completionsPerPair, ASK_DEFAULTS } from './elicit/ask-pairs.js';
export type { AskOptions, AskResult, AskUsage, PairAnswers, PairToAsk, OrderAnswers, UnparseableMode, ElicitationMode } from './elicit/ask-pairs.js';
export { parseAnswer, letterProbability } from './elicit/parse-answer.js';
export type { Letter, ParsedAnswer } from './elicit/parse-answer.js';
export { DEFAULT_SYSTEM_MESSAGE, FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE, MAX_TOKENS_BY_STYLE, renderPrompt, validateTemplate } from './elicit/prompts.js';
export type { AnswerStyle } from './elicit/prompts.js';
export { EndpointRefusedError, EndpointUnavailableError } from './elicit/model-client.js';
export type { ModelClient, CompletionRequest, Completion, CompletionChoice, TokenLogprob, TokenUsage } from './elicit/model-client.js';
export { SyntheticValueSystem, SYNTHETIC_DEFAULTS, resolveSyntheticKnobs, locateOptions } from './elicit/synthetic-model.js';
export type { SyntheticKnobs, SyntheticUtility } from './elicit/synthetic-model.js';
export { SyntheticClient, SYNTHETIC_MODEL_NAME } from './elicit/synthetic-client.js';
export { syntheticTruth } from './elicit/recovery.js';
// The synthetic world: knobs, world files, the experiments' registry, planted valuation, truth.
export {
  SyntheticWorld, WORLD_DEFAULTS, resolveWorldConfig, parseWorld, worldToFile, validateRegistry, mergeRegistries,
  truthOf, moneyUtility, moneyEquivalent, prelecWeight, discountFactor, quantityUtility, measureCurve, policyUtility,
  parseGroupWeight, parseDiscount, parsePosition, parseEntity, UTILITY_UNIT,
} from './world/index.js';
export type {
  WorldConfig, WorldRegistry, WorldTruth, OptionStructure, LotteryBranch, MarkovProcess, Framing, OpenQuestion,
  DiscountCurve, Position, AskContext,
} from './world/index.js';
export { parseOutcomes, MIN_OUTCOMES } from './outcomes/parse-outcomes.js';
export type { OutcomeSet } from './outcomes/parse-outcomes.js';
export { PairStatus, PAIR_FREE, PAIR_ASKED, PAIR_HELD_OUT } from './sampling/pair-status.js';
export type { IndexPair } from './sampling/pair-status.js';
export { holdoutPairs, holdoutSize, HOLDOUT_DEFAULTS } from './sampling/holdout.js';
export { regularStartGraph } from './sampling/start-graph.js';
export { selectPairs, pairBudget, ACTIVE_LEARNING_DEFAULTS } from './sampling/active-learning.js';
export { pseudolabels, PSEUDOLABEL_THRESHOLD } from './sampling/pseudolabels.js';
