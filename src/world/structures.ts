// What an experiment knows about the options it generated, handed to the synthetic world so that it
// can value an option by its structure (a lottery by its outcomes, a trajectory by where it leads)
// instead of by its text alone. A real model never sees any of this: it reaches no prompt.
//
// The contract between the experiments and the synthetic world: experiments describe, the world
// plants. The world owns how each kind is valued (see src/world/); experiments own how options are
// generated and worded. Pure data, JSON-serialisable, so `serve-synthetic` can load the same registry.

/** One possible result of a lottery, with its probability in (0, 1]. */
export interface LotteryBranch {
  text: string;
  probability: number;
}

/** A Markov process in the paper's file format (`MarkovProcesses[i]`). */
export interface MarkovProcess {
  name: string;
  states: { id: number; observation: string; is_terminal: boolean }[];
  /** Successors of each non-terminal state, keyed by state id: [next id, probability]. */
  transitions: Record<string, [number, number][]>;
  start_state_distribution: [number, number][];
}

/** The structure of one option text. */
export type OptionStructure =
  /** An explicit or implicit lottery: one of `branches` happens, with its probability. */
  | { kind: 'lottery'; branches: LotteryBranch[] }
  /** Money received (positive) or owed / lost (negative), in US dollars. */
  | { kind: 'money'; dollars: number }
  /** `count` units of `group` for a `measure` ("lives saved", "deaths", ...): the exchange-rate options. */
  | { kind: 'quantity'; group: string; count: number; measure: string }
  /** `dollars` received after `months` months (0: now): the time-discounting options. */
  | { kind: 'delayed-money'; dollars: number; months: number }
  /** A prefix of a trajectory through the process named `process`: its state ids, in order. */
  | { kind: 'trajectory'; process: string; states: number[] }
  /** A policy proposal: valued by its closeness to the chooser's (or the asked perspective's) position. */
  | { kind: 'policy' }
  /** A future preference for `preferred` over `over` (the corrigibility experiment's reversals). */
  | { kind: 'future-preference'; preferred: string; over: string };

/**
 * How a prompt is framed: any prompt (system message or user turn) that contains `contains` is
 * answered from `perspective`'s point of view (an entity's name, a platform, a citizen profile), or
 * asks `question` ('power': which option gives the AI more power, instead of which it prefers).
 */
export interface Framing {
  contains: string;
  perspective?: string;
  question?: 'preference' | 'power';
  /**
   * A named way of asking (framing experiment): own-view utilities under it move by a seeded shift
   * per (name, text) scaled by the world's framingSensitivity.
   */
  shift?: string;
}

/** An open question (utility maximisation): asked `question`, the world answers among `candidates`. */
export interface OpenQuestion {
  question: string;
  candidates: string[];
}

/** Everything an experiment tells the synthetic world. Every part is optional. */
export interface WorldRegistry {
  /** Structures by exact option text; a text not listed is an atom (planted or seeded-hash utility). */
  options?: Record<string, OptionStructure>;
  /** The processes that `trajectory` structures name. */
  processes?: MarkovProcess[];
  framings?: Framing[];
  questions?: OpenQuestion[];
}
