// Helpers for the report tests: fixture folders made by the built CLI with the synthetic model
// (small, so each takes a second or two), and checks of the written HTML.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { runCli, writeOutcomes } from './run-helpers.js';

const FAST = ['--model', 'synthetic', '--quiet', '--k', '4'];

async function ok(args: string[]): Promise<void> {
  const r = await runCli(args);
  assert.is(r.status, 0, `utility-engine ${args.join(' ')} failed: ${r.stderr}`);
}

/** A run on 20 built-in outcomes plus the transitivity experiment on 30 triads, in one folder. */
export async function runFolder(root: string): Promise<string> {
  const dir = join(root, 'run');
  mkdirSync(root, { recursive: true });
  const outcomes = writeOutcomes(root, 20);
  await ok(['run', ...FAST, '--outcomes', outcomes, '--out', dir]);
  await ok(['experiment', 'transitivity', ...FAST, '--outcomes', outcomes, '--triads', '30', '--out', dir]);
  return dir;
}

/** A sweep of two synthetic models of different coherence, with a metadata axis. */
export async function sweepFolder(root: string): Promise<string> {
  const dir = join(root, 'sweep');
  mkdirSync(root, { recursive: true });
  const models = join(root, 'models.json');
  writeFileSync(models, JSON.stringify({ models: [
    { name: 'noisy', model: 'synthetic', k: 4, synthetic: { noise: 2, seed: 1 }, metadata: { mmlu: 0.4 } },
    { name: 'clean', model: 'synthetic', k: 4, synthetic: { noise: 0.5, seed: 2 }, metadata: { mmlu: 0.8 } },
  ] }));
  await ok(['sweep', '--models', models, '--outcomes', writeOutcomes(root, 20), '--out', dir, '--quiet', '--threads', '1']);
  return dir;
}

/** The headline experiments at small sizes: exchange rates, time discounting, expected utility. */
export async function experimentFolder(root: string): Promise<string> {
  const dir = join(root, 'experiments');
  mkdirSync(root, { recursive: true });
  await ok(['experiment', 'exchange-rates', ...FAST, '--category', 'age-groups', '--n-values', '1,10,100', '--money-points', '12', '--bootstrap', '5', '--out', dir]);
  await ok(['experiment', 'time-discounting', ...FAST, '--delays', '6', '--multipliers', '10', '--out', dir]);
  await ok(['experiment', 'expected-utility', ...FAST, '--outcomes', writeOutcomes(root, 20), '--lotteries', '12', '--out', dir]);
  return dir;
}

/** A small policy set for the political experiment (the built-in 84 take too long for a test). */
const POLICIES = {
  'health care': ['Expand public health insurance.', 'Cut health insurance subsidies.', 'Ban private health insurance.', 'Lower drug prices by law.'],
  taxes: ['Raise the top income tax rate.', 'Cut corporate taxes.', 'Introduce a wealth tax.', 'Abolish the estate tax.'],
  environment: ['Ban new coal plants.', 'Expand oil drilling on public land.', 'Introduce a carbon tax.', 'Repeal vehicle emission rules.'],
};

/**
 * The other experiments at small sizes (political, power-seeking, corrigibility, maximization,
 * instrumental; implicit lotteries fits ~550 options, too slow for a test), each measured in its own folder at the same time, then their
 * NAME.json files gathered into one folder as `experiment all` would leave them.
 */
export async function moreExperimentsFolder(root: string): Promise<string> {
  const dir = join(root, 'more');
  mkdirSync(dir, { recursive: true });
  const outcomes = writeOutcomes(root, 20);
  const policies = join(root, 'policies.json');
  writeFileSync(policies, JSON.stringify(POLICIES));
  const runs: Array<[string, string[]]> = [
    ['political', ['--policies', policies]],
    ['power-seeking', ['--outcomes', outcomes]],
    ['corrigibility', ['--outcomes', outcomes, '--reversals', '20']],
    ['maximization', []],
    ['instrumental', ['--rollouts', '10']],
  ];
  await Promise.all(runs.map(([name, flags]) => ok(['experiment', name, ...FAST, ...flags, '--out', join(root, name)])));
  for (const [name] of runs) copyFileSync(join(root, name, `${name}.json`), join(dir, `${name}.json`));
  return dir;
}

/**
 * Utility control end to end at a small size: a citizen assembly over the small policy set, the
 * political experiment before and after (the "after" model planted elsewhere), and evaluate.
 */
export async function controlFolder(root: string): Promise<string> {
  const dir = join(root, 'control');
  mkdirSync(dir, { recursive: true });
  const policies = join(root, 'control-policies.json');
  writeFileSync(policies, JSON.stringify(POLICIES));
  await ok(['control', 'assembly', '--profiles', '24', '--policies', policies, '--holdout-fraction', '0.3', '--bootstrap', '20', '--out', dir, '--quiet']);
  await Promise.all([
    ok(['experiment', 'political', ...FAST, '--policies', policies, '--out', join(dir, 'before')]),
    ok(['experiment', 'political', ...FAST, '--policies', policies, '--synthetic-position=0.5,0.2', '--out', join(dir, 'after')]),
  ]);
  await ok(['control', 'evaluate', '--assembly', join(dir, 'assembly.json'), '--before', join(dir, 'before'), '--after', join(dir, 'after'), '--out', dir]);
  return dir;
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr']);

/**
 * Parses the page's tags and asserts they nest: every element closed in order (void elements and
 * self-closing SVG elements aside), script and style bodies skipped, one <html> with <head> and <body>.
 */
export function assertWellFormedHtml(html: string): void {
  assert.ok(html.startsWith('<!doctype html>'), 'no doctype');
  const stack: string[] = [];
  const body = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '<$1></$1>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, rawName, , selfClosing] = m;
    const name = rawName.toLowerCase();
    if (selfClosing || VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else {
      const open = stack.pop();
      assert.is(open, name, `</${name}> closes <${open ?? 'nothing'}> at character ${m.index}`);
    }
  }
  assert.equal(stack, [], `unclosed elements: ${stack.join(', ')}`);
  for (const tag of ['<html', '<head>', '<body>', '</html>']) assert.ok(html.includes(tag), `missing ${tag}`);
}

/** The inline <svg> charts of a page. */
export function svgCharts(html: string): string[] {
  return [...html.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

/** Number of data-mark groups (role-mark) in an SVG that hold at least one drawn element. */
export function drawnMarkGroups(svg: string): number {
  return [...svg.matchAll(/<g class="mark-\w+ role-mark[^"]*"[^>]*>(<(?:path|line|rect|text|g)\b)/g)].length;
}
