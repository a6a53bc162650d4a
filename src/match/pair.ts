/**
 * Matching one job with one slot (HTCondor's `IsAMatch` / `IsAConstraintMatch`), through the
 * evaluator.
 */
import type { ClassAd } from "../classad/classad.js";
import type { Environment } from "../model/evaluation.js";
import { rankOf, requirementsHold } from "./slow-path.js";
import { matchSettings } from "./settings.js";

export interface PairOptions {
  /** Functions, regex engine, clock, zone and limits (default: the library's default environment). */
  readonly environment?: Environment;
  /** Seconds since the epoch for `time()` and `CurrentTime` (default: the environment's clock, read once). */
  readonly now?: number;
  /** IANA zone of the local-time functions (default: the environment's when one is given, else `UTC`). */
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
  const settings = matchSettings(options);
  const jobAcceptsSlot = requirementsHold(job, slot, settings);
  const slotAcceptsJob = requirementsHold(slot, job, settings);
  return {
    symmetric: jobAcceptsSlot && slotAcceptsJob,
    jobAcceptsSlot,
    slotAcceptsJob,
    jobRank: rankOf(job, slot, settings),
    slotRank: rankOf(slot, job, settings),
  };
}
