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

/** Options of HTCondor's regexp functions: i, m, s, x. */
export interface RegexOptions {
  readonly caseless: boolean;
  readonly multiline: boolean;
  readonly dotall: boolean;
  readonly extended: boolean;
}

/** A match: `spans[2*g]`/`spans[2*g+1]` are the start/end of group g, -1 when it did not take part. */
export interface RegexMatch {
  readonly spans: readonly number[];
}

/** A pattern compiled by a {@link RegexEngine}. */
export interface CompiledRegex {
  /** Number of capturing groups. */
  readonly groupCount: number;
  /** Whether the pattern matches anywhere in `subject` (no group positions: the fast path). */
  test(subject: string): boolean;
  /** The leftmost match starting at or after `from` (PCRE's start offset: `^` still means 0). */
  search(subject: string, from: number): RegexMatch | null;
  /** A non-empty match starting exactly at `at`, or null (used after an empty global match). */
  nonEmptyAt(subject: string, at: number): RegexMatch | null;
}

/** Compiles the patterns of `regexp()` and friends (the default is re2js: linear time). */
export interface RegexEngine {
  /** Compile, or return null when the pattern is invalid (or unsupported) for this engine. */
  compile(pattern: string, options: RegexOptions): CompiledRegex | null;
}

/** Limits that keep regular expressions cheap. */
export interface RegexLimits {
  /** Longest pattern compiled, in bytes (longer patterns make the function return ERROR). */
  readonly maxPatternLength: number;
  /** Compiled patterns kept in the environment's LRU cache. */
  readonly cacheSize: number;
}

/**
 * Everything evaluations share that is not the expression or its ads: the function registry, the
 * regex engine and its limits, the clock, the time zone and the evaluation limits, plus the bounded
 * caches that go with them (compiled patterns, zone formatters, folded names). Made by
 * `createEnvironment` (in `src/classad/`), immutable once made; pass one to `evaluate`,
 * `Evaluator`, `ClassAd` getters, `matchPool`, `Pool`, `analyze` as `{ environment }`.
 */
export interface Environment {
  /** Functions available to expressions. */
  readonly functions: FunctionTable;
  /** The engine behind `regexp()`, `replace()`, `regexps()`, `regexpMember()`, `unresolved()`... */
  readonly regexEngine: RegexEngine;
  readonly regexLimits: RegexLimits;
  /** IANA time zone of the local-time functions. */
  readonly timeZone: string;
  /** Nesting limit (operators, attribute references). */
  readonly maxDepth: number;
  /** Total node evaluations allowed per top-level evaluation. */
  readonly maxSteps: number;
  /**
   * Size budget: bytes of strings and lists one top-level evaluation may build (the results of
   * functions, and what `toJS` makes); past it the evaluation fails with ERROR.
   */
  readonly maxBuiltBytes: number;
  /** Bound on nested function calls. */
  readonly maxCallNesting: number;
  /** The environment's clock: seconds since the epoch. */
  now(): number;
  /** Compile a pattern with the environment's engine through its bounded cache; null when invalid or too long. */
  compileRegex(pattern: string, options: RegexOptions): CompiledRegex | null;
  /** Seconds east of UTC that `timeZone` is at `epochSecs` (0 for unknown zones and out-of-range instants). */
  zoneOffset(epochSecs: number, timeZone: string): number;
  /** True when `Intl` knows the zone name (cached). */
  isTimeZone(name: string): boolean;
  /** `foldName(name)`, cached (names repeat across every evaluation). */
  foldName(name: string): string;
}

export interface EvaluateOptions {
  /**
   * The environment (functions, regex engine and limits, clock, zone, limits) to evaluate in.
   * Default: the library's default environment. The flat options below override its values.
   */
  readonly environment?: Environment | undefined;
  /** The ad the expression is evaluated in (MY). Default: a new empty ad. */
  readonly my?: ClassAd | undefined;
  /** The other ad of a match (TARGET). When given, evaluation happens in a match context. */
  readonly target?: ClassAd | undefined;
  /** Use an existing match context instead of `my`/`target` (evaluated from its left ad). */
  readonly match?: MatchFrame | undefined;
  /** The current time: epoch seconds, or a clock returning them. Default: the environment's clock. */
  readonly now?: number | (() => number) | undefined;
  /** IANA time zone for local-time functions. Default: the environment's (the host's by default). */
  readonly timeZone?: string | undefined;
  /**
   * Evaluation semantics: true gives the ClassAd library's own (no `MY`/`CurrentTime` specials,
   * no fallback from MY to TARGET); false (the default) HTCondor's tools' old-ClassAd
   * compatibility. Not to be confused with the ad readers' `strict` (throw on a malformed ad).
   */
  readonly strict?: boolean | undefined;
  /** Nesting limit (operators, attribute references). Default: the environment's (400, as HTCondor). */
  readonly maxDepth?: number | undefined;
  /** Total node evaluations allowed. Default: the environment's (10,000,000, as HTCondor). */
  readonly maxSteps?: number | undefined;
  /** Bound on nested function calls. Default: the environment's (500). */
  readonly maxCallNesting?: number | undefined;
  /** Size budget (bytes of strings and lists built). Default: the environment's (64 MiB). */
  readonly maxBuiltBytes?: number | undefined;
  /** Functions available to the expression. Default: the environment's (every builtin). */
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
  /** Seconds east of UTC that the evaluation's time zone is at `epochSecs` (its local-time offset). */
  zoneOffset(epochSecs: number): number;
  /**
   * A pattern compiled by the evaluation's regex engine within its limits (through the
   * environment's bounded cache), or null when it is invalid, unsupported or too long.
   */
  regex(pattern: string, options: RegexOptions): CompiledRegex | null;
  /**
   * Record an evaluation failure (HTCondor's Evaluate returning false, e.g. `random(0)`) and
   * return ERROR. The failure makes HTCondor's typed lookups report "not found".
   */
  fail(): ErrorValue;
  /**
   * Optional: what is left of the evaluation's size budget, in bytes. A function that builds a
   * string or list checks it while building and returns `fail()` rather than build past it (the
   * evaluator charges every string or list a function returns against the budget).
   */
  readonly bytesLeft?: number;
  /**
   * Optional: count `bytes` of work that builds no value (the searches of a substitution)
   * against the size budget; false, and the evaluation failed, when the budget is exhausted.
   */
  charge?(bytes: number): boolean;
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
