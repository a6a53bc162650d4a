/**
 * Environments: one immutable object carrying what evaluations share (the function registry, the
 * regex engine and its limits, the clock, the time zone, the evaluation limits) and the bounded
 * caches that go with them. `createEnvironment` makes one; evaluations made without one use
 * {@link defaultEnvironment}. No module state: two environments never see each other's settings
 * or caches.
 */
import { EvalOptionError } from "../model/errors.js";
import type {
  CompiledRegex,
  Environment,
  EvaluateOptions,
  FunctionTable,
  RegexEngine,
  RegexLimits,
  RegexOptions,
} from "../model/evaluation.js";
import type { EvalSettings } from "../eval/eval-state.js";
import type { NewAd } from "../eval/match-frame.js";
import { FoldedNames } from "../eval/lookup.js";
import { builtinFunctions } from "../functions/registry.js";
import { DEFAULT_REGEX_LIMITS, RegexCompiler, re2Engine } from "../functions/regexp.js";
import { ZoneOffsets } from "../functions/time-zone.js";
import { valueForUser } from "./text.js";

/** HTCondor's `MAX_CLASSAD_RECURSION`. */
export const DEFAULT_MAX_EVAL_DEPTH = 400;
/** HTCondor's `MAX_CLASSAD_EVAL_STEPS`. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/**
 * Bytes of strings and lists one top-level evaluation may build (HTCondor has no such budget; no
 * real ad comes near it, and it admits four copies of the largest value the parser accepts).
 */
export const DEFAULT_MAX_BUILT_BYTES = 64 * 1024 * 1024;
/** Nested function calls allowed (HTCondor does not bound them; the JS stack needs a bound). */
export const DEFAULT_MAX_CALL_NESTING = 500;

/** Options of {@link createEnvironment}; everything left out takes the default. */
export interface EnvironmentOptions {
  /** Functions available to expressions. Default: every builtin (`builtinFunctions`). */
  readonly functions?: FunctionTable | undefined;
  /** The regex engine (default re2js, linear time) and its limits (default 64 KiB patterns, 256 cached). */
  readonly regex?: { readonly engine?: RegexEngine | undefined; readonly limits?: Partial<RegexLimits> | undefined } | undefined;
  /** The clock: fixed epoch seconds, or a function returning them. Default: the system clock. */
  readonly now?: number | (() => number) | undefined;
  /** IANA time zone of the local-time functions. Default: the host's. */
  readonly timeZone?: string | undefined;
  /** Nesting limit (operators, attribute references). Default 400, as HTCondor. */
  readonly maxDepth?: number | undefined;
  /** Total node evaluations per top-level evaluation. Default 10,000,000, as HTCondor. */
  readonly maxSteps?: number | undefined;
  /** Bound on nested function calls. Default 500. */
  readonly maxCallNesting?: number | undefined;
  /** Size budget: bytes of strings and lists one top-level evaluation may build. Default 64 MiB. */
  readonly maxBuiltBytes?: number | undefined;
}

function hostTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

const systemClock = (): number => Math.floor(Date.now() / 1000);

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0)) throw new EvalOptionError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

function clockOf(now: number | (() => number)): () => number {
  return typeof now === "function" ? now : () => now;
}

class EnvironmentImpl implements Environment {
  readonly functions: FunctionTable;
  readonly regexEngine: RegexEngine;
  readonly regexLimits: RegexLimits;
  readonly timeZone: string;
  readonly maxDepth: number;
  readonly maxSteps: number;
  readonly maxCallNesting: number;
  readonly maxBuiltBytes: number;
  readonly now: () => number;
  // The bounded caches this environment owns (the only state that changes after creation).
  readonly #regexes: RegexCompiler;
  readonly #zones = new ZoneOffsets();
  /** @internal The folded-name cache, handed to evaluations directly (the evaluator's hot path). */
  readonly foldedNames = new FoldedNames();

