/** The typed arrays a {@link GrowableColumn} can hold. */
export type GrowableArray = Float64Array | Int32Array | Uint32Array;

/**
 * A typed-array column of unknown final length, appended to one value at a time: the storage doubles
 * when full (amortised O(1) per push), and {@link GrowableColumn.toArray} returns an exact-length copy.
 * For readers and simulators that build columnar tables row by row.
 *
 * @example
 * const c = new GrowableColumn(Float64Array);
 * c.push(1.5); c.push(2);
 * c.toArray(); // Float64Array [1.5, 2]
 */
export class GrowableColumn<A extends GrowableArray> {
  private data: A;
  /** Values pushed so far. */
  length = 0;

  /** @param make the typed-array constructor, e.g. `Float64Array`; `capacity` the first allocation (≥ 1). */
  constructor(
    private readonly make: new (n: number) => A,
    capacity = 1024,
  ) {
    this.data = new make(Math.max(1, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The value at row `j` (< length). */
  get(j: number): number {
    return this.data[j]!;
  }

  /** The pushed values, as a typed array of exactly `length` entries (a copy). */
  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }
}
