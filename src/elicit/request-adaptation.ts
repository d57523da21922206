// Reasoning and restricted models refuse parts of an ordinary chat request with a 400: max_tokens
// (they want max_completion_tokens), a temperature other than 1, n > 1, a system role, logprobs, or
// reasoning_effort (models without it). This module reads which part a refusal names and says how
// the request changes; the client retries once with the change and keeps it for the rest of the run.

/** A part of the request an endpoint can refuse, named after the request parameter. */
export type Adaptation = 'max_completion_tokens' | 'temperature' | 'n' | 'system_role' | 'logprobs' | 'reasoning_effort';

/** What was changed, why, and when: one entry of results.json's `request_adaptations`. */
export interface RequestAdaptation {
  adaptation: Adaptation;
  /** The change in words, e.g. "temperature 0.7 → 1 (the endpoint accepts only the default)". */
  change: string;
  status: number;
  /** The endpoint's message (first line, credentials removed). */
  message: string;
  /** The model and endpoint it applies to for the rest of the run. */
  model: string;
  endpoint: string;
}

/** The request fields an adaptation can touch, as the client is about to send them. */
export interface AdaptableRequest {
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  temperature?: number;
  n: number;
  hasSystem: boolean;
  logprobs: boolean;
  reasoningEffort?: string;
}

/**
 * The adaptation a 400 asks for, or undefined when the refusal names nothing the request can drop
 * (then it is a real error). `param` is the error's `param` field when the provider sends one; the
 * message is read otherwise (providers word these differently, so each rule needs the parameter's
 * name and a word of refusal). Only a part the request actually carries is named.
 * @example refusalAdaptation("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', req) // 'max_completion_tokens'
 */
export function refusalAdaptation(message: string, param: string | null | undefined, r: AdaptableRequest): Adaptation | undefined {
  const m = message.toLowerCase();
  const p = (param ?? '').toLowerCase();
  const names = (field: string) => p === field || new RegExp(`(^|[^a-z_])['"\`]?${field}['"\`]?([^a-z_]|$)`).test(m);
  if (r.reasoningEffort !== undefined && names('reasoning_effort')) return 'reasoning_effort';
  if (r.maxTokensField === 'max_tokens' && (names('max_tokens') || m.includes('max_completion_tokens'))) return 'max_completion_tokens';
  if (r.logprobs && (names('logprobs') || names('top_logprobs'))) return 'logprobs';
  if (r.temperature !== undefined && r.temperature !== 1 && names('temperature')) return 'temperature';
  if (r.hasSystem && (p.startsWith('messages') || /\bsystem\b/.test(m)) && /\b(system|developer)\b/.test(m) && /\brole|messages|system (message|prompt)s? (is|are) not|not support/.test(m)) return 'system_role';
  if (r.n > 1 && (names('n') || /\bn\s*>\s*1\b/.test(m) || /\bmultiple (choices|completions)\b/.test(m))) return 'n';
  return undefined;
}

/** The change an adaptation makes, in words for the record. */
export function describeAdaptation(a: Adaptation, r: AdaptableRequest): string {
  switch (a) {
    case 'max_completion_tokens': return 'max_tokens sent as max_completion_tokens';
    case 'temperature': return `temperature ${r.temperature} → 1 (the endpoint accepts only the default)`;
    case 'n': return `n = ${r.n} → one sample per request`;
    case 'system_role': return 'system message moved to the start of the user message';
    case 'logprobs': return 'logprobs dropped: each order is read from one sampled reply';
    case 'reasoning_effort': return `reasoning_effort ${r.reasoningEffort} dropped (not supported)`;
  }
}