  constructor(options: EnvironmentOptions) {
    this.functions = options.functions ?? builtinFunctions;
    this.regexEngine = options.regex?.engine ?? re2Engine;
    const limits = options.regex?.limits;
    this.regexLimits = Object.freeze({
      maxPatternLength: checkLimit("regex maxPatternLength", limits?.maxPatternLength, DEFAULT_REGEX_LIMITS.maxPatternLength),
      cacheSize: checkLimit("regex cacheSize", limits?.cacheSize, DEFAULT_REGEX_LIMITS.cacheSize),
    });
    this.#regexes = new RegexCompiler(this.regexEngine, this.regexLimits);
    this.timeZone = options.timeZone === undefined ? hostTimeZone() : this.checkedZone(options.timeZone);
    this.maxDepth = checkLimit("maxDepth", options.maxDepth, DEFAULT_MAX_EVAL_DEPTH);
    this.maxSteps = checkLimit("maxSteps", options.maxSteps, DEFAULT_MAX_STEPS);
    this.maxCallNesting = checkLimit("maxCallNesting", options.maxCallNesting, DEFAULT_MAX_CALL_NESTING);
    this.maxBuiltBytes = checkLimit("maxBuiltBytes", options.maxBuiltBytes, DEFAULT_MAX_BUILT_BYTES);
    this.now = options.now === undefined ? systemClock : clockOf(options.now);
    Object.freeze(this);
  }

  compileRegex(pattern: string, options: RegexOptions): CompiledRegex | null {
    return this.#regexes.compile(pattern, options);
  }

  zoneOffset(epochSecs: number, timeZone: string): number {
    return this.#zones.offset(epochSecs, timeZone);
  }

  isTimeZone(name: string): boolean {
    return this.#zones.isKnown(name);
  }

  foldName(name: string): string {
    return this.foldedNames.fold(name);
  }

  /** @internal Entries in each cache (tests check the bounds). */
  cacheSizes(): { regexes: number; zones: number; names: number } {
    return { regexes: this.#regexes.cached, zones: this.#zones.cached, names: this.foldedNames.cached };
  }

  private checkedZone(zone: string): string {
    if (!this.#zones.isKnown(zone)) throw new EvalOptionError(`unknown time zone '${zone}'`);
    return zone;
  }
}

/**
 * A new environment: `options` over the defaults (every builtin, re2js with 64 KiB patterns and
 * 256 cached, the system clock, the host's zone, HTCondor's limits). Immutable once made (its
 * caches are bounded and private). Throws {@link EvalOptionError} for an unknown time zone or a
 * negative limit.
 *
 * ```ts
 * const env = createEnvironment({ now: 1_700_000_000, timeZone: "America/Chicago",
 *   functions: builtinFunctions.extend().register("double", myDouble) });
 * evaluate("double(2)", { environment: env });
 * matchPool(job, pool, { environment: env });
 * analyze(job, slots, { environment: env });
 * ```
 */
export function createEnvironment(options: EnvironmentOptions = {}): Environment {
  return new EnvironmentImpl(options);
}

/** The environment of evaluations made without one: every default (immutable but for its bounded caches). */
export const defaultEnvironment: Environment = createEnvironment();

/** @internal The sizes of an environment's caches, for tests of their bounds (null for a foreign environment). */
export function environmentCacheSizes(environment: Environment): { regexes: number; zones: number; names: number } | null {
  return environment instanceof EnvironmentImpl ? environment.cacheSizes() : null;
}

/** A user's `debug` hook, given values as the public API gives them (strings as text). */
function debugForUser(hook: EvaluateOptions["debug"]): EvaluateOptions["debug"] {
  return hook === undefined ? undefined : (expr, value) => hook(expr, valueForUser(value));
}

/**
 * Options applied over their environment (shared by every evaluation made with them); `newAd`
 * makes the ads record literals evaluate to. Throws {@link EvalOptionError} for an unknown time
 * zone or a negative limit.
 */
export function evalSettings(options: EvaluateOptions, newAd: NewAd): EvalSettings {
  const environment = options.environment ?? defaultEnvironment;
  const now = options.now;
  const zone = options.timeZone;
  if (zone !== undefined && zone !== environment.timeZone && !environment.isTimeZone(zone)) {
    throw new EvalOptionError(`unknown time zone '${zone}'`);
  }
  return {
    environment,
    names: environment instanceof EnvironmentImpl ? environment.foldedNames : { fold: (name) => environment.foldName(name) },
    strict: options.strict ?? false,
    maxDepth: checkLimit("maxDepth", options.maxDepth, environment.maxDepth),
    maxSteps: checkLimit("maxSteps", options.maxSteps, environment.maxSteps),
    maxCallNesting: checkLimit("maxCallNesting", options.maxCallNesting, environment.maxCallNesting),
    maxBuiltBytes: checkLimit("maxBuiltBytes", options.maxBuiltBytes, environment.maxBuiltBytes ?? DEFAULT_MAX_BUILT_BYTES),
    functions: options.functions ?? environment.functions,
    newAd,
    clock: now === undefined ? () => environment.now() : clockOf(now),
    timeZone: zone ?? environment.timeZone,
    random: options.random,
    debugHook: debugForUser(options.debug),
  };
}
