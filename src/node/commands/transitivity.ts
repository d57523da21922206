// `utility-engine transitivity`: the old name of `utility-engine experiment transitivity`, kept as
// an alias (same flags, same DIR/transitivity.json).

import { findExperiment } from '../../experiments/registry.js';
import { experimentUsage, main as experiment } from './experiment.js';

export const usage = experimentUsage(findExperiment('transitivity')!);

export async function main(argv: string[]): Promise<void> {
  await experiment(['transitivity', ...argv]);
}
