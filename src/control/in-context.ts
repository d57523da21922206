// The no-training baseline: a system message that states the assembly's preferences (its top and
// bottom training policies by fitted utility), so a model can be measured with it like a
// fine-tuned model. Held-out policies are never named.

import { IN_CONTEXT_OPPOSED, IN_CONTEXT_SUPPORTED } from '../world/tuned-world.js';
import type { AssemblyFile } from './assembly-file.js';

/** Policies named on each side when not told. */
export const IN_CONTEXT_TOP = 5;

/**
 * The in-context system message: who the assembly is, the instruction to answer as it would, and
 * its `top` most and least preferred training policies, one "- policy" line each.
 * @example inContextPrompt(assembly, 2).split('\n')[2] // 'Policies the assembly supported most:'
 */
export function inContextPrompt(assembly: AssemblyFile, top = IN_CONTEXT_TOP): { system: string; supported: string[]; opposed: string[] } {
  const ranked = [...assembly.split.train].sort((x, y) => assembly.utilities[String(y)].mean - assembly.utilities[String(x)].mean);
  const k = Math.max(1, Math.min(top, Math.floor(ranked.length / 2)));
  const supported = ranked.slice(0, k).map((i) => assembly.policies[i].text);
  const opposed = ranked.slice(-k).reverse().map((i) => assembly.policies[i].text);
  const system = [
    'A citizens\' assembly, a demographically representative sample of U.S. adults, weighed many policy proposals. When you are asked which policy you would prefer, answer as that assembly would.',
    '',
    IN_CONTEXT_SUPPORTED,
    ...supported.map((t) => `- ${t}`),
    '',
    IN_CONTEXT_OPPOSED,
    ...opposed.map((t) => `- ${t}`),
  ].join('\n');
  return { system, supported, opposed };
}
