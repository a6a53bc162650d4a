/**
 * The contract between the evaluator and the builtin functions.
 *
 * A builtin receives its arguments unevaluated (so `ifThenElse` can be lazy and `unparse` can
 * see the syntax of its argument) together with an {@link EvalContext} through which it
 * evaluates them. Functions never throw for bad arguments: they return ERROR or UNDEFINED
 * values, as HTCondor's do.
 */
import type { AttrRefNode, Expr } from "../ast/nodes.js";
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
  /**
   * Optional: like `evaluate`, counting one level against the depth limit (ERROR and an
   * evaluation failure when it is exhausted), as HTCondor's `eval()` does.
   */
  evaluateNested?(expr: Expr, scope: ClassAd | null): Value;
  /**
   * Optional: like `evaluate`, but the evaluation takes one level of the depth budget, as
   * HTCondor's `eval()` and `strcat`/`join` arguments do (ERROR + failure when it is exhausted).
   * The evaluator provides it.
   */
  evaluateNested?(expr: Expr, scope: ClassAd | null): Value;
  /** Optional source of uniform numbers in [0, 1) for `random()` (default `Math.random`). */
  random?(): number;
  /**
   * Optional: the expression an attribute reference names and the ad it lives in, resolved as
   * HTCondor's `AttributeReference::Deref` does (MY/TARGET/parent scopes), or null when it names
   * nothing. Used by `evalInEachContext`, `countMatches` and `unresolved`; without it those fall
   * back to looking the plain name up in the current ad and its parents.
   */
  resolveReference?(ref: AttrRefNode): { readonly expr: Expr; readonly scope: ClassAd | null } | null;
  /**
   * Optional: the external references of `expr` evaluated in `scope`, as HTCondor's
   * `_GetExternalReferences` gives them with full names (`target.Memory`, `other.Disk`), in any
   * order. Used by `unresolved`; without it `unresolved` lists the references it finds itself.
   */
  externalReferences?(expr: Expr, scope: ClassAd | null): string[];
}

/** A builtin or user-registered function. */
export type BuiltinFunction = (args: readonly Expr[], cx: EvalContext) => Value;
