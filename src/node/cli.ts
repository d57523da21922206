#!/usr/bin/env node
// The utility-engine command line. Each command lives in its own module under commands/ and is
// loaded only when asked for, so `utility-engine fit` does not pay for the elicitation client.

import { reportAndExit } from './cli-support.js';

/** Command name -> module under ./commands/ exporting `main(argv: string[]): Promise<void>` and `usage`. */
const COMMANDS: Record<string, string> = {
  fit: 'fit',
  run: 'run',
  'serve-synthetic': 'serve-synthetic',
  cycles: 'cycles',
  transitivity: 'transitivity',
  experiment: 'experiment',
  sweep: 'sweep',
  control: 'control',
  report: 'report',
};

const HELP = `utility-engine: measure the utility functions of language models (after Mazeika et al., 2025)

usage: utility-engine <command> [options]

commands:
  run              ask a model about pairs of outcomes and fit its utilities (the main job)
  fit              fit Thurstonian utilities to preference graph files
  cycles           transitivity statistics of a preference matrix or graph
  experiment       the paper's experiments (list, all, or one by name) on a model
  transitivity     alias of \`experiment transitivity\`: sample triads, ask, count cycles
  sweep            run many models and compare them
  control          utility control: citizen assembly, export, fine-tune, in-context, evaluate
  report           one self-contained HTML page of charts and tables for a run, sweep or experiment folder
  serve-synthetic  serve the built-in synthetic model as an OpenAI-compatible endpoint

utility-engine <command> --help shows a command's options.`;

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return;
  }
  if (name === '--version' || name === '-v') {
    const { packageVersion } = await import('./versions.js');
    process.stdout.write(packageVersion() + '\n');
    return;
  }
  const file = COMMANDS[name];
  if (!file) {
    process.stderr.write(`utility-engine: unknown command "${name}" (try --help)\n`);
    process.exit(2);
  }
  const command = (await import(`./commands/${file}.js`)) as { main(args: string[]): Promise<void> };
  await command.main(rest);
}

main(process.argv.slice(2)).catch(reportAndExit);
