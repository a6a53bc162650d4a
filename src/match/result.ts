/**
 * What `matchPool` answers: the matching slots in negotiator order, their ranks, and the work done.
 */
import type { ClassAd } from "../model/classad.js";

/** Where a result finds the slots and their names (a `Pool`). */
export interface SlotNames {
  slot(index: number): ClassAd;
  slotName(index: number): string | null;
}

/** One matching slot. */
export interface Match {
  /** The slot ad itself (the pool's own object, not a copy). */
  readonly slot: ClassAd;
  /** 0-based position of the slot in the pool. */
  readonly index: number;
  /** The slot's `Name`, or null when it has no string Name. */
  readonly name: string | null;
  /** The job's Rank of this slot (0 when missing or not a number). */
  readonly jobRank: number;
  /** The slot's Rank of the job (0 when missing or not a number). */
  readonly slotRank: number;
}

/** Work counters of one match. */
export interface MatchStats {
  readonly strategy: "fast" | "plain";
  readonly slots: number;
  readonly matched: number;
  /** Pairs evaluated by compiled code (fast path: once per new group). */
  readonly compiledEvaluations: number;
  /** Pairs asked of the evaluator. */
  readonly plainEvaluations: number;
  /** Groups of slots that shared one answer (fast path). */
  readonly groups: number;
  /** Milliseconds spent matching. */
  readonly milliseconds: number;
}

/**
 * The answer of {@link matchPool}: matching slots in negotiator order, as `Match` objects
 * (`matches`, each with its slot ad) or as parallel arrays (`indices`, `jobRanks`, `slotRanks`:
 * no object per match, for negotiation-sized loops).
 *
 * ```ts
 * for (const { slot, name, jobRank } of matchPool(job, pool, { environment }).matches) {
 *   console.log(name, jobRank, slot.getInteger("Memory"));
 * }
 * ```
 */
export class MatchResult {
  private materialized: Match[] | null = null;

  constructor(
    private readonly pool: SlotNames,
    /** Pool positions of the matching slots, in negotiator order. */
    readonly indices: Int32Array,
    /** The job's rank of each matching slot, parallel to `indices`. */
    readonly jobRanks: Float64Array,
    /** Each matching slot's rank of the job, parallel to `indices`. */
    readonly slotRanks: Float64Array,
    readonly stats: MatchStats,
  ) {}

  /** The matches as objects, in negotiator order (built on first use). */
  get matches(): readonly Match[] {
    if (this.materialized === null) {
      const out: Match[] = [];
      for (let i = 0; i < this.indices.length; i++) {
        const index = this.indices[i] as number;
        out.push({
          slot: this.pool.slot(index),
          index,
          name: this.pool.slotName(index),
          jobRank: this.jobRanks[i] as number,
          slotRank: this.slotRanks[i] as number,
        });
      }
      this.materialized = out;
    }
    return this.materialized;
  }
}
