/**
 * Evaluating ClassAd expressions: the public entry points.
 *
 * ```ts
 * import { evaluate, ClassAd } from "classad";
 * evaluate("1 + 2");                                   // { kind: "int", v: 3 }
 * const job = ClassAd.fromJS({ RequestMemory: 2048 });
 * const slot = ClassAd.fromJS({ Memory: 4096 });
 * evaluate("TARGET.Memory >= RequestMemory", { my: job, target: slot }); // TRUE
 * ```
 *
 * Semantics are HTCondor's as its tools run them ("old ClassAd semantics": `MY` is the current ad,
 * `CurrentTime` is `time()`, an unscoped name missing from MY is looked up in TARGET during a
 * match). `strict: true` gives the ClassAd library's own default instead.
 */
import type { Expr } from "../ast/nodes.js";
import { toByteString } from "../ast/bytes.js";
import { builtinFunctions, type FunctionRegistry } from "../functions/registry.js";
import { parseExpression } from "../parser/index.js";
import { ClassAd } from "./classad.js";
import { EvalState, type EvalSettings } from "./evaluator.js";
import { MatchContext } from "./match-context.js";

export { MatchContext } from "./match-context.js";
import { collectExternalReferences, collectInternalReferences } from "./references.js";
import { ERROR, type Value } from "./value.js";

/** HTCondor's `MAX_CLASSAD_RECURSION`. */
export const DEFAULT_MAX_DEPTH = 400;
/** HTCondor's `MAX_CLASSAD_EVAL_STEPS`. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/** Nested function calls allowed (HTCondor does not bound them; the JS stack needs a bound). */
export const DEFAULT_MAX_CALL_NESTING = 500;

export interface EvaluateOptions {
  /** The ad the expression is evaluated in (MY). Default: a new empty ad. */
  readonly my?: ClassAd | undefined;
  /** The other ad of a match (TARGET). When given, evaluation happens in a match context. */
  readonly target?: ClassAd | undefined;
  /** Use an existing match context instead of `my`/`target` (evaluated from its left ad). */
  readonly match?: MatchContext | undefined;
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
  readonly functions?: FunctionRegistry | undefined;
  /** Uniform random numbers in [0, 1) for `random()`. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Receives `debug(x)` calls. */
  readonly debug?: ((expr: Expr, value: Value) => void) | undefined;
}

/** A value with HTCondor's evaluation-failure flag (`Evaluate` returning false). */
export interface EvaluationResult {
  readonly value: Value;
  /** True when the evaluation failed (budget exhausted, `random(0)`, ...); the value is then ERROR. */
  readonly failed: boolean;
}

const hostTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};
let cachedHostZone: string | null = null;

const systemClock = (): number => Math.floor(Date.now() / 1000);

/** An evaluation option that cannot be used (an unknown time zone, a negative limit). */
export class EvalOptionError extends Error {
  readonly code = "CA3001";
  constructor(message: string) {
    super(message);
    this.name = "EvalOptionError";
  }
}

const checkedZones = new Set<string>();

function checkTimeZone(zone: string): string {
  if (checkedZones.has(zone)) return zone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new EvalOptionError(`unknown time zone '${zone}'`);
  }
  if (checkedZones.size < 1000) checkedZones.add(zone);
  return zone;
}

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0)) throw new EvalOptionError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

/**
 * Options filled in with their defaults (shared by every evaluation made with them).
 * Throws {@link EvalOptionError} for an unknown time zone or a negative limit.
 */
export function evalSettings(options: EvaluateOptions = {}): EvalSettings {
  const now = options.now;
  const clock = typeof now === "number" ? () => now : (now ?? systemClock);
  if (options.timeZone === undefined && cachedHostZone === null) cachedHostZone = hostTimeZone();
  return {
    strict: options.strict ?? false,
    maxDepth: checkLimit("maxDepth", options.maxDepth, DEFAULT_MAX_DEPTH),
    maxSteps: checkLimit("maxSteps", options.maxSteps, DEFAULT_MAX_STEPS),
    maxCallNesting: checkLimit("maxCallNesting", options.maxCallNesting, DEFAULT_MAX_CALL_NESTING),
    functions: options.functions ?? builtinFunctions,
    clock,
    timeZone: options.timeZone === undefined ? (cachedHostZone ?? "UTC") : checkTimeZone(options.timeZone),
    random: options.random,
    debugHook: options.debug,
  };
}

/** Parse expression text given as an ordinary JS string (converted to bytes first). */
export function parseText(text: string): Expr {
  return parseExpression(toByteString(text));
}

/** An evaluation state set up for `options`: MY current, root and match frame in place. */
export function newState(settings: EvalSettings, options: EvaluationScope): EvalState {
  return prepareState(new EvalState(settings), options);
}

/** Set a fresh or reset state up for `options`. */
function prepareState(state: EvalState, options: EvaluationScope): EvalState {
  let match = options.match;
  if (match === undefined && options.target !== undefined) {
    match = new MatchContext(options.my ?? new ClassAd(), options.target);
  }
  if (match !== undefined) {
    state.match = match;
    state.setScopes(match.left);
  } else {
    state.setScopes(options.my ?? new ClassAd());
  }
  return state;
}

