/**
 * The contracts of evaluation: the options a caller gives, the result it gets back, and the
 * interface between the evaluator and the functions it calls. Types only; the evaluator is in
 * `src/eval/`, the builtins in `src/functions/`, the public entry points in `src/classad/`.
 */
import type { ClassAd } from "./classad.js";
import type { AttrRefNode, Expr } from "./nodes.js";
import type { ErrorValue, Value } from "./value.js";

/**
 * HTCondor's `MatchClassAd` as the evaluator walks it: LEFT (MY) and RIGHT (TARGET) hang below
 * the `lCtx`/`rCtx` context ads, themselves below the match ad, which is the root of every
 * lookup. `MatchContext` (in `src/classad/`) is the public implementation.
 */
export interface MatchFrame {
  readonly root: ClassAd;
  readonly left: ClassAd;
  readonly right: ClassAd;
  readonly leftContext: ClassAd;
  readonly rightContext: ClassAd;
}

/** Functions by name, as the evaluator looks them up (implemented by `FunctionRegistry`). */
export interface FunctionTable {
  /** The function registered under a name folded by `foldName`, or undefined. */
  getLower(foldedName: string): BuiltinFunction | undefined;
}

export interface EvaluateOptions {
  /** The ad the expression is evaluated in (MY). Default: a new empty ad. */
  readonly my?: ClassAd | undefined;
  /** The other ad of a match (TARGET). When given, evaluation happens in a match context. */
  readonly target?: ClassAd | undefined;
  /** Use an existing match context instead of `my`/`target` (evaluated from its left ad). */
  readonly match?: MatchFrame | undefined;
  /** The current time: epoch seconds, or a clock returning them. Default: the system clock. */
  readonly now?: number | (() => number) | undefined;
  /** IANA time zone for local-time functions. Default: the host's. */
  readonly timeZone?: string | undefined;
  /** ClassAd library semantics instead of HTCondor's old-ClassAd compatibility (default false). */
  readonly strict?: boolean | undefined;
  /** Nesting limit (operators, attribute references). Default 400, as HTCondor. */
  readonly maxDepth?: number | undefined;
  /** Total node evaluations allowed. Default 10,000,000, as HTCondor. */
  readonly maxSteps?: number | undefined;
  /** Bound on nested function calls. Default 500. */
  readonly maxCallNesting?: number | undefined;
  /** Functions available to the expression. Default: every builtin. */
  readonly functions?: FunctionTable | undefined;
  /** Uniform random numbers in [0, 1) for `random()`. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Receives `debug(x)` calls. */
  readonly debug?: ((expr: Expr, value: Value) => void) | undefined;
}

/** Where one evaluation starts: MY, and TARGET or a whole match. */
export interface EvaluationScope {
  readonly my?: ClassAd | undefined;
  readonly target?: ClassAd | undefined;
  readonly match?: MatchFrame | undefined;
}

/** A value with HTCondor's evaluation-failure flag (`Evaluate` returning false). */
export interface EvaluationResult {
  readonly value: Value;
  /** True when the evaluation failed (budget exhausted, `random(0)`, ...); the value is then ERROR. */
  readonly failed: boolean;
}

/**
 * What a builtin function gets from the evaluator. A builtin receives its arguments unevaluated
 * (so `ifThenElse` can be lazy and `unparse` can see the syntax of its argument) and evaluates
 * them through this context. Functions never throw for bad arguments: they return ERROR or
 * UNDEFINED values, as HTCondor's do.
 */
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
  /** A new ad holding `attrs`, of the class the evaluation's ads are made of. */
  newAd(attrs?: Iterable<readonly [string, Expr]>): ClassAd;
  /**
   * Optional: like `evaluate`, but the evaluation takes one level of the depth budget, as
   * HTCondor's `eval()` and `strcat`/`join` arguments do (ERROR + failure when it is exhausted).
   * The evaluator provides it.
   */
  evaluateNested?(expr: Expr, scope: ClassAd | null): Value;
  /**
   * Optional: evaluate `expr` in the nested ad `ad` as HTCondor's `evaluateInContext` does for
   * `evalInEachContext` and `countMatches`: in a match, the ad lends the alternate scope of the
   * side it belongs to while the evaluation runs. Without it, `evaluate(expr, ad)`.
   */
  evaluateInNestedAd?(expr: Expr, ad: ClassAd): Value;
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
