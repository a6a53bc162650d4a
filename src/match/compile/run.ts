/**
 * One evaluation of one (job, slot) pair by compiled code: the trace of the lookups it made, and
 * the budgets that bound it.
 *
 * Every attribute lookup is recorded in the trace as (side, name, key), where `key` identifies
 * the expression found (see `keys.ts`); a slot attribute compared with a value already fixed is
 * recorded as the comparison's outcome instead. Since evaluation is deterministic given those
 * steps, the trace is what the pool's memo (`memo.ts`) branches on. Whatever the compiled path
 * cannot answer exactly as the evaluator would throws {@link BAIL}.
 */
import type { ClassAd } from "../../model/classad.js";
import type { Environment, FunctionTable } from "../../model/evaluation.js";
import type { Expr } from "../../model/nodes.js";
import { foldName } from "../../model/names.js";
import type { Value } from "../../model/value.js";
import { MATCH_AD_NAMES, MATCH_CONTEXT_NAMES } from "../../eval/match-frame.js";
import { SCOPE_NAMES } from "../../eval/lookup.js";
import { strictBinary } from "../../eval/operators.js";
import { outcomeKey, type KeyInterner } from "./keys.js";
import { DEPTH_LIMIT, STEP_LIMIT } from "./sizes.js";

/** Which ad of the pair a lookup read. */
export const SIDE_JOB = 0;
export const SIDE_SLOT = 1;
/** A read of the clock (`time()`, `CurrentTime`); its key is the injected `now`. */
export const SIDE_CLOCK = 2;
/** A slot attribute compared with a fixed value; its key is the outcome (see {@link compareKey}). */
export const SIDE_COMPARE = 3;

/** Thrown (never as an Error: no stack is captured) when the compiled path must defer to the evaluator. */
export const BAIL: { readonly bail: true } = Object.freeze({ bail: true });

/** Code that always defers to the evaluator. */
export function bailCode(): never {
  throw BAIL;
}

/**
 * `slotAttr op value` (or `value op slotAttr` when `refOnLeft` is false), where `value` is fixed by
 * the lookups made before it.
 */
export interface CompareSpec {
  readonly name: string;
  readonly op: CompareOp;
  readonly refOnLeft: boolean;
  readonly value: Value;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "is" | "isnt";

/** Apply a compare spec to the value of the slot's attribute. */
export function applyCompare(spec: CompareSpec, attrValue: Value): Value {
  return spec.refOnLeft ? strictBinary(spec.op, attrValue, spec.value) : strictBinary(spec.op, spec.value, attrValue);
}

/**
 * The memo key of a compare step for a slot whose attribute has expression `expr`: the outcome
 * when it is a literal, the expression's key otherwise (0 when absent).
 */
export function compareKey(spec: CompareSpec, expr: Expr | undefined, keys: KeyInterner): number {
  if (expr === undefined) return 0;
  if (expr.kind === "literal") return outcomeKey(applyCompare(spec, expr.value));
  return keys.keyOf(expr);
}

/** Compiled code: evaluate with `cur` as the current ad, `other` the other ad of the pair. */
export type Code = (run: Run, cur: ClassAd, other: ClassAd, side: number) => Value;

export interface Compiled {
  readonly code: Code;
  /** Static depth of the tree, used to bound recursion the way the evaluator's budget does. */
  readonly depth: number;
  /** Number of nodes, used to bound the work the way the evaluator's step budget does. */
  readonly size: number;
}

/** Where a run finds the compiled form of the trees it dereferences (`compiler.ts`). */
export interface CodeSource {
  compiled(expr: Expr): Compiled;
}

/** What every run of one match shares: the clock, the zone, the environment, keys and code. */
export interface RunSettings {
  /** Seconds since the epoch returned by `time()` and `CurrentTime`. */
  readonly now: number;
  /** IANA zone of the local-time functions. */
  readonly timeZone: string;
  /** Functions, regex engine and zone offsets for the builtins called. */
  readonly environment: Environment;
  readonly keys: KeyInterner;
  readonly code: CodeSource;
}

/** The state of one evaluation of one pair. */
export class Run {
  /** Trace of lookups: parallel arrays. */
  readonly sides: number[] = [];
  readonly names: string[] = [];
  readonly keys: number[] = [];
  /** For SIDE_COMPARE steps, the comparison; null for other steps. */
  readonly specs: (CompareSpec | null)[] = [];
  readonly now: number;
  readonly timeZone: string;
  readonly environment: Environment;
  readonly functions: FunctionTable;
  readonly interner: KeyInterner;
  private readonly code: CodeSource;
  private readonly seenJob = new Set<string>();
  private readonly seenSlot = new Set<string>();
  private clockSeen = false;
  private readonly active: Expr[] = [];
  private depth = 0;
  private steps = 0;

