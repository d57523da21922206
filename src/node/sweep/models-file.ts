// The models file of `utility-engine sweep`: which models to measure, each with its own endpoint
// settings and optional metadata for tables and plots. Validated in full before anything runs.
//
//   {"models": [{"name": "small", "model": "org/small-chat", "base_url": "http://127.0.0.1:8000/v1",
//                "api_key_env": "OPENAI_API_KEY", "concurrency": 30, "k": 10, "reasoning": false,
//                "system_message": true, "metadata": {"family": "org", "parameters": 7e9, "mmlu": 0.61}}]}
//
// A top-level list of models is accepted too. `"model": "synthetic"` (the default when no
// base_url is given) uses the built-in synthetic model, with optional knobs under "synthetic".

import { InputError } from '../../errors.js';
import { isObject } from '../../graph/formats.js';
import type { SyntheticKnobs } from '../../elicit/synthetic-model.js';
import { MODEL_APIS, type ModelApi } from '../../elicit/base-model-prompt.js';
import { parseWorld } from '../../world/world-file.js';

/** One model of a sweep, validated. */
export interface SweepModel {
  /** The label: the folder `DIR/<name>/` and the row in sweep.json and sweep.csv. */
  name: string;
  /** The model id sent to the endpoint ("synthetic" for the built-in model). */
  model: string;
  baseUrl?: string;
  /** Name of the environment variable holding the API key (the key itself is never read here). */
  apiKeyEnv?: string;
  /** Requests in flight at once for this model. */
  concurrency?: number;
  /** Samples per order. */
  k?: number;
  /** Ask for reasoning ending in "Answer: X" instead of a single letter. */
  reasoning?: boolean;
  /** False when the endpoint has no system role: the system message is sent in the user turn. */
  systemMessage?: boolean;
  /** Read P(A) from first-token log-probabilities instead of sampling K answers. */
  logprobs?: boolean;
  /** "completions" for a base model asked through /v1/completions. */
  api?: ModelApi;
  /** Knobs of the synthetic model (only with model "synthetic"). */
  synthetic?: Partial<SyntheticKnobs>;
  /**
   * A command that starts this model's server inside its run (`{port}`: a free port on the node;
   * `{gpus}`: the task's GPUs). The run waits for GET /v1/models, asks, then stops the server.
   */
  serve?: string;
  /** SLURM settings of this model's array task over the sweep's (`sweep --slurm`). */
  slurm?: SlurmSettings;
  /** Free-form facts for tables and plots, e.g. family, parameters, mmlu. Copied into sweep.json. */
  metadata: Record<string, string | number | boolean | null>;
}

/** Resources of a SLURM array task: the `--slurm-*` options, per model under `slurm`. */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  cpus?: number;
  mem?: string;
  gpus?: number;
  /** Verbatim `#SBATCH` lines (without the prefix), e.g. "--account=lab". */
  extra?: string[];
}

/** Keys of a model's `slurm` object. */
export const SLURM_KEYS: ReadonlyArray<keyof SlurmSettings> = ['partition', 'time', 'cpus', 'mem', 'gpus', 'extra'];

/** Model name that selects the built-in synthetic model. */
export const SYNTHETIC_MODEL = 'synthetic';

const KEYS = new Set(['name', 'model', 'base_url', 'api_key_env', 'concurrency', 'k', 'reasoning', 'system_message', 'logprobs', 'synthetic', 'metadata', 'api', 'serve', 'slurm']);
// Names become folder names and CSV cells: keep them portable across file systems.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;
const ENV_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The sweep's own files sit beside the model folders.
const RESERVED_NAMES = new Set(['sweep.json', 'sweep.csv', 'convergence.json']);

/**
 * Validates a parsed models file. Refuses: no models, unknown keys (typos such as "base-url"),
 * names that are not portable folder names or repeat (case-insensitively), and bad values, naming
 * the model and key.
 * @example parseModelsFile({ models: [{ name: 'a' }] }, 'models.json') // [{ name: 'a', model: 'synthetic', metadata: {} }]
 */
export function parseModelsFile(data: unknown, source = 'models file'): SweepModel[] {
  const list = Array.isArray(data) ? data : isObject(data) ? data.models : undefined;
  if (!Array.isArray(list)) throw new InputError(`${source} must be a list of models or an object with a "models" list`);
  if (isObject(data)) {
    const extra = Object.keys(data).filter((k) => k !== 'models');
    if (extra.length > 0) throw new InputError(`${source} has unknown top-level key ${JSON.stringify(extra[0])} (expected only "models")`);
  }
  if (list.length === 0) throw new InputError(`${source} lists no models`);
  const seen = new Map<string, number>();
  return list.map((entry, i) => {
    const model = parseModel(entry, `${source}: model ${i}`);
    const key = model.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw new InputError(`${source}: models ${first} and ${i} are both named ${JSON.stringify(model.name)} (names must differ, ignoring case)`);
    seen.set(key, i);
    return model;
  });
}

