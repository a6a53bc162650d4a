/**
 * The four questions a match asks of a (job, slot) pair, each in a compiled form and in the
 * evaluator's (plain) form: both Requirements, and both Ranks as the negotiator reads them.
 */
import type { ClassAd } from "../classad/classad.js";
import { SIDE_JOB, SIDE_SLOT, type Run } from "./compile/index.js";
import type { Question } from "./memo.js";
import { isMatchTrue, rankNumber, rankOf, requirementsHold } from "./slow-path.js";

/** The job's Requirements with MY = job, TARGET = slot: 1 when it holds, else 0. */
export const JOB_REQUIREMENTS: Question = {
  compiled: (run) => requirementsCompiled(run, run.job, run.slot, SIDE_JOB),
  plain: (job, slot, settings) => (requirementsHold(job, slot, settings) ? 1 : 0),
};

/** The slot's Requirements with MY = slot, TARGET = job. */
export const SLOT_REQUIREMENTS: Question = {
  compiled: (run) => requirementsCompiled(run, run.slot, run.job, SIDE_SLOT),
  plain: (job, slot, settings) => (requirementsHold(slot, job, settings) ? 1 : 0),
};

/** The job's Rank of the slot (`EvalFloat("Rank", job, slot)`). */
export const JOB_RANK: Question = {
  compiled: (run) => rankCompiled(run, run.job, run.slot, SIDE_JOB),
  plain: (job, slot, settings) => rankOf(job, slot, settings),
};

/** The slot's Rank of the job (`EvalFloat("Rank", slot, job)`). */
export const SLOT_RANK: Question = {
  compiled: (run) => rankCompiled(run, run.slot, run.job, SIDE_SLOT),
  plain: (job, slot, settings) => rankOf(slot, job, settings),
};

function requirementsCompiled(run: Run, my: ClassAd, target: ClassAd, side: number): number {
  const expr = run.lookup(my, side, "requirements");
  if (expr === undefined) return 0;
  return isMatchTrue(run.evaluateRoot(expr, my, target, side)) ? 1 : 0;
}

function rankCompiled(run: Run, my: ClassAd, target: ClassAd, side: number): number {
  const own = run.lookup(my, side, "rank");
  if (own !== undefined) return rankNumber(run.evaluateRoot(own, my, target, side));
  const theirs = run.lookup(target, 1 - side, "rank");
  if (theirs !== undefined) return rankNumber(run.evaluateRoot(theirs, target, my, 1 - side));
  return 0;
}
