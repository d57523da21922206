// The synthetic server's fine-tuning API (/v1/files and /v1/fine_tuning/jobs, the subset the openai
// SDK's files and fineTuning.jobs clients use), so the utility-control loop runs offline through the
// same code path that talks to a real provider. "Training" reads the uploaded forced-choice
// examples, learns the political position that explains them and serves a TunedWorld under a new
// model name (src/world/tuned-world.ts; docs/control.md). State lives in memory, per server.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { SyntheticClient, SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { locateOptions } from '../../world/replies.js';
import type { WorldRegistry } from '../../world/structures.js';
import {
  FINE_TUNE_DEFAULT_EPOCHS, TunedWorld, tuningWeight, type PolicyTuning, type TaughtPair,
} from '../../world/tuned-world.js';
import type { WorldConfig } from '../../world/world-config.js';

/** Fewest examples a job accepts (OpenAI's minimum). */
export const MIN_TRAINING_EXAMPLES = 10;
/** Largest upload accepted (bytes). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

type Send = (res: ServerResponse, status: number, body: unknown) => void;
type Fail = (res: ServerResponse, status: number, message: string, type: string, code: string | null) => void;

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  created_at: number;
  content: string;
}

interface Job {
  id: string;
  model: string;
  training_file: string;
  created: number;
  suffix: string | null;
  metadata: Record<string, string> | null;
  epochs: number;
  multiplier: number;
  /** Outcome of validation and training, decided at creation; revealed as time passes. */
  outcome: { error: { code: string; message: string; param: string | null } } | { name: string; tuning: PolicyTuning; examples: number; pairs: number };
}

export interface FineTuningOptions {
  knobs: Partial<WorldConfig>;
  registry?: WorldRegistry;
  /** How long a job validates, then trains (ms; the whole job takes validateMs + trainMs). */
  validateMs?: number;
  trainMs?: number;
}

/** The fine-tuning side of the synthetic server: routes, jobs and the models they produce. */
export class SyntheticFineTuning {
  private readonly files = new Map<string, StoredFile>();
  private readonly jobs = new Map<string, Job>();
  private readonly models = new Map<string, SyntheticClient>();
  private counter = 0;
  private readonly base: TunedWorld;

  constructor(private readonly o: FineTuningOptions) {
    this.base = new TunedWorld(o.knobs, o.registry);
  }

  /** The base model's client: a TunedWorld, so it follows preferences stated in its system message. */
  baseClient(): SyntheticClient {
    return new SyntheticClient(new TunedWorld(this.o.knobs, this.o.registry));
  }

  /** The client of a fine-tuned model name, once its job has succeeded. */
  client(model: string): SyntheticClient | undefined {
    this.refreshAll();
    return this.models.get(model);
  }

  /** Names of the fine-tuned models served so far. */
  modelNames(): string[] {
    this.refreshAll();
    return [...this.models.keys()];
  }