/** Run `expr` in `state`; a JS stack overflow becomes a failed ERROR rather than an exception. */
export function runInState(state: EvalState, expr: Expr): EvaluationResult {
  const value = runValue(state, expr);
  return { value, failed: state.failed };
}

/** Run `expr` in `state` and return only the value (ERROR when the evaluation failed). */
function runValue(state: EvalState, expr: Expr): Value {
  let value: Value;
  state.busy = true;
  try {
    value = state.eval(expr);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    state.failed = true;
    value = ERROR;
  } finally {
    state.busy = false;
  }
  return state.failed ? ERROR : value;
}

/**
 * Evaluate an expression (a parsed tree, or text that is parsed first; a syntax error throws the
 * parser's typed error). Returns the value; see {@link evaluateWithStatus} for the failure flag.
 */
export function evaluate(expr: Expr | string, options: EvaluateOptions = {}): Value {
  return evaluateWithStatus(expr, options).value;
}

/** {@link evaluate}, also telling whether HTCondor would report the evaluation as failed. */
export function evaluateWithStatus(expr: Expr | string, options: EvaluateOptions = {}): EvaluationResult {
  const tree = typeof expr === "string" ? parseText(expr) : expr;
  const state = newState(evalSettings(options), options);
  return runInState(state, tree);
}

/** Where one evaluation of an {@link Evaluator} starts. */
export interface EvaluationScope {
  readonly my?: ClassAd | undefined;
  readonly target?: ClassAd | undefined;
  readonly match?: MatchContext | undefined;
}

/**
 * Evaluations sharing one set of options (clock, time zone, limits, functions): the options are
 * resolved once, which matters when the same expression runs against thousands of ads.
 *
 * ```ts
 * const ev = new Evaluator({ now: 1_700_000_000 });
 * const context = new MatchContext(job, slots[0]);
 * for (const slot of slots) if (isTrue(ev.evaluate(requirements, { match: context.setRight(slot) }))) ...
 * ```
 */
export class Evaluator {
  private readonly settings: EvalSettings;
  /** Reused between evaluations (not while one runs: a function may evaluate re-entrantly). */
  private readonly spare: EvalState;

  constructor(options: Omit<EvaluateOptions, "my" | "target" | "match"> = {}) {
    this.settings = evalSettings(options);
    this.spare = new EvalState(this.settings);
  }

  private state(scope: EvaluationScope): EvalState {
    const state = this.spare.busy ? new EvalState(this.settings) : this.spare;
    if (state === this.spare) state.reset();
    return prepareState(state, scope);
  }

  evaluate(expr: Expr, scope: EvaluationScope = {}): Value {
    return runValue(this.state(scope), expr);
  }

  evaluateWithStatus(expr: Expr, scope: EvaluationScope = {}): EvaluationResult {
    return runInState(this.state(scope), expr);
  }
}

/**
 * Evaluate an expression in a match: MY = `my`, TARGET = `target`, as HTCondor's
 * `EvalExprTree(expr, my, target)` does.
 */
export function evaluateInMatch(
  expr: Expr | string,
  my: ClassAd,
  target: ClassAd,
  options: Omit<EvaluateOptions, "my" | "target" | "match"> = {},
): Value {
  return evaluate(expr, { ...options, my, target });
}

/**
 * Evaluate the attribute `name` of the context's current ad (MY), as HTCondor's
 * `EvaluateAttr`: UNDEFINED when nothing defines it.
 */
export function evaluateAttribute(name: string, options: EvaluateOptions = {}): EvaluationResult {
  const state = newState(evalSettings(options), options);
  const ref: Expr = { kind: "attr", name: toByteString(name), scope: null, absolute: false, start: -1, end: -1 };
  return runInState(state, ref);
}

/**
 * The attributes `expr` needs from outside `ad` (HTCondor's `GetExternalReferences` with full
 * names): unscoped names `ad` does not define (`Memory`), and scoped references whose scope does
 * not resolve (`TARGET.Memory`). References are followed through the attributes `ad` defines.
 * Sorted case-insensitively, without duplicates.
 */
export function externalReferences(expr: Expr | string, ad: ClassAd = new ClassAd(), options: EvaluateOptions = {}): string[] {
  const tree = typeof expr === "string" ? parseText(expr) : expr;
  const state = referenceState(ad, options);
  return collectExternalReferences(state, tree, true).names;
}

/**
 * The attributes of `ad` itself that `expr` uses, directly or through other attributes
 * (HTCondor's `GetInternalReferences`). Sorted case-insensitively, without duplicates.
 */
export function internalReferences(expr: Expr | string, ad: ClassAd = new ClassAd(), options: EvaluateOptions = {}): string[] {
  const tree = typeof expr === "string" ? parseText(expr) : expr;
  const state = referenceState(ad, options);
  return collectInternalReferences(state, tree).names;
}

/** HTCondor treats the ad as the root for reference tracking: its parents count as outside. */
function referenceState(ad: ClassAd, options: EvaluateOptions): EvalState {
  const state = new EvalState(evalSettings(options));
  state.cur = ad;
  state.root = ad;
  return state;
}
