/**
 * The plain path: every question asked of the evaluator, one slot at a time, exactly as HTCondor's
 * `MatchClassAd` asks it. The fast path (`pool.ts`) falls back to these functions and is tested
 * against them.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef } from "../ast/build.js";
import type { ClassAd } from "../classad/classad.js";
import { evaluate } from "../classad/evaluate.js";
import type { Value } from "../model/value.js";
import type { Environment } from "../model/evaluation.js";

/**
 * What a match is evaluated with: one fixed `now` for every pair (the negotiator reads its clock
 * once per cycle), the zone of the local-time functions, and the environment (functions, regex
 * engine and limits, evaluation limits). `{ environment }` alone is enough: the rest comes from it.
 */
export interface MatchSettings {
  /** Seconds since the epoch returned by `time()` and `CurrentTime`. Default: the environment's clock. */
  readonly now?: number | undefined;
  /** IANA zone for the local-time functions. Default: the environment's. */
  readonly timeZone?: string | undefined;
  /** Default: the library's default environment. */
  readonly environment?: Environment | undefined;
}

/** @deprecated The former name of {@link MatchSettings} (it now carries the environment too). */
export type MatchClock = MatchSettings;

// Unscoped, and only evaluated when MY defines the attribute: exactly HTCondor's
// `LEFT.requirements` / `EvaluateAttrNumber("Rank")`, even for an ad that defines `MY` itself.
const REQUIREMENTS: Expr = attrRef("Requirements");
const RANK: Expr = attrRef("Rank");

/**
 * True when a match expression's value counts as a match: `true`, a non-zero integer or a
 * non-zero real (NaN counts, as in C++). Undefined, error, strings and everything else never match.
 */
export function isMatchTrue(value: Value): boolean {
  switch (value.kind) {
    case "bool":
      return value.v;
    case "int":
      return typeof value.v === "number" ? value.v !== 0 : value.v !== 0n;
    case "real":
      return value.v !== 0;
    default:
      return false;
  }
}

/** The number a rank value gives the negotiator (`EvaluateAttrNumber`): numbers and booleans, else 0. */
export function rankNumber(value: Value): number {
  switch (value.kind) {
    case "bool":
      return value.v ? 1 : 0;
    case "int":
      return typeof value.v === "number" ? value.v : Number(value.v);
    case "real":
      return value.v;
    default:
      return 0;
  }
}

/** `my`'s Requirements evaluated with MY = my and TARGET = target (HTCondor's `IsAConstraintMatch`). */
export function requirementsHold(my: ClassAd, target: ClassAd, settings: MatchSettings = {}): boolean {
  if (my.lookupLower("requirements") === undefined) return false;
  return isMatchTrue(evaluateIn(REQUIREMENTS, my, target, settings));
}

/**
 * HTCondor's `EvalFloat("Rank", my, target)`: `my`'s Rank when `my` has one, otherwise `target`'s
 * Rank evaluated in `target` (with MY = target), otherwise 0. Non-numeric values count as 0.
 */
export function rankOf(my: ClassAd, target: ClassAd, settings: MatchSettings = {}): number {
  if (my.lookupLower("rank") !== undefined) return rankNumber(evaluateIn(RANK, my, target, settings));
  if (target.lookupLower("rank") !== undefined) return rankNumber(evaluateIn(RANK, target, my, settings));
  return 0;
}

function evaluateIn(expr: Expr, my: ClassAd, target: ClassAd, settings: MatchSettings): Value {
  return evaluate(expr, { my, target, now: settings.now, timeZone: settings.timeZone, environment: settings.environment });
}
