/**
 * The one place the analysis evaluates expressions: in a match context (MY = one ad, TARGET = the
 * other, HTCondor's old-semantics fallback from MY to TARGET), at a fixed `now`.
 */
import type { Expr } from "../model/nodes.js";
import type { ClassAd } from "../classad/classad.js";
import type { Value } from "../model/value.js";
import { Evaluator } from "../classad/evaluator.js";

/** HTCondor's match truth (`true` or a non-zero number), shared with the matchmaking core. */
export { isMatchTrue } from "../match/slow-path.js";

export interface MatchClock {
  readonly now: number;
  readonly timeZone?: string;
}

/** One evaluator per clock: options are resolved once for the thousands of evaluations of an analysis. */
const evaluators = new WeakMap<MatchClock, Evaluator>();

export function evaluateInMatch(expr: Expr, my: ClassAd, target: ClassAd, clock: MatchClock): Value {
  let evaluator = evaluators.get(clock);
  if (evaluator === undefined) {
    evaluator = new Evaluator(clock.timeZone === undefined ? { now: clock.now } : { now: clock.now, timeZone: clock.timeZone });
    evaluators.set(clock, evaluator);
  }
  return evaluator.evaluate(expr, { my, target });
}

/** The value as a JS number when it is an int or real, else null. */
export function numberOf(value: Value): number | null {
  if (value.kind === "int") return typeof value.v === "number" ? value.v : Number(value.v);
  if (value.kind === "real") return value.v;
  return null;
}