  constructor(
    readonly job: ClassAd,
    readonly slot: ClassAd,
    settings: RunSettings,
  ) {
    this.now = settings.now;
    this.timeZone = settings.timeZone;
    this.environment = settings.environment;
    this.functions = settings.environment.functions;
    this.interner = settings.keys;
    this.code = settings.code;
  }

  /** Look `lower` up in `ad` (the pair's `side` ad) and record the lookup. */
  lookup(ad: ClassAd, side: number, lower: string): Expr | undefined {
    const expr = ad.lookupLower(lower);
    const seen = side === SIDE_JOB ? this.seenJob : this.seenSlot;
    if (!seen.has(lower)) {
      seen.add(lower);
      this.sides.push(side);
      this.names.push(lower);
      this.keys.push(this.interner.keyOf(expr));
      this.specs.push(null);
    }
    return expr;
  }

  /**
   * Record a comparison of a slot attribute with a value fixed by the lookups so far (see
   * `comparison.ts`): the memo branches on `key` (the comparison's outcome for a literal,
   * the attribute's expression key otherwise, 0 when absent) instead of the attribute's value.
   */
  compare(spec: CompareSpec, key: number): void {
    this.sides.push(SIDE_COMPARE);
    this.names.push(spec.name);
    this.keys.push(key);
    this.specs.push(spec);
  }

  /** Read the clock, recording it. */
  clock(): number {
    if (!this.clockSeen) {
      this.clockSeen = true;
      this.sides.push(SIDE_CLOCK);
      this.names.push("");
      this.keys.push(this.now);
      this.specs.push(null);
    }
    return this.now;
  }

  /** Evaluate an attribute's expression found in `cur`, guarding cycles, depth and steps. */
  deref(expr: Expr, cur: ClassAd, other: ClassAd, side: number): Value {
    if (this.active.includes(expr)) throw BAIL;
    const compiled = this.code.compiled(expr);
    this.depth += compiled.depth;
    this.steps += compiled.size;
    if (this.depth > DEPTH_LIMIT || this.steps > STEP_LIMIT) throw BAIL;
    this.active.push(expr);
    const value = compiled.code(this, cur, other, side);
    this.active.pop();
    this.depth -= compiled.depth;
    return value;
  }

  /** Count work (a call, an argument evaluated again by a function) against the step limit. */
  step(size: number): void {
    this.steps += size;
    if (this.steps > STEP_LIMIT) throw BAIL;
  }

  /** The evaluation's root: `expr` evaluated in `cur`. */
  evaluateRoot(expr: Expr, cur: ClassAd, other: ClassAd, side: number): Value {
    return this.deref(expr, cur, other, side);
  }
}

// ---------------------------------------------------------------------------------------------
// Names with a meaning in a match context. Unscoped references to them, and selections of them
// (`MY.target`), are left to the evaluator. `MY`/`TARGET` as scopes are checked at run time (see
// `unshadowed`); a job that defines one of these names is matched on the plain path.

/** Names resolved by the match ad's scopes or specially by the lookup (old semantics). */
export const CONTEXT_NAMES: ReadonlySet<string> = new Set(
  [...SCOPE_NAMES, ...MATCH_CONTEXT_NAMES, ...MATCH_AD_NAMES].map(foldName).filter((name) => name !== "currenttime"),
);

/** True when an ad defines an attribute named like a match-context name, or is nested in another ad. */
export function definesContextName(ad: ClassAd): boolean {
  for (const name of CONTEXT_NAMES) if (ad.lookupLower(name) !== undefined) return true;
  return ad.parent !== null;
}

/**
 * `MY`, `SELF`, `TARGET` and `OTHER` are resolved in the current ad first: an ad that defines an
 * attribute of that name changes what they mean, and such evaluations are left to the evaluator.
 * The lookup is recorded, so the memo knows the name was absent.
 */
export function unshadowed(run: Run, cur: ClassAd, side: number, scopeName: string): void {
  if (run.lookup(cur, side, scopeName) !== undefined) throw BAIL;
}