function parseModel(entry: unknown, where: string): SweepModel {
  if (!isObject(entry)) throw new InputError(`${where} must be an object with at least a "name"`);
  const name = entry.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name === '.' || name === '..') {
    throw new InputError(`${where} has name ${JSON.stringify(name ?? null)}: need 1-100 letters, digits, ".", "_", "+" or "-", starting with a letter or digit`);
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) throw new InputError(`${where} has name ${JSON.stringify(name)}, which is one of the sweep's own files`);
  const at = `${where} (${name})`;
  for (const key of Object.keys(entry)) {
    if (!KEYS.has(key)) throw new InputError(`${at} has unknown key ${JSON.stringify(key)} (known: ${[...KEYS].join(', ')})`);
  }
  const str = (key: string): string | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${at}: "${key}" must be a non-empty string (got ${JSON.stringify(v)})`);
    return v;
  };
  const bool = (key: string): boolean | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw new InputError(`${at}: "${key}" must be true or false (got ${JSON.stringify(v)})`);
    return v;
  };
  const posInt = (key: string): number | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`${at}: "${key}" must be a positive integer (got ${JSON.stringify(v)})`);
    return v;
  };
  const serve = str('serve');
  if (serve !== undefined && !serve.includes('{port}')) throw new InputError(`${at}: "serve" must contain {port}, where the server is told its port (got ${JSON.stringify(serve)})`);
  // A served model is reached on the port its server was given.
  const baseUrl = str('base_url') ?? (serve !== undefined ? 'http://127.0.0.1:{port}/v1' : undefined);
  if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new InputError(`${at}: "base_url" must be an http(s) URL (got ${JSON.stringify(baseUrl)})`);
  const model = str('model') ?? (baseUrl === undefined ? SYNTHETIC_MODEL : name);
  const apiKeyEnv = str('api_key_env');
  if (apiKeyEnv !== undefined && !ENV_PATTERN.test(apiKeyEnv)) throw new InputError(`${at}: "api_key_env" must be an environment variable name (got ${JSON.stringify(apiKeyEnv)})`);
  if (model !== SYNTHETIC_MODEL && baseUrl === undefined) throw new InputError(`${at}: model ${JSON.stringify(model)} needs a "base_url" (only "synthetic" runs without one)`);
  const api = str('api');
  if (api !== undefined && !(MODEL_APIS as readonly string[]).includes(api)) throw new InputError(`${at}: "api" must be ${MODEL_APIS.map((a) => `"${a}"`).join(' or ')} (got ${JSON.stringify(api)})`);
  if (api === 'completions' && baseUrl === undefined) throw new InputError(`${at}: "api": "completions" needs a "base_url" (a base-model endpoint, or serve-synthetic)`);
  let synthetic: Partial<SyntheticKnobs> | undefined;
  if (entry.synthetic !== undefined) {
    if (model !== SYNTHETIC_MODEL) throw new InputError(`${at}: "synthetic" knobs apply only to model "synthetic"`);
    if (!isObject(entry.synthetic)) throw new InputError(`${at}: "synthetic" must be an object of knobs`);
    synthetic = parseKnobs(entry.synthetic, at);
  }
  const metadata = entry.metadata ?? {};
  if (!isObject(metadata)) throw new InputError(`${at}: "metadata" must be an object (e.g. {"family": "x", "parameters": 7e9})`);
  for (const [key, v] of Object.entries(metadata)) {
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      throw new InputError(`${at}: metadata "${key}" must be a string, number, boolean or null (got ${JSON.stringify(v)})`);
    }
  }
  const out: SweepModel = { name, model, metadata: metadata as SweepModel['metadata'] };
  const optional = {
    baseUrl, apiKeyEnv, concurrency: posInt('concurrency'), k: posInt('k'), reasoning: bool('reasoning'),
    systemMessage: bool('system_message'), logprobs: bool('logprobs'), synthetic, api, serve,
    slurm: entry.slurm === undefined ? undefined : parseSlurmSettings(entry.slurm, `${at}: "slurm"`),
  };
  for (const [key, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  return out;
}

/**
 * Validates SLURM settings (a models file's `slurm` object), naming an unknown key.
 * @example parseSlurmSettings({ gpus: 1, time: '02:00:00' }, 'slurm') // { gpus: 1, time: '02:00:00' }
 */
export function parseSlurmSettings(raw: unknown, at: string): SlurmSettings {
  if (!isObject(raw)) throw new InputError(`${at} must be an object (keys: ${SLURM_KEYS.join(', ')})`);
  const out: SlurmSettings = {};
  for (const [key, v] of Object.entries(raw)) {
    if (key === 'partition' || key === 'time' || key === 'mem') {
      // Written into #SBATCH lines: one token, no line breaks.
      if (typeof v !== 'string' || !/^[^\s]+$/.test(v)) throw new InputError(`${at}: "${key}" must be a string without spaces (got ${JSON.stringify(v)})`);
      out[key] = v;
    } else if (key === 'cpus' || key === 'gpus') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < (key === 'gpus' ? 0 : 1)) throw new InputError(`${at}: "${key}" must be a ${key === 'gpus' ? 'non-negative' : 'positive'} integer (got ${JSON.stringify(v)})`);
      out[key] = v;
    } else if (key === 'extra') {
      const lines = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string' || /[\r\n]/.test(l) || !l.trim().startsWith('-'))) {
        throw new InputError(`${at}: "extra" must be sbatch options such as "--account=lab" (a string or a list; got ${JSON.stringify(v)})`);
      }
      out.extra = lines.map((l: string) => l.trim());
    } else {
      throw new InputError(`${at} has unknown key ${JSON.stringify(key)} (known: ${SLURM_KEYS.join(', ')})`);
    }
  }
  return out;
}

function parseKnobs(raw: Record<string, unknown>, at: string): Partial<SyntheticKnobs> {
  const spec = parseWorld(raw, at);
  if (spec.registry) throw new InputError(`${at}: a sweep model's "synthetic" object cannot carry a registry (experiments register their own)`);
  return spec.knobs;
}
