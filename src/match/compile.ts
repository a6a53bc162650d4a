/**
 * Compiling match expressions to JavaScript closures.
 *
 * A compiled expression is evaluated for one (MY, TARGET) pair with HTCondor's old-semantics
 * resolution (unscoped names missing from MY are looked up in TARGET). Only what is common in
 * real pools is compiled: operators (applied with the evaluator's own value rules from
 * `eval/operators.ts`), MY/TARGET/unscoped references, `c ? a : b`, `?:` (elvis), subscripts of
 * lists of literals, and calls to the registered builtins. Everything else (record literals,
 * reference cycles, deep recursion, names of the match ad's scopes, functions that evaluate
 * something other than their own arguments, `random`, ...) throws {@link BAIL}; the caller then
 * asks the evaluator, so a compiled expression never answers differently from the evaluator.
 *
 * Every attribute lookup is recorded in the run's trace as (side, name, key), where `key`
 * identifies the expression found (see {@link exprKey}); a slot attribute compared with a value
 * already fixed is recorded as the comparison's outcome instead. Since evaluation is
 * deterministic given those steps, the trace is what the pool's memo (`memo.ts`) branches on.
 */
import type { BinaryNode, CallNode, Expr, SubscriptNode, UnaryNode } from "../model/nodes.js";
import type { ClassAd } from "../model/classad.js";
import { foldName } from "../model/names.js";
import { MATCH_AD_NAMES, MATCH_CONTEXT_NAMES } from "../eval/match-frame.js";
import { SCOPE_NAMES } from "../eval/lookup.js";
import { call } from "../ast/build.js";
import {
  bitwiseNot,
  booleanEquiv,
  logicalAndRest,
  logicalNot,
  logicalOrRest,
  strictBinary,
  unaryMinus,
  unaryPlus,
} from "../eval/operators.js";
import { ERROR, FALSE, TRUE, UNDEFINED, listValue, type Value } from "../model/value.js";
import { builtinFunctions, type FunctionRegistry } from "../functions/registry.js";
import type { EvalContext } from "../model/evaluation.js";

/** Which ad of the pair a lookup read. */
export const SIDE_JOB = 0;
export const SIDE_SLOT = 1;
/** A read of the clock (`time()`, `CurrentTime`); its key is the injected `now`. */
export const SIDE_CLOCK = 2;
/** A slot attribute compared with a fixed value; its key is the outcome (see {@link compareKey}). */
export const SIDE_COMPARE = 3;

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

/** Keys of comparison outcomes, far from expression keys. */
const OUTCOME_BASE = 2 ** 40;

/** The outcome of a comparison as a memo key. */
export function outcomeKey(value: Value): number {
  switch (value.kind) {
    case "bool":
      return OUTCOME_BASE + (value.v ? 0 : 1);
    case "undefined":
      return OUTCOME_BASE + 2;
    default:
      return OUTCOME_BASE + 3;
  }
}

/** Apply a compare spec to the value of the slot's attribute. */
export function applyCompare(spec: CompareSpec, attrValue: Value): Value {
  return spec.refOnLeft ? strictBinary(spec.op, attrValue, spec.value) : strictBinary(spec.op, spec.value, attrValue);
}

/**
 * The memo key of a compare step for a slot whose attribute has expression `expr`: the outcome
 * when it is a literal, the expression's key otherwise (0 when absent).
 */
export function compareKey(spec: CompareSpec, expr: Expr | undefined): number {
  if (expr === undefined) return 0;
  if (expr.kind === "literal") return outcomeKey(applyCompare(spec, expr.value));
  return exprKey(expr);
}

/** Thrown (never as an Error: no stack is captured) when the compiled path must defer to the evaluator. */
export const BAIL: { readonly bail: true } = Object.freeze({ bail: true });

/** Deref chains deeper than this (in static node depth) are left to the evaluator and its own limits. */
const DEPTH_LIMIT = 150;
/** Nodes (counted statically per dereference) per evaluation before deferring to the evaluator's step budget. */
const STEP_LIMIT = 1_000_000;