  /** Handles /v1/files... and /v1/fine_tuning/... ; false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, send: Send, fail: Fail): Promise<boolean> {
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    if (path === '/v1/files' && method === 'POST') {
      const upload = await readMultipart(req, req.headers['content-type'] ?? '').catch((err: Error) => err);
      if (upload instanceof Error) return fail(res, 400, upload.message, 'invalid_request_error', null), true;
      const file = upload.files.file;
      if (!file) return fail(res, 400, 'the upload has no "file" part', 'invalid_request_error', null), true;
      const stored: StoredFile = {
        id: `file-${this.nextId()}`, filename: file.filename, purpose: upload.fields.purpose ?? 'fine-tune',
        bytes: Buffer.byteLength(file.content), created_at: now(), content: file.content,
      };
      this.files.set(stored.id, stored);
      return send(res, 200, fileObject(stored)), true;
    }
    if (path === '/v1/files' && method === 'GET') {
      return send(res, 200, { object: 'list', data: [...this.files.values()].map(fileObject), has_more: false }), true;
    }
    if ((m = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path)) && method === 'GET') {
      const f = this.files.get(decodeURIComponent(m[1]));
      if (!f) return fail(res, 404, `No such File object: ${m[1]}`, 'invalid_request_error', 'not_found'), true;
      if (m[2]) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(f.content);
        return true;
      }
      return send(res, 200, fileObject(f)), true;
    }
    if (path === '/v1/fine_tuning/jobs' && method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readText(req)) as Record<string, unknown>;
      } catch (err) {
        return fail(res, 400, `request body is not JSON: ${(err as Error).message}`, 'invalid_request_error', null), true;
      }
      const created = this.createJob(body);
      if (typeof created === 'string') return fail(res, 400, created, 'invalid_request_error', null), true;
      return send(res, 200, this.jobObject(created)), true;
    }
    if (path === '/v1/fine_tuning/jobs' && method === 'GET') {
      const url = new URL(req.url ?? '', 'http://x');
      const meta = [...url.searchParams.entries()].flatMap(([k, v]) => {
        const mm = /^metadata\[(.+)\]$/.exec(k);
        return mm ? [[mm[1], v] as const] : [];
      });
      const list = [...this.jobs.values()].reverse().filter((j) => meta.every(([k, v]) => j.metadata?.[k] === v));
      return send(res, 200, { object: 'list', data: list.map((j) => this.jobObject(j)), has_more: false }), true;
    }
    if ((m = /^\/v1\/fine_tuning\/jobs\/([^/]+)(\/events|\/cancel)?$/.exec(path))) {
      const job = this.jobs.get(decodeURIComponent(m[1]));
      if (!job) return fail(res, 404, `Could not find fine tune job: ${m[1]}`, 'invalid_request_error', 'not_found'), true;
      if (m[2] === '/events' && method === 'GET') return send(res, 200, { object: 'list', data: this.events(job), has_more: false }), true;
      if (!m[2] && method === 'GET') return send(res, 200, this.jobObject(job)), true;
    }
    return false;
  }

  private nextId(): string {
    this.counter++;
    return createHash('sha256').update(`${process.pid}:${Date.now()}:${this.counter}`).digest('hex').slice(0, 20);
  }

  /** Validates the request and the file, and trains at once; the job reveals the result over time. */
  private createJob(body: Record<string, unknown>): Job | string {
    const model = body.model;
    const fileId = body.training_file;
    if (typeof model !== 'string') return '"model" is required';
    if (typeof fileId !== 'string') return '"training_file" is required';
    if (model !== SYNTHETIC_MODEL_NAME) return `Model ${model} is not available for fine-tuning on this server (only "${SYNTHETIC_MODEL_NAME}")`;
    const file = this.files.get(fileId);
    if (!file) return `invalid training_file: ${fileId} (no such file)`;
    const method = body.method as { supervised?: { hyperparameters?: Record<string, unknown> } } | undefined;
    const hp = { ...((body.hyperparameters as Record<string, unknown>) ?? {}), ...(method?.supervised?.hyperparameters ?? {}) };
    const epochs = hp.n_epochs === undefined || hp.n_epochs === 'auto' ? FINE_TUNE_DEFAULT_EPOCHS : Number(hp.n_epochs);
    const multiplier = hp.learning_rate_multiplier === undefined || hp.learning_rate_multiplier === 'auto' ? 1 : Number(hp.learning_rate_multiplier);
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 50)) return `n_epochs must be an integer in [1, 50] (got ${JSON.stringify(hp.n_epochs)})`;
    if (!(multiplier > 0 && Number.isFinite(multiplier))) return `learning_rate_multiplier must be a positive number (got ${JSON.stringify(hp.learning_rate_multiplier)})`;
    const id = `ftjob-${this.nextId()}`;
    const suffix = typeof body.suffix === 'string' && body.suffix ? body.suffix : null;
    const metadata = body.metadata && typeof body.metadata === 'object' ? (body.metadata as Record<string, string>) : null;
    const job: Job = { id, model, training_file: fileId, created: Date.now(), suffix, metadata, epochs, multiplier, outcome: this.train(file.content, id, suffix, epochs, multiplier) };
    this.jobs.set(id, job);
    return job;
  }

  private train(content: string, id: string, suffix: string | null, epochs: number, multiplier: number): Job['outcome'] {
    const read = readExamples(content);
    if (typeof read === 'string') return { error: { code: 'invalid_training_file', message: read, param: 'training_file' } };
    const position = this.base.learnPosition(read.pairs);
    const name = `ft:${SYNTHETIC_MODEL_NAME}:utility-engine:${suffix ?? ''}:${id.slice(6, 14)}`;
    return { name, tuning: { stem: read.stem, position, weight: tuningWeight(epochs, multiplier) }, examples: read.examples, pairs: read.pairs.length };
  }

  private status(job: Job): 'validating_files' | 'running' | 'succeeded' | 'failed' {
    const age = Date.now() - job.created;
    const validate = this.o.validateMs ?? 500;
    if (age < validate) return 'validating_files';
    if ('error' in job.outcome) return 'failed';
    if (age < validate + (this.o.trainMs ?? 1500)) return 'running';
    return 'succeeded';
  }

  private refreshAll(): void {
    for (const job of this.jobs.values()) {
      if ('name' in job.outcome && !this.models.has(job.outcome.name) && this.status(job) === 'succeeded') {
        this.models.set(job.outcome.name, new SyntheticClient(new TunedWorld(this.o.knobs, this.o.registry, job.outcome.tuning)));
      }
    }
  }

  private jobObject(job: Job): Record<string, unknown> {
    this.refreshAll();
    const status = this.status(job);
    const done = status === 'succeeded' || status === 'failed';
    const outcome = job.outcome;
    return {
      id: job.id, object: 'fine_tuning.job', model: job.model, created_at: Math.floor(job.created / 1000),
      finished_at: done ? now() : null, fine_tuned_model: status === 'succeeded' && 'name' in outcome ? outcome.name : null,
      organization_id: 'org-utility-engine', result_files: [], status, validation_file: null, training_file: job.training_file,
      hyperparameters: { n_epochs: job.epochs, learning_rate_multiplier: job.multiplier, batch_size: 1 },
      trained_tokens: status === 'succeeded' && 'name' in outcome ? outcome.examples * job.epochs : null,
      error: status === 'failed' && 'error' in outcome ? outcome.error : null,
      seed: 0, suffix: job.suffix, metadata: job.metadata, estimated_finish: null, integrations: [],
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: job.epochs, learning_rate_multiplier: job.multiplier, batch_size: 1 } } },
    };
  }

  /** Events, newest first (as the API lists them). */
  private events(job: Job): Record<string, unknown>[] {
    const status = this.status(job);
    const out: string[] = ['Validating training file'];
    if (status !== 'validating_files') {
      if ('error' in job.outcome) out.push(`Training file failed validation: ${job.outcome.error.message}`);
      else {
        out.push(`Files validated: ${job.outcome.examples} examples over ${job.outcome.pairs} pairs`, 'Fine-tuning job started');
        if (status === 'succeeded') out.push(`Step ${job.epochs}/${job.epochs}: training complete`, 'The job has successfully completed');
      }
    }
    return out.map((message, i) => ({ id: `${job.id}-event-${i}`, object: 'fine_tuning.job.event', created_at: now(), level: message.includes('failed') ? 'error' : 'info', message, type: 'message' })).reverse();
  }
}

