/**
 * Evaluation options filled in with their defaults: HTCondor's limits, every builtin function,
 * the system clock and the host's time zone.
 */
import { EvalOptionError } from "../model/errors.js";
import type { EvaluateOptions } from "../model/evaluation.js";
import type { EvalSettings } from "../eval/eval-state.js";
import type { NewAd } from "../eval/match-frame.js";
import { builtinFunctions } from "../functions/registry.js";

/** HTCondor's `MAX_CLASSAD_RECURSION`. */
export const DEFAULT_MAX_EVAL_DEPTH = 400;
/** HTCondor's `MAX_CLASSAD_EVAL_STEPS`. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/** Nested function calls allowed (HTCondor does not bound them; the JS stack needs a bound). */
export const DEFAULT_MAX_CALL_NESTING = 500;

const hostTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};
let cachedHostZone: string | null = null;

const systemClock = (): number => Math.floor(Date.now() / 1000);

// UTC needs no check: constructing the first Intl.DateTimeFormat loads ICU data (~20 ms at start-up).
const checkedZones = new Set<string>(["UTC"]);

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
 * Options filled in with their defaults (shared by every evaluation made with them); `newAd`
 * makes the ads record literals evaluate to. Throws {@link EvalOptionError} for an unknown time
 * zone or a negative limit.
 */
export function evalSettings(options: EvaluateOptions, newAd: NewAd): EvalSettings {
  const now = options.now;
  const clock = typeof now === "number" ? () => now : (now ?? systemClock);
  if (options.timeZone === undefined && cachedHostZone === null) cachedHostZone = hostTimeZone();
  return {
    strict: options.strict ?? false,
    maxDepth: checkLimit("maxDepth", options.maxDepth, DEFAULT_MAX_EVAL_DEPTH),
    maxSteps: checkLimit("maxSteps", options.maxSteps, DEFAULT_MAX_STEPS),
    maxCallNesting: checkLimit("maxCallNesting", options.maxCallNesting, DEFAULT_MAX_CALL_NESTING),
    functions: options.functions ?? builtinFunctions,
    newAd,
    clock,
    timeZone: options.timeZone === undefined ? (cachedHostZone ?? "UTC") : checkTimeZone(options.timeZone),
    random: options.random,
    debugHook: options.debug,
  };
}
