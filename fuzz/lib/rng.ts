/**
 * A small seeded generator (SFC32: four 32-bit words of state), so that a campaign is reproduced
 * exactly from its seed. Every generator of the harness draws from one of these.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Spread the seed over the state and discard the first outputs, as SFC32's author advises.
    this.a = 0x9e3779b9;
    this.b = seed | 0;
    this.c = Math.floor(seed / 0x100000000) | 0;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next32() / 0x100000000;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** Picks by weight: `[[weight, item], ...]`. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of choices) total += w;
    let x = this.float() * total;
    for (const [w, item] of choices) {
      x -= w;
      if (x < 0) return item;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[1];
  }

  /** A derived generator: independent streams for parallel parts of one campaign. */
  fork(): Rng {
    return new Rng(this.next32() * 0x100000000 + this.next32());
  }
}
