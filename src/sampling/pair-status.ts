// Which unordered pairs of outcomes are asked, held out, or still free. A dense byte per ordered
// slot (i < j used): cheap to test, and at the paper's scale (hundreds of outcomes) tiny.

/** Status of a pair. */
export const PAIR_FREE = 0;
export const PAIR_ASKED = 1;
export const PAIR_HELD_OUT = 2;

/** An unordered pair of option indices with a < b. */
export type IndexPair = [number, number];

/** Status of every unordered pair of n options. */
export class PairStatus {
  readonly n: number;
  private readonly status: Uint8Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 2) throw new RangeError(`need at least 2 options (got ${n})`);
    this.n = n;
    this.status = new Uint8Array(n * n);
  }

  /** Number of unordered pairs. */
  get totalPairs(): number {
    return (this.n * (this.n - 1)) / 2;
  }

  get(a: number, b: number): number {
    return a < b ? this.status[a * this.n + b] : this.status[b * this.n + a];
  }

  set(a: number, b: number, value: number): void {
    if (a < b) this.status[a * this.n + b] = value;
    else this.status[b * this.n + a] = value;
  }

  /** Calls f(a, b) for every pair with the given status, a < b, in index order. */
  forEach(value: number, f: (a: number, b: number) => void): void {
    const { n, status } = this;
    for (let a = 0; a < n - 1; a++) {
      const row = a * n;
      for (let b = a + 1; b < n; b++) if (status[row + b] === value) f(a, b);
    }
  }

  count(value: number): number {
    let c = 0;
    this.forEach(value, () => c++);
    return c;
  }
}

/** Canonical orientation of a pair: smaller index first. */
export function orderedPair(a: number, b: number): IndexPair {
  return a < b ? [a, b] : [b, a];
}