/** The state of one evaluation of one pair. */
export class Run {
  /** Trace of lookups: parallel arrays. */
  readonly sides: number[] = [];
  readonly names: string[] = [];
  readonly keys: number[] = [];
  /** For SIDE_COMPARE steps, the comparison; null for other steps. */
  readonly specs: (CompareSpec | null)[] = [];
  private readonly seenJob = new Set<string>();
  private readonly seenSlot = new Set<string>();
  private clockSeen = false;
  private readonly active: Expr[] = [];
  private depth = 0;
  private steps = 0;

  constructor(
    readonly job: ClassAd,
    readonly slot: ClassAd,
    readonly now: number,
    readonly timeZone: string,
    readonly functions: FunctionRegistry = builtinFunctions,
  ) {}

  /** Look `lower` up in `ad` (the pair's `side` ad) and record the lookup. */
  lookup(ad: ClassAd, side: number, lower: string): Expr | undefined {
    const expr = ad.lookupLower(lower);
    const seen = side === SIDE_JOB ? this.seenJob : this.seenSlot;
    if (!seen.has(lower)) {
      seen.add(lower);
      this.sides.push(side);
      this.names.push(lower);
      this.keys.push(exprKey(expr));
      this.specs.push(null);
    }
    return expr;
  }

  /**
   * Record a comparison of a slot attribute with a value fixed by the lookups so far (see
   * `compileComparison`): the memo branches on `key` (the comparison's outcome for a literal,
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
    const compiled = compile(expr);
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

/** Compiled code: evaluate with `cur` as the current ad, `other` the other ad of the pair. */
export type Code = (run: Run, cur: ClassAd, other: ClassAd, side: number) => Value;

export interface Compiled {
  readonly code: Code;
  /** Static depth of the tree, used to bound recursion the way the evaluator's budget does. */
  readonly depth: number;
  /** Number of nodes, used to bound the work the way the evaluator's step budget does. */
  readonly size: number;
}

const compiledCache = new WeakMap<Expr, Compiled>();

/** The compiled form of an expression, cached by tree identity. */
export function compile(expr: Expr): Compiled {
  let compiled = compiledCache.get(expr);
  if (compiled === undefined) {
    compiled = { code: compileNode(expr), depth: staticDepth(expr), size: staticSize(expr) };
    compiledCache.set(expr, compiled);
  }
  return compiled;
}

function staticSize(expr: Expr): number {
  switch (expr.kind) {
    case "literal":
      return 1;
    case "attr":
      return 1 + (expr.scope ? staticSize(expr.scope) : 0);
    case "unary":
      return 1 + staticSize(expr.operand);
    case "binary":
    case "elvis":
      return 1 + staticSize(expr.left) + staticSize(expr.right);
    case "ternary":
      return 1 + staticSize(expr.cond) + staticSize(expr.then) + staticSize(expr.otherwise);
    case "paren":
      return 1 + staticSize(expr.inner);
    case "subscript":
      return 1 + staticSize(expr.target) + staticSize(expr.index);
    case "call":
    case "list": {
      let size = 1;
      for (const item of expr.kind === "call" ? expr.args : expr.items) size += staticSize(item);
      return size;
    }
    case "record":
      return STEP_LIMIT;
  }
}

function staticDepth(expr: Expr): number {
  switch (expr.kind) {
    case "literal":
      return 1;
    case "attr":
      return 1 + (expr.scope ? staticDepth(expr.scope) : 0);
    case "unary":
      return 1 + staticDepth(expr.operand);
    case "binary":
    case "elvis":
      return 1 + Math.max(staticDepth(expr.left), staticDepth(expr.right));
    case "ternary":
      return 1 + Math.max(staticDepth(expr.cond), staticDepth(expr.then), staticDepth(expr.otherwise));
    case "paren":
      return 1 + staticDepth(expr.inner);
    case "subscript":
      return 1 + Math.max(staticDepth(expr.target), staticDepth(expr.index));
    case "call":
    case "list": {
      const items = expr.kind === "call" ? expr.args : expr.items;
      let max = 0;
      for (const item of items) max = Math.max(max, staticDepth(item));
      return 1 + max;
    }
    case "record":
      return DEPTH_LIMIT + 1;
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

function bailCode(): Value {
  throw BAIL;
}

function compileNode(expr: Expr): Code {
  switch (expr.kind) {
    case "literal": {
      const value = expr.value;
      return () => value;
    }
    case "paren":
      return compileNode(expr.inner);
    case "attr":
      return compileAttr(expr.name, expr.scope, expr.absolute);
    case "unary":
      return compileUnary(expr);
    case "binary":
      return compileBinary(expr);
    case "ternary": {
      const cond = compileNode(expr.cond);
      const then = compileNode(expr.then);
      const otherwise = compileNode(expr.otherwise);
      return (run, cur, other, side) => {
        const c = cond(run, cur, other, side);
        const truth = booleanEquiv(c);
        if (truth !== null) return truth ? then(run, cur, other, side) : otherwise(run, cur, other, side);
        if (c.kind === "undefined") return UNDEFINED;
        if (c.kind === "error") return ERROR;
        // No truth value: the evaluator still evaluates both branches (for their failures) first.
        then(run, cur, other, side);
        otherwise(run, cur, other, side);
        return ERROR;
      };
    }
    case "elvis": {
      const left = compileNode(expr.left);
      const right = compileNode(expr.right);
      return (run, cur, other, side) => {
        const value = left(run, cur, other, side);
        return value.kind === "undefined" ? right(run, cur, other, side) : value;
      };
    }
    case "subscript":
      return compileSubscript(expr);
    case "call":
      return compileCall(expr);
    case "list": {
      const items = expr.items;
      return (_run, cur) => listValue(items, cur);
    }
    case "record":
      return bailCode;
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute references

function compileAttr(name: string, scope: Expr | null, absolute: boolean): Code {
  const lower = name.toLowerCase();
  if (absolute) return bailCode;
  if (scope === null) return compileUnscoped(lower);
  if (scope.kind !== "attr" || scope.scope !== null || scope.absolute) return bailCode;
  const scopeName = scope.name.toLowerCase();
  // `MY.x`: `my` is special (self) in old semantics; `TARGET.x` / `OTHER.x`: the match ad's context.
  const inOther = scopeName === "target" || scopeName === "other";
  if (!inOther && scopeName !== "my" && scopeName !== "self") return bailCode;
  if (lower === "currenttime") {
    return (run, cur, other, side) => {
      unshadowed(run, cur, side, scopeName);
      const ad = inOther ? other : cur;
      const adSide = inOther ? 1 - side : side;
      const found = run.lookup(ad, adSide, lower);
      if (found !== undefined) return inOther ? run.deref(found, other, cur, 1 - side) : run.deref(found, cur, other, side);
      return timeCode()(run, cur, other, side);
    };
  }
  // Names missing from the selected ad would continue into the match ad's scopes.
  if (CONTEXT_NAMES.has(lower)) return bailCode;
  if (inOther) {
    return (run, cur, other, side) => {
      unshadowed(run, cur, side, scopeName);
      const found = run.lookup(other, 1 - side, lower);
      return found === undefined ? UNDEFINED : run.deref(found, other, cur, 1 - side);
    };
  }
  return (run, cur, other, side) => {
    unshadowed(run, cur, side, scopeName);
    const found = run.lookup(cur, side, lower);
    return found === undefined ? UNDEFINED : run.deref(found, cur, other, side);
  };
}

/**
 * `MY`, `SELF`, `TARGET` and `OTHER` are resolved in the current ad first: an ad that defines an
 * attribute of that name changes what they mean, and such evaluations are left to the evaluator.
 * The lookup is recorded, so the memo knows the name was absent.
 */
function unshadowed(run: Run, cur: ClassAd, side: number, scopeName: string): void {
  if (run.lookup(cur, side, scopeName) !== undefined) throw BAIL;
}

let timeCallCode: Code | null = null;

/** `CurrentTime` (old semantics) is `time()` evaluated in the current ad. */
function timeCode(): Code {
  timeCallCode ??= compileCall(call("time", []));
  return timeCallCode;
}

function compileUnscoped(lower: string): Code {
  if (lower === "currenttime") {
    return (run, cur, other, side) => {
      const found = run.lookup(cur, side, lower);
      return found === undefined ? timeCode()(run, cur, other, side) : run.deref(found, cur, other, side);
    };
  }
  if (CONTEXT_NAMES.has(lower)) return bailCode;
  return (run, cur, other, side) => {
    const found = run.lookup(cur, side, lower);
    if (found !== undefined) return run.deref(found, cur, other, side);
    const fallback = run.lookup(other, 1 - side, lower);
    return fallback === undefined ? UNDEFINED : run.deref(fallback, other, cur, 1 - side);
  };
}

// ---------------------------------------------------------------------------------------------
// Operators: the evaluator's own value rules (`eval/operators.ts`), with its short circuits.

function compileUnary(expr: UnaryNode): Code {
  const operand = compileNode(expr.operand);
  switch (expr.op) {
    case "!":
      return (run, cur, other, side) => logicalNot(operand(run, cur, other, side));
    case "-":
      return (run, cur, other, side) => unaryMinus(operand(run, cur, other, side));
    case "+":
      return (run, cur, other, side) => unaryPlus(operand(run, cur, other, side));
    case "~":
      return (run, cur, other, side) => bitwiseNot(operand(run, cur, other, side));
  }
}

function compileBinary(expr: BinaryNode): Code {
  const left = compileNode(expr.left);
  const right = compileNode(expr.right);
  switch (expr.op) {
    case "&&":
      return (run, cur, other, side) => {
        const a = left(run, cur, other, side);
        if (booleanEquiv(a) === false) return FALSE;
        if (a.kind === "error") return ERROR;
        return logicalAndRest(a, right(run, cur, other, side));
      };
    case "||":
      return (run, cur, other, side) => {
        const a = left(run, cur, other, side);
        if (booleanEquiv(a) === true) return TRUE;
        if (a.kind === "error") return ERROR;
        return logicalOrRest(a, right(run, cur, other, side));
      };
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
    case "is":
    case "isnt": {
      const special = compileComparison(expr.op, expr.left, expr.right, left, right);
      if (special !== null) return special;
      const op = expr.op;
      return (run, cur, other, side) => strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
    }
    default: {
      const op = expr.op;
      return (run, cur, other, side) => strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
    }
  }
}

/** How a reference names its ad: `MY.x`, `TARGET.x`, or unscoped `x` (MY, then TARGET). */
const REF_MY = 0;
const REF_TARGET = 1;
const REF_UNSCOPED = 2;

function refKindOf(expr: Expr): { kind: number; lower: string; scope: string } | null {
  if (expr.kind !== "attr" || expr.absolute) return null;
  const lower = expr.name.toLowerCase();
  if (CONTEXT_NAMES.has(lower) || lower === "currenttime") return null;
  if (expr.scope === null) return { kind: REF_UNSCOPED, lower, scope: "" };
  const scope = expr.scope;
  if (scope.kind !== "attr" || scope.scope !== null || scope.absolute) return null;
  const scopeName = scope.name.toLowerCase();
  if (scopeName === "my" || scopeName === "self") return { kind: REF_MY, lower, scope: scopeName };
  if (scopeName === "target" || scopeName === "other") return { kind: REF_TARGET, lower, scope: scopeName };
  return null;
}

/**
 * A comparison between a reference and another operand. When the reference reads the slot, the
 * other operand is evaluated first (its value is then fixed by the lookups made so far) and the
 * step recorded is the comparison's outcome rather than the slot's value: slots whose Memory
 * differs but compares the same way against the job's request share one branch of the memo.
 * Operands have no side effects, so evaluating the right one first changes no answer.
 */
function compileComparison(op: CompareOp, leftExpr: Expr, rightExpr: Expr, left: Code, right: Code): Code | null {
  const leftRef = refKindOf(leftExpr);
  const rightRef = refKindOf(rightExpr);
  if (leftRef === null && rightRef === null) return null;
  const leftKind = leftRef === null ? -1 : leftRef.kind;
  const rightKind = rightRef === null ? -1 : rightRef.kind;
  const leftSpec = leftRef === null ? null : compareOnSlot(op, leftRef, true, left, right);
  const rightSpec = rightRef === null ? null : compareOnSlot(op, rightRef, false, right, left);
  return (run, cur, other, side) => {
    if (leftSpec !== null && readsSlot(leftKind, side)) return leftSpec(run, cur, other, side);
    if (rightSpec !== null && readsSlot(rightKind, side)) return rightSpec(run, cur, other, side);
    return strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
  };
}

/** Whether a reference of `kind`, evaluated with the `side` ad current, reads the slot first. */
function readsSlot(kind: number, side: number): boolean {
  return kind === REF_TARGET ? side !== SIDE_SLOT : side === SIDE_SLOT;
}

function compareOnSlot(
  op: CompareOp,
  ref: { kind: number; lower: string; scope: string },
  refOnLeft: boolean,
  refCode: Code,
  otherCode: Code,
): Code {
  const { kind, lower, scope } = ref;
  return (run, cur, other, side) => {
    const fixed = otherCode(run, cur, other, side);
    if (scope !== "") unshadowed(run, cur, side, scope);
    const slotIsCur = side === SIDE_SLOT;
    const slot = slotIsCur ? cur : other;
    const found = slot.lookupLower(lower);
    const spec: CompareSpec = { name: lower, op, refOnLeft, value: fixed };
    run.compare(spec, compareKey(spec, found));
    let attrValue: Value;
    if (found === undefined) {
      // Unscoped and missing from the slot (the current ad): TARGET, i.e. the job, is asked.
      attrValue = kind === REF_UNSCOPED ? refCode(run, cur, other, side) : UNDEFINED;
    } else if (found.kind === "literal") {
      attrValue = found.value;
    } else {
      attrValue = slotIsCur ? run.deref(found, cur, other, side) : run.deref(found, other, cur, 1 - side);
    }
    return refOnLeft ? strictBinary(op, attrValue, fixed) : strictBinary(op, fixed, attrValue);
  };
}

// ---------------------------------------------------------------------------------------------
// Subscripts and calls

function compileSubscript(expr: SubscriptNode): Code {
  const target = compileNode(expr.target);
  const index = compileNode(expr.index);
  return (run, cur, other, side) => {
    const base = target(run, cur, other, side);
    const at = index(run, cur, other, side);
    if (base.kind === "error" || at.kind === "error") return ERROR;
    if (base.kind === "undefined" || at.kind === "undefined") return UNDEFINED;
    if (base.kind !== "list") throw BAIL;
    if (at.kind !== "int") return ERROR;
    if (typeof at.v !== "number") throw BAIL;
    const i = at.v | 0;
    const item = base.items[i];
    if (i < 0 || item === undefined) return ERROR;
    if (item.kind !== "literal") throw BAIL;
    return item.value;
  };
}

/** Builtins whose answer is not a function of their arguments. */
const IMPURE_FUNCTIONS: ReadonlySet<string> = new Set(["random", "debug"]);

function compileCall(expr: CallNode): Code {
  const lower = expr.name.toLowerCase();
  if (IMPURE_FUNCTIONS.has(lower)) return bailCode;
  const args = expr.args;
  const argCodes = args.map(compileNode);
  const argSizes = args.map(staticSize);
  return (run, cur, other, side) => {
    const fn = run.functions.getLower(lower);
    if (fn === undefined) throw BAIL;
    run.step(1);
    return fn(args, new CallContext(run, cur, other, side, args, argCodes, argSizes));
  };
}

/**
 * What a builtin sees: its own arguments evaluated by their compiled code. Anything else it asks
 * for (an expression from a list built elsewhere, another scope, a failure, a reference lookup)
 * defers the whole evaluation to the evaluator.
 */
class CallContext implements EvalContext {
  constructor(
    private readonly run: Run,
    readonly scope: ClassAd,
    private readonly other: ClassAd,
    private readonly side: number,
    private readonly args: readonly Expr[],
    private readonly argCodes: readonly Code[],
    private readonly argSizes: readonly number[],
  ) {}

  get timeZone(): string {
    return this.run.timeZone;
  }

  evaluate(expr: Expr, scope: ClassAd | null): Value {
    if (expr.kind === "literal") return expr.value;
    if (scope === this.scope) {
      const i = this.args.indexOf(expr);
      const code = this.argCodes[i];
      if (code !== undefined) {
        this.run.step(this.argSizes[i] as number);
        return code(this.run, this.scope, this.other, this.side);
      }
    }
    if (expr.kind === "binary" && expr.left.kind === "literal" && expr.right.kind === "literal") {
      // Functions such as `member` and `sum` apply an operator to two values they already have.
      return applyLiteralOperator(expr);
    }
    throw BAIL;
  }

  now(): number {
    return this.run.clock();
  }

  fail(): never {
    throw BAIL;
  }

  debug(): void {
    throw BAIL;
  }

  random(): number {
    throw BAIL;
  }

  resolveReference(): never {
    throw BAIL;
  }

  newAd(): never {
    throw BAIL;
  }

  externalReferences(): never {
    throw BAIL;
  }
}

function applyLiteralOperator(expr: BinaryNode): Value {
  if (expr.left.kind !== "literal" || expr.right.kind !== "literal") throw BAIL;
  return strictBinary(expr.op, expr.left.value, expr.right.value);
}

// ---------------------------------------------------------------------------------------------
// Keys: what a lookup found, as a small integer. Equal keys mean the compiled path evaluates the
// two expressions identically: literals are keyed by value, other trees by their structure.

const ABSENT_KEY = 0;
const keyIds = new Map<string, number>();
const literalValues = new Map<number, Value>();

/** The literal value a key stands for, or undefined when the key is not a scalar literal's. */
export function literalOfKey(key: number): Value | undefined {
  return literalValues.get(key);
}
const exprKeys = new WeakMap<Expr, number>();
let identityKeys = 0;

/** The key of a lookup result (0 when the attribute is absent). */
export function exprKey(expr: Expr | undefined): number {
  if (expr === undefined) return ABSENT_KEY;
  if (expr.kind === "literal") {
    const quick = literalKey(expr.value);
    if (quick !== 0) return quick;
  }
  let key = exprKeys.get(expr);
  if (key === undefined) {
    const text = structure(expr);
    if (text === null) {
      key = -(++identityKeys);
    } else {
      key = keyIds.get(text);
      if (key === undefined) {
        key = ++lastKey;
        keyIds.set(text, key);
        if (expr.kind === "literal") literalValues.set(key, expr.value);
      }
    }
    exprKeys.set(expr, key);
  }
  return key;
}

let lastKey = 0;
const intKeys = new Map<number, number>();
const realKeys = new Map<number, number>();
const stringKeys = new Map<string, number>();
const fixedKeys = new Map<string, number>();

function newLiteralKey(value: Value): number {
  const key = ++lastKey;
  literalValues.set(key, value);
  return key;
}

/**
 * Keys of the common scalar literals, without building their structure text (a pool holds
 * thousands of distinct numbers). 0 for literals that take the general path.
 */
function literalKey(value: Value): number {
  let key: number | undefined;
  switch (value.kind) {
    case "int":
      if (typeof value.v !== "number") return 0;
      key = intKeys.get(value.v);
      if (key === undefined) intKeys.set(value.v, (key = newLiteralKey(value)));
      return key;
    case "real":
      if (Object.is(value.v, -0)) return 0;
      key = realKeys.get(value.v);
      if (key === undefined) realKeys.set(value.v, (key = newLiteralKey(value)));
      return key;
    case "string":
      key = stringKeys.get(value.v);
      if (key === undefined) stringKeys.set(value.v, (key = newLiteralKey(value)));
      return key;
    case "bool":
    case "undefined":
    case "error": {
      const name = value.kind === "bool" ? String(value.v) : value.kind;
      key = fixedKeys.get(name);
      if (key === undefined) fixedKeys.set(name, (key = newLiteralKey(value)));
      return key;
    }
    default:
      return 0;
  }
}

/** A canonical text of a tree's structure (positions ignored), or null when it holds a non-scalar literal. */
function structure(expr: Expr): string | null {
  const parts: string[] = [];
  return writeStructure(expr, parts) ? parts.join("") : null;
}

function writeStructure(expr: Expr, out: string[]): boolean {
  switch (expr.kind) {
    case "literal": {
      const v = expr.value;
      switch (v.kind) {
        case "undefined":
          out.push("U");
          return true;
        case "error":
          out.push("E");
          return true;
        case "bool":
          out.push(v.v ? "T" : "F");
          return true;
        case "int":
          out.push("i", String(v.v), ";");
          return true;
        case "real":
          out.push("r", Object.is(v.v, -0) ? "-0" : String(v.v), ";");
          return true;
        case "string":
          out.push("s", String(v.v.length), ":", v.v);
          return true;
        case "abstime":
          out.push("a", String(v.secs), ",", String(v.offset), ";");
          return true;
        case "reltime":
          out.push("t", String(v.secs), ";");
          return true;
        default:
          return false;
      }
    }
    case "attr":
      out.push(expr.absolute ? "." : "@", String(expr.name.length), ":", expr.name);
      if (expr.scope) {
        out.push("<");
        if (!writeStructure(expr.scope, out)) return false;
        out.push(">");
      }
      return true;
    case "unary":
      out.push("u", expr.op, "(");
      if (!writeStructure(expr.operand, out)) return false;
      out.push(")");
      return true;
    case "binary":
      out.push("b", expr.op, "(");
      if (!writeStructure(expr.left, out)) return false;
      out.push(",");
      if (!writeStructure(expr.right, out)) return false;
      out.push(")");
      return true;
    case "ternary":
      out.push("?(");
      if (!writeStructure(expr.cond, out)) return false;
      out.push(",");
      if (!writeStructure(expr.then, out)) return false;
      out.push(",");
      if (!writeStructure(expr.otherwise, out)) return false;
      out.push(")");
      return true;
    case "elvis":
      out.push("v(");
      if (!writeStructure(expr.left, out)) return false;
      out.push(",");
      if (!writeStructure(expr.right, out)) return false;
      out.push(")");
      return true;
    case "paren":
      out.push("p(");
      if (!writeStructure(expr.inner, out)) return false;
      out.push(")");
      return true;
    case "subscript":
      out.push("x(");
      if (!writeStructure(expr.target, out)) return false;
      out.push(",");
      if (!writeStructure(expr.index, out)) return false;
      out.push(")");
      return true;
    case "call":
    case "list": {
      const items = expr.kind === "call" ? expr.args : expr.items;
      out.push(expr.kind === "call" ? "c" + String(expr.name.length) + ":" + expr.name : "l", "(");
      for (const item of items) {
        if (!writeStructure(item, out)) return false;
        out.push(",");
      }
      out.push(")");
      return true;
    }
    case "record":
      out.push("R(");
      for (const attr of expr.attrs) {
        out.push(String(attr.name.length), ":", attr.name, "=");
        if (!writeStructure(attr.expr, out)) return false;
        out.push(";");
      }
      out.push(")");
      return true;
  }
}
