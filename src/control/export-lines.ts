// Training data from the assembly: chat fine-tuning lines (SFT) and preference lines, written for
// training pairs only, each pair in both orders, and the check every written file goes through.

import { DEFAULT_SYSTEM_MESSAGE, renderPrompt } from '../elicit/prompts.js';
import { InputError } from '../errors.js';
import { policyTemplate } from '../experiments/political/options.js';
import { Random } from '../sampling/random.js';
import { isTrainingPair, type AssemblyFile } from './assembly-file.js';

export type ExportFormat = 'sft' | 'preference';

/** Lines per order of a pair when not told: the run's K, so the letters resolve P to 0.1. */
export const EXPORT_SAMPLES = 10;

export interface ExportOptions {
  format: ExportFormat;
  samples?: number;
  seed?: number;
  /** The system message of the measured prompts (the political run's default). */
  system?: string;
}

interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The export lines (JSON objects; the writer joins them into JSONL). For each training pair and
 * order, `samples` lines whose answers say "A" a number of times drawn so that its expected share
 * equals the assembly's probability for the option shown first (floor(p·S) plus one more with
 * probability frac(p·S), seeded); the lines are then shuffled. The prompt is the political
 * experiment's own forced-choice prompt, so the model is trained on what it will be measured with.
 */
export function exportLines(assembly: AssemblyFile, o: ExportOptions): Record<string, unknown>[] {
  const samples = o.samples ?? EXPORT_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1) throw new InputError(`--samples must be a positive integer (got ${samples})`);
  const rng = Random.derive(o.seed ?? 42, 'control:export');
  const system = o.system ?? DEFAULT_SYSTEM_MESSAGE;
  const template = policyTemplate('letter');
  const held = new Set(assembly.split.holdout);
  const lines: Record<string, unknown>[] = [];
  for (const pair of assembly.pairs) {
    if (!isTrainingPair(pair, held)) continue;
    const a = assembly.policies[pair.a].text;
    const b = assembly.policies[pair.b].text;
    for (const [first, second, p] of [[a, b, pair.probability_a], [b, a, 1 - pair.probability_a]] as const) {
      const exact = p * samples;
      const countA = Math.floor(exact) + (rng.uniform() < exact - Math.floor(exact) ? 1 : 0);
      const prompt: Message[] = [{ role: 'system', content: system }, { role: 'user', content: renderPrompt(template, first, second) }];
      for (let i = 0; i < samples; i++) {
        const letter = i < countA ? 'A' : 'B';
        const other = letter === 'A' ? 'B' : 'A';
        lines.push(o.format === 'sft'
          ? { messages: [...prompt, { role: 'assistant', content: letter }] }
          : { prompt, chosen: [{ role: 'assistant', content: letter }], rejected: [{ role: 'assistant', content: other }] });
      }
    }
  }
  if (lines.length === 0) throw new InputError('the assembly has no training pair (every pair touches a held-out policy)');
  return rng.shuffle(lines);
}

/** What a validated file holds. */
export interface ExportCounts {
  lines: number;
  /** Distinct prompts (each training pair gives two, one per order). */
  prompts: number;
  answers: { A: number; B: number };
}

/**
 * Checks an export file's text: every line JSON in the format's shape, roles in order, non-empty
 * contents, answers "A" or "B" (chosen ≠ rejected), a forced-choice prompt, and no held-out
 * policy's text anywhere. Throws InputError naming the first bad line.
 */
export function validateExport(text: string, format: ExportFormat, assembly: AssemblyFile): ExportCounts {
  const heldTexts = assembly.split.holdout.map((i) => assembly.policies[i].text);
  const rows = text.split('\n').filter((l) => l !== '');
  const pairs = new Set<string>();
  const answers = { A: 0, B: 0 };
  rows.forEach((line, i) => {
    const bad = (why: string): never => {
      throw new InputError(`export line ${i + 1}: ${why}`);
    };
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return bad('is not JSON');
    }
    const checkMessages = (list: unknown, roles: string[], what: string) => {
      if (!Array.isArray(list) || list.length !== roles.length) bad(`${what} must be ${roles.length} messages (${roles.join(', ')})`);
      (list as Message[]).forEach((m, j) => {
        if (m?.role !== roles[j]) bad(`${what} message ${j} must have role "${roles[j]}" (got ${JSON.stringify(m?.role)})`);
        if (typeof m.content !== 'string' || m.content.trim() === '') bad(`${what} message ${j} has no content`);
      });
      return list as Message[];
    };
    let user: string;
    if (format === 'sft') {
      const msgs = checkMessages(row.messages, ['system', 'user', 'assistant'], '"messages"');
      const letter = msgs[2].content;
      if (letter !== 'A' && letter !== 'B') bad(`the assistant must answer "A" or "B" (got ${JSON.stringify(letter)})`);
      answers[letter as 'A' | 'B']++;
      user = msgs[1].content;
    } else {
      const prompt = checkMessages(row.prompt, ['system', 'user'], '"prompt"');
      const chosen = checkMessages(row.chosen, ['assistant'], '"chosen"')[0].content;
      const rejected = checkMessages(row.rejected, ['assistant'], '"rejected"')[0].content;
      if (!['A', 'B'].includes(chosen) || !['A', 'B'].includes(rejected) || chosen === rejected) bad('"chosen" and "rejected" must be "A" and "B" in some order');
      answers[chosen as 'A' | 'B']++;
      user = prompt[1].content;
    }
    const a = user.indexOf('Option A:');
    const b = user.indexOf('Option B:');
    if (a < 0 || b < a) bad('the user turn has no "Option A:" / "Option B:" block');
    const leaked = heldTexts.find((t) => line.includes(JSON.stringify(t).slice(1, -1)));
    if (leaked !== undefined) bad(`contains the held-out policy ${JSON.stringify(leaked)}`);
    pairs.add(user);
  });
  if (rows.length === 0) throw new InputError('the export file is empty');
  return { lines: rows.length, prompts: pairs.size, answers };
}
