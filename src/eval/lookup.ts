/**
 * Scope lookups as HTCondor's evaluator reports them, and the folded form of the names they look for.
 */
import { foldName } from "../model/names.js";

/** Outcomes of a scope lookup (HTCondor's EVAL_UNDEF / EVAL_OK / EVAL_FAIL, plus the special names). */
export const Lookup = {
  Undefined: 0,
  Found: 1,
  FoundAd: 2,
  CurrentTime: 3,
  Fail: 4,
} as const;
export type Lookup = (typeof Lookup)[keyof typeof Lookup];

/**
 * Names a lookup interprets where no ad on the way defines them (`ClassAd::LookupInScope`);
 * `my` and `CurrentTime` only in old-ClassAd semantics.
 */
export const SCOPE_NAMES = ["toplevel", "root", "self", "parent", "my", "currenttime"] as const;

const lowerCache = new Map<string, string>();
const LOWER_CACHE_LIMIT = 100_000;

/** The folded spelling of a name (`foldName`), cached: names repeat across every evaluation. */
export function lowerName(name: string): string {
  let lower = lowerCache.get(name);
  if (lower === undefined) {
    lower = foldName(name);
    if (lowerCache.size >= LOWER_CACHE_LIMIT) lowerCache.clear();
    lowerCache.set(name, lower);
  }
  return lower;
}
