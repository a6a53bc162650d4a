/**
 * The contract between the evaluator and the builtin functions.
 *
 * A builtin receives its arguments unevaluated (so `ifThenElse` can be lazy and `unparse` can
 * see the syntax of its argument) together with an {@link EvalContext} through which it
 * evaluates them. Functions never throw for bad arguments: they return ERROR or UNDEFINED
 * values, as HTCondor's do.
 */
import type { Expr } from "../ast/nodes.js";
import type { ClassAd } from "../eval/classad.js";
import type { ErrorValue, Value } from "../eval/value.js";

export interface EvalContext {
  /**
   * Evaluate `expr` with `scope` as the current ad (where unscoped references start), counting
   * against the same depth and step budgets as the calling evaluation.
   */
  evaluate(expr: Expr, scope: ClassAd | null): Value;
  /** The ad the calling expression is being evaluated in. */
  readonly scope: ClassAd | null;
  /** The current time in seconds since the epoch (the injectable clock). */
  now(): number;
  /** IANA time zone name used by local-time functions (formatTime, getHours, ...). */
  readonly timeZone: string;
  /**
   * Record an evaluation failure (HTCondor's Evaluate returning false, e.g. `random(0)`) and
   * return ERROR. The failure makes HTCondor's typed lookups report "not found".
   */
  fail(): ErrorValue;
  /** Called by `debug(x)` with the expression and its value; a no-op unless a hook is set. */
  debug(expr: Expr, value: Value): void;
}

/** A builtin or user-registered function. */
export type BuiltinFunction = (args: readonly Expr[], cx: EvalContext) => Value;
