/**
 * The one place the analysis evaluates expressions: in a match context (MY = one ad, TARGET = the
 * other, HTCondor's old-semantics fallback from MY to TARGET), with the match settings of the
 * analysis (a fixed `now`, its zone and environment), as the matchmaker evaluates them.
 */
import type { Value } from "../model/value.js";
import { Evaluator } from "../classad/evaluator.js";
import type { MatchSettings } from "../match/slow-path.js";

/** HTCondor's match truth (`true` or a non-zero number), shared with the matchmaking core. */
export { isMatchTrue } from "../match/slow-path.js";
export type { MatchSettings } from "../match/slow-path.js";

/** One evaluator per settings object: options are resolved once for the thousands of evaluations of an analysis. */
const evaluators = new WeakMap<MatchSettings, Evaluator>();

/** The evaluator of an analysis's settings (use its `evaluateInMatch`). */
export function matchEvaluator(settings: MatchSettings): Evaluator {
  let evaluator = evaluators.get(settings);
  if (evaluator === undefined) {
    evaluator = new Evaluator({ now: settings.now, timeZone: settings.timeZone, environment: settings.environment });
    evaluators.set(settings, evaluator);
  }
  return evaluator;
}

/** The value as a JS number when it is an int or real, else null. */
export function numberOf(value: Value): number | null {
  if (value.kind === "int") return typeof value.v === "number" ? value.v : Number(value.v);
  if (value.kind === "real") return value.v;
  return null;
}
