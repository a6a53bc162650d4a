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

/**
 * Folded spellings of names (`foldName`), cached: names repeat across every evaluation. At most
 * `limit` names are kept (the cache starts over when full). Owned by an environment.
 */
export class FoldedNames {
  private readonly folded = new Map<string, string>();

  constructor(private readonly limit = 100_000) {}

  /** Number of names cached. */
  get cached(): number {
    return this.folded.size;
  }

  fold(name: string): string {
    let lower = this.folded.get(name);
    if (lower === undefined) {
      lower = foldName(name);
      if (this.folded.size >= this.limit) this.folded.clear();
      this.folded.set(name, lower);
    }
    return lower;
  }
}
