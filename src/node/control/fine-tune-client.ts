// Fine-tuning through the openai SDK's files and fineTuning.jobs APIs, against any provider that
// speaks them (OpenAI, or serve-synthetic offline): upload, start, poll with progress, and resume
// by attaching to a job already started for the same file (by content hash) and model.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { InputError } from '../../errors.js';

/** The job metadata key that carries the training file's SHA-256 (how a rerun finds its job). */
export const SHA_METADATA_KEY = 'utility_engine_training_sha256';
const LIVE = new Set(['validating_files', 'queued', 'running', 'succeeded']);

export interface FineTuneOptions {
  file: string;
  model: string;
  baseURL?: string;
  apiKey: string;
  suffix?: string;
  nEpochs?: number;
  learningRateMultiplier?: number;
  /** Seconds between polls. */
  pollSeconds?: number;
  /** A job recorded by an earlier run (its --out file), tried first when resuming. */
  knownJobId?: string;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface FineTuneRecord {
  job_id: string;
  status: string;
  fine_tuned_model: string | null;
  model: string;
  training_file: string;
  training_sha256: string;
  file: string;
  base_url: string | null;
  resumed: boolean;
  hyperparameters: unknown;
  error: unknown;
  events: string[];
}

/**
 * Uploads (unless resuming), starts or attaches to the job, and polls until it ends. A refusal that
 * retrying cannot fix (400, 401, 403, 404: bad file, key, model or URL) is an InputError.
 */
export async function fineTune(o: FineTuneOptions): Promise<FineTuneRecord> {
  try {
    return await fineTuneOnce(o);
  } catch (err) {
    if (err instanceof OpenAI.APIError && [400, 401, 403, 404].includes(err.status as number)) {
      throw new InputError(`the fine-tuning endpoint refused the request: ${err.status} ${err.message.replace(/^\d+\s*/, '')}`);
    }
    throw err;
  }
}

async function fineTuneOnce(o: FineTuneOptions): Promise<FineTuneRecord> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(o.file);
  } catch (err) {
    throw new InputError(`cannot read ${o.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  const client = new OpenAI({ apiKey: o.apiKey, ...(o.baseURL ? { baseURL: o.baseURL } : {}), maxRetries: 4 });
  const say = o.onProgress ?? (() => {});
  let job = await findJob(client, o, sha);
  const resumed = job !== undefined;
  if (job) say(`attached to ${job.id} (${job.status}), started earlier for this file and model`);
  else {
    const uploaded = await client.files.create({ file: await toFile(bytes, `${sha.slice(0, 12)}-${basename(o.file)}`), purpose: 'fine-tune' });
    say(`uploaded ${o.file} as ${uploaded.id} (${bytes.length} bytes)`);
    const hyper = {
      ...(o.nEpochs !== undefined ? { n_epochs: o.nEpochs } : {}),
      ...(o.learningRateMultiplier !== undefined ? { learning_rate_multiplier: o.learningRateMultiplier } : {}),
    };
    job = await client.fineTuning.jobs.create({
      model: o.model, training_file: uploaded.id, metadata: { [SHA_METADATA_KEY]: sha },
      ...(o.suffix ? { suffix: o.suffix } : {}),
      ...(Object.keys(hyper).length ? { method: { type: 'supervised', supervised: { hyperparameters: hyper } } } : {}),
    });
    say(`started ${job.id} on ${o.model}`);
  }
  const seen = new Set<string>();
  const events: string[] = [];
  let last = '';
  for (;;) {
    o.signal?.throwIfAborted();
    if (job.status !== last) say(`${job.id}: ${job.status}`);
    last = job.status;
    const page = await client.fineTuning.jobs.listEvents(job.id, { limit: 50 }).catch(() => undefined);
    for (const e of [...(page?.data ?? [])].reverse()) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      events.push(e.message);
      say(`  ${e.message}`);
    }
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') break;
    await sleep((o.pollSeconds ?? 10) * 1000, o.signal);
    job = await client.fineTuning.jobs.retrieve(job.id);
  }
  return {
    job_id: job.id, status: job.status, fine_tuned_model: job.fine_tuned_model ?? null, model: o.model,
    training_file: job.training_file, training_sha256: sha, file: o.file, base_url: o.baseURL ?? null, resumed,
    hyperparameters: job.hyperparameters ?? null, error: job.error ?? null, events,
  };
}

/** A live job for this file and model: the recorded one, else one whose metadata carries the file's hash. */
async function findJob(client: OpenAI, o: FineTuneOptions, sha: string): Promise<OpenAI.FineTuning.FineTuningJob | undefined> {
  const fits = (j: OpenAI.FineTuning.FineTuningJob) => j.model === o.model && LIVE.has(j.status) && (j.metadata as Record<string, string> | null)?.[SHA_METADATA_KEY] === sha;
  if (o.knownJobId) {
    const known = await client.fineTuning.jobs.retrieve(o.knownJobId).catch(() => undefined);
    if (known && fits(known)) return known;
  }
  for await (const j of client.fineTuning.jobs.list({ limit: 100, metadata: { [SHA_METADATA_KEY]: sha } })) {
    if (fits(j)) return j;
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}
