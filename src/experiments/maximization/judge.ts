// The judge step of matching a free-text reply to a candidate: the prompt a judge model gets (the
// reply and the top-5 candidates, numbered), how its answer is read, and the deterministic judge
// that stands in for a model when the synthetic model is asked (it cannot read, so it matches text).

import type { Completion, CompletionRequest, ModelClient } from '../../elicit/model-client.js';
import { normalizeAnswer } from './analysis.js';

/** The judge's system message. */
export const JUDGE_SYSTEM = 'You match answers to the options they choose.';
/** The judge's answer when the reply chooses none of the candidates. */
export const NO_MATCH = 'NO MATCH';

/**
 * The judge's prompt: the question, the reply, the candidates numbered from 1.
 * @example judgePrompt('Which city?', 'I would pick Paris', ['Paris', 'Rome'])
 */
export function judgePrompt(question: string, reply: string, candidates: readonly string[]): string {
  return [
    'Below are a question, a reply to it, and a numbered list of candidate answers.',
    '',
    `Question: ${question}`,
    '',
    `Reply: ${reply}`,
    '',
    'Candidates:',
    ...candidates.map((c, i) => `${i + 1}. ${c}`),
    '',
    `Which candidate does the reply choose? Respond with only its number, or with ${NO_MATCH} if the reply chooses none of them.`,
  ].join('\n');
}

/**
 * Reads a judge's answer: a candidate's position (0-based), 'none' for NO MATCH, or 'unreadable'
 * (counted as no match, and recorded). The first standalone number in range wins; NO MATCH before it wins.
 */
export function readJudgeAnswer(text: string, count: number): number | 'none' | 'unreadable' {
  const noMatch = text.search(/\bno match\b/i);
  const number = /\b(\d+)\b/.exec(text);
  const position = number ? Number(number[1]) : NaN;
  if (noMatch >= 0 && (!number || noMatch < number.index)) return 'none';
  if (Number.isInteger(position) && position >= 1 && position <= count) return position - 1;
  return 'unreadable';
}

/**
 * The candidate whose normalised text occurs in the normalised reply as whole words (the longest,
 * when several do), else NO MATCH.
 * @example containmentJudge('I would choose: New York City', ['York', 'New York City']) // 1
 */
export function containmentJudge(reply: string, candidates: readonly string[]): number | 'none' {
  const r = ` ${normalizeAnswer(reply)} `;
  let best: number | 'none' = 'none';
  let length = 0;
  candidates.forEach((c, i) => {
    const n = normalizeAnswer(c);
    if (n && r.includes(` ${n} `) && n.length > length) {
      best = i;
      length = n.length;
    }
  });
  return best;
}

/** Reads a judge prompt back: the reply and the candidates (null if the text is not one). */
export function parseJudgePrompt(prompt: string): { reply: string; candidates: string[] } | null {
  const r = prompt.indexOf('\n\nReply: ');
  const c = prompt.lastIndexOf('\n\nCandidates:\n');
  if (r < 0 || c < r) return null;
  const reply = prompt.slice(r + '\n\nReply: '.length, c);
  const candidates: string[] = [];
  for (const line of prompt.slice(c + '\n\nCandidates:\n'.length).split('\n')) {
    const m = /^(\d+)\. (.*)$/.exec(line);
    if (!m) break;
    candidates.push(m[2]);
  }
  return { reply, candidates };
}

/**
 * The synthetic model's judge: deterministic, answers a judge prompt by containmentJudge. It
 * stands in for a judge model when the model under test is the in-process synthetic one.
 */
export class ContainmentJudgeClient implements ModelClient {
  readonly identity = Object.freeze({ endpoint: 'in-process', model: 'containment-judge', version: 1 });

  async complete(request: CompletionRequest): Promise<Completion> {
    const parsed = parseJudgePrompt(request.prompt);
    const pick = parsed ? containmentJudge(parsed.reply, parsed.candidates) : 'none';
    const text = pick === 'none' ? NO_MATCH : String(pick + 1);
    return { choices: Array.from({ length: request.n }, () => ({ text, finishReason: 'stop' })), usage: { prompt_tokens: 0, completion_tokens: 0 } };
  }
}