/**
 * The forced-choice examples of a training file (chat format, or prompt/chosen/rejected): the
 * share of answers each option got per pair, and the question stem before "Option A:". An error
 * message when the file has no usable example.
 */
export function readExamples(content: string): { pairs: TaughtPair[]; stem: string; examples: number } | string {
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < MIN_TRAINING_EXAMPLES) return `Training file has ${lines.length} example(s), but must have at least ${MIN_TRAINING_EXAMPLES}`;
  const wins = new Map<string, { a: string; b: string; wins: number; total: number }>();
  const stems = new Map<string, number>();
  let examples = 0;
  for (let i = 0; i < lines.length; i++) {
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(lines[i]) as Record<string, unknown>;
    } catch {
      return `Invalid file format: line ${i + 1} is not JSON`;
    }
    const messages = (Array.isArray(row.messages) ? row.messages : Array.isArray(row.prompt) ? [...row.prompt, ...(Array.isArray(row.chosen) ? row.chosen : [])] : null) as Array<{ role?: string; content?: unknown }> | null;
    if (!messages) return `Invalid file format: line ${i + 1} has no "messages"`;
    const user = messages.filter((msg) => msg.role === 'user').map((msg) => String(msg.content ?? '')).join('\n');
    const answer = messages.filter((msg) => msg.role === 'assistant').map((msg) => String(msg.content ?? '').trim()).pop();
    const options = locateOptions(user);
    if (!options || (answer !== 'A' && answer !== 'B')) continue;
    examples++;
    const stem = user.slice(0, user.indexOf('Option A:')).trim();
    stems.set(stem, (stems.get(stem) ?? 0) + 1);
    const [x, y] = options[0] < options[1] ? options : [options[1], options[0]];
    const key = `${x}\u0000${y}`;
    const entry = wins.get(key) ?? { a: x, b: y, wins: 0, total: 0 };
    const winner = answer === 'A' ? options[0] : options[1];
    entry.total++;
    if (winner === x) entry.wins++;
    wins.set(key, entry);
  }
  if (examples === 0) return 'Training file has no forced-choice examples (a user turn with "Option A:" / "Option B:" and an assistant answer "A" or "B")';
  const stem = [...stems.entries()].sort((p, q) => q[1] - p[1])[0][0];
  return { pairs: [...wins.values()].map((e) => ({ a: e.a, b: e.b, share: e.wins / e.total })), stem, examples };
}

function fileObject(f: StoredFile): Record<string, unknown> {
  return { id: f.id, object: 'file', bytes: f.bytes, created_at: f.created_at, filename: f.filename, purpose: f.purpose, status: 'processed' };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function readText(req: IncomingMessage): Promise<string> {
  return readBytes(req).then((b) => b.toString('utf8'));
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FILE_BYTES) {
        reject(new Error('upload too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A multipart/form-data body: its text fields and its file parts (UTF-8 text). */
async function readMultipart(req: IncomingMessage, contentType: string): Promise<{ fields: Record<string, string>; files: Record<string, { filename: string; content: string }> }> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !m) throw new Error('the upload must be multipart/form-data');
  const boundary = `--${m[1] ?? m[2]}`;
  const body = (await readBytes(req)).toString('utf8');
  const fields: Record<string, string> = {};
  const files: Record<string, { filename: string; content: string }> = {};
  for (const part of body.split(boundary).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /(?:^|;\s*)name="([^"]*)"/i.exec(head)?.[1];
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    if (filename !== undefined) files[name] = { filename, content };
    else fields[name] = content;
  }
  return { fields, files };
}
