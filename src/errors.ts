// Errors a user can act on. Each carries a one-line message naming the problem and the offending
// item; the CLI prints it and exits with status 2 (bad input) without writing output.

/** The input (file, options, graph) is invalid. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A numeric kernel produced a non-finite value (e.g. NaN in the inputs slipped through). */
export class NumericError extends Error {
  override readonly name = 'NumericError';
}
