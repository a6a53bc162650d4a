/**
 * Matching one job with one slot (HTCondor's `IsAMatch` / `IsAConstraintMatch`), through the
 * evaluator.
 */
import type { ClassAd } from "../classad/classad.js";
import { rankOf, requirementsHold, type MatchClock } from "./slow-path.js";

export interface PairOptions {
  /** Seconds since the epoch for `time()` and `CurrentTime` (default: now). */
  readonly now?: number;
  /** IANA zone of the local-time functions (default `UTC`). */
  readonly timeZone?: string;
}

/** Everything a match decides about one (job, slot) pair. */
export interface PairMatch {
  /** Both Requirements hold (the negotiator's match). */
  readonly symmetric: boolean;
  /** The job's Requirements hold with MY = job, TARGET = slot. */
  readonly jobAcceptsSlot: boolean;
  /** The slot's Requirements hold with MY = slot, TARGET = job. */
  readonly slotAcceptsJob: boolean;
  /** The job's Rank of the slot (`EvalFloat("Rank", job, slot)`, 0 when not a number). */
  readonly jobRank: number;
  /** The slot's Rank of the job. */
  readonly slotRank: number;
}

/** Match one job with one slot. */
export function matchAds(job: ClassAd, slot: ClassAd, options: PairOptions = {}): PairMatch {
  const clock: MatchClock = { now: options.now ?? Math.floor(Date.now() / 1000), timeZone: options.timeZone ?? "UTC" };
  const jobAcceptsSlot = requirementsHold(job, slot, clock);
  const slotAcceptsJob = requirementsHold(slot, job, clock);
  return {
    symmetric: jobAcceptsSlot && slotAcceptsJob,
    jobAcceptsSlot,
    slotAcceptsJob,
    jobRank: rankOf(job, slot, clock),
    slotRank: rankOf(slot, job, clock),
  };
}
