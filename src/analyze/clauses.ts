/**
 * Splitting Requirements into clauses, and finding which attributes an expression reads.
 *
 * A clause is an operand of a chain of `&&` (parentheses are transparent, as in better-analyze).
 * The whole expression is true exactly when every clause is true, so a clause that is not true
 * on a slot is a reason the match fails there.
 */
import type { AttrRefNode, Expr } from "../model/nodes.js";
import type { ClassAd } from "../classad/classad.js";
import { unparse } from "../ast/print.js";

/** Nested attribute expansions allowed on the slot side (START -> SINGULARITY_START_CLAUSE -> ...). */
const EXPANSION_DEPTH_LIMIT = 8;

export function stripParens(expr: Expr): Expr {
  let e = expr;
  while (e.kind === "paren") e = e.inner;
  return e;
}

const flattenCache = new WeakMap<Expr, readonly Expr[]>();

/** The operands of a chain of `&&`, parentheses looked through, in source order. */
export function splitAnd(expr: Expr): readonly Expr[] {
  const hit = flattenCache.get(expr);
  if (hit) return hit;
  const out: Expr[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stripParens(stack.pop() as Expr);
    if (e.kind === "binary" && e.op === "&&") {
      stack.push(e.right, e.left);
    } else {
      out.push(e);
    }
  }
  flattenCache.set(expr, out);
  return out;
}

const textCache = new WeakMap<Expr, string>();

/** A clause's text: HTCondor's unparse, outer parentheses removed. */
export function clauseText(expr: Expr): string {
  const hit = textCache.get(expr);
  if (hit !== undefined) return hit;
  const text = unparse(stripParens(expr)).trim();
  textCache.set(expr, text);
  return text;
}

/** True when the ad gives the attribute a value: a missing attribute and a literal `undefined` do not. */
export function definesValue(ad: ClassAd, name: string): boolean {
  const expr = ad.lookup(name);
  return expr !== undefined && !(expr.kind === "literal" && expr.value.kind === "undefined");
}

export interface SlotClause {
  readonly expr: Expr;
  /** The slot attribute this clause was found in (its spelling in the slot). */
  readonly from: string;
}

function isLiteralTrue(expr: Expr): boolean {
  return expr.kind === "literal" && expr.value.kind === "bool" && expr.value.v;
}

/** The name of a reference to one of the ad's own attributes (`name` or `MY.name`), else null. */
function ownReferenceName(expr: Expr): string | null {
  if (expr.kind !== "attr" || expr.absolute) return null;
  if (expr.scope === null) return expr.name;
  const scope = expr.scope;
  if (scope.kind === "attr" && scope.scope === null && !scope.absolute && scope.name.toLowerCase() === "my") {
    return expr.name;
  }
  return null;
}

/**
 * The clauses of a slot's Requirements, with references to the slot's own policy attributes
 * (`START`, `WithinResourceLimits`, ...) replaced by their expressions and split in turn, the way
 * better-analyze expands them for the reverse analysis. Literal `true` clauses are dropped.
 */
export function slotClauses(slot: ClassAd): SlotClause[] {
  const requirements = slot.lookup("Requirements");
  if (requirements === undefined) return [];
  const out: SlotClause[] = [];
  const expanding = new Set<string>(["requirements"]);
  const visit = (expr: Expr, from: string, depth: number): void => {
    for (const clause of splitAnd(expr)) {
      if (isLiteralTrue(clause)) continue;
      const name = ownReferenceName(clause);
      const key = name?.toLowerCase();
      const target = name !== null && key !== undefined && !expanding.has(key) ? slot.lookup(name) : undefined;
      if (name !== null && key !== undefined && target !== undefined && depth < EXPANSION_DEPTH_LIMIT) {
        expanding.add(key);
        visit(target, slot.spelling(name) ?? name, depth + 1);
        expanding.delete(key);
      } else {
        out.push({ expr: clause, from });
      }
    }
  };
  visit(requirements, slot.spelling("Requirements") ?? "Requirements", 0);
  return out;
}

/** Attributes an expression reads, seen from the ad it is evaluated in (MY). */
export interface References {
  /** Attributes of the other ad: `TARGET.x`, and unscoped names MY does not define (old-semantics fallback). */
  readonly target: Set<string>;
  /** The explicitly scoped `TARGET.x` / `OTHER.x` names only. */
  readonly explicitTarget: Set<string>;
  /** Attributes of MY itself, followed through their own expressions. */
  readonly my: Set<string>;
  /** True when the value depends on the clock (`time()`, `CurrentTime`). */
  timeDependent: boolean;
}

function scopeName(ref: AttrRefNode): string | null {
  const scope = ref.scope;
  if (scope === null || scope.kind !== "attr" || scope.scope !== null || scope.absolute) return null;
  return scope.name.toLowerCase();
}

const REFERENCE_DEPTH_LIMIT = 64;

/** Functions whose first argument is evaluated with each list element as its scope. */
const PER_ELEMENT_FUNCTIONS = new Set(["countmatches", "evalineachcontext"]);

/**
 * Collect the references of `expr` evaluated with `my` as MY. Names keep the spelling of their
 * first use; sets are keyed by that spelling, so callers compare case-insensitively.
 */
export function collectReferences(expr: Expr, my: ClassAd): References {
  const refs: References = { target: new Set(), explicitTarget: new Set(), my: new Set(), timeDependent: false };
  const seenLower = new Set<string>();
  const targetLower = new Set<string>();
  const addTarget = (name: string, explicit: boolean): void => {
    const lower = name.toLowerCase();
    if (!targetLower.has(lower)) {
      targetLower.add(lower);
      refs.target.add(name);
    }
    if (explicit) refs.explicitTarget.add(name);
  };
  // A loop over an explicit stack (children pushed last first, so they are taken in source
  // order): left-deep chains (`1 + 1 + ...`, `a.b.c...`) parse far deeper than the call stack.
  const stack: Expr[] = [expr];
  const depths: number[] = [0];
  const push = (e: Expr, depth: number): void => {
    stack.push(e);
    depths.push(depth);
  };
  const pushAll = (items: readonly Expr[], depth: number): void => {
    for (let i = items.length - 1; i >= 0; i--) push(items[i] as Expr, depth);
  };
  const followMy = (name: string, depth: number): void => {
    const lower = name.toLowerCase();
    if (seenLower.has(lower)) return;
    seenLower.add(lower);
    refs.my.add(my.spelling(name) ?? name);
    const value = my.lookup(name);
    if (value !== undefined && depth < REFERENCE_DEPTH_LIMIT) push(value, depth + 1);
  };
  const visit = (e: Expr, depth: number): void => {
    switch (e.kind) {
      case "literal":
        return;
      case "attr": {
        if (e.absolute) {
          if (e.scope === null) followMy(e.name, depth);
          return;
        }
        if (e.scope === null) {
          if (e.name.toLowerCase() === "currenttime") refs.timeDependent = true;
          if (my.has(e.name)) followMy(e.name, depth);
          else if (e.name.toLowerCase() !== "currenttime") addTarget(e.name, false);
          return;
        }
        const scope = scopeName(e);
        if (scope === "target" || scope === "other") addTarget(e.name, true);
        else if (scope === "my" || scope === "self") followMy(e.name, depth);
        else push(e.scope, depth);
        return;
      }
      case "unary":
        push(e.operand, depth);
        return;
      case "binary":
      case "elvis":
        pushAll([e.left, e.right], depth);
        return;
      case "ternary":
        pushAll([e.cond, e.then, e.otherwise], depth);
        return;
      case "paren":
        push(e.inner, depth);
        return;
      case "subscript":
        pushAll([e.target, e.index], depth);
        return;
      case "call": {
        const fn = e.name.toLowerCase();
        if (fn === "time") refs.timeDependent = true;
        const [first, ...rest] = e.args;
        if (first !== undefined && PER_ELEMENT_FUNCTIONS.has(fn)) {
          // Its first argument is evaluated in each element's ad (a GPU's), not in the slot.
          if (first.kind === "attr" && (first.scope === null || scopeName(first) === "my") && my.has(first.name)) {
            refs.my.add(my.spelling(first.name) ?? first.name);
          }
          pushAll(rest, depth);
          return;
        }
        pushAll(e.args, depth);
        return;
      }
      case "list":
        pushAll(e.items, depth);
        return;
      case "record":
        pushAll(e.attrs.map((attr) => attr.expr), depth);
        return;
    }
  };
  while (stack.length > 0) visit(stack.pop() as Expr, depths.pop() as number);
  return refs;
}

/**
 * The other ad's attributes an expression names explicitly (`TARGET.x`, `OTHER.x`), leaving out
 * those with a fallback (`TARGET.x ?: 0`): the attributes whose absence can decide the value.
 */
export function targetNamesRequired(expr: Expr): Set<string> {
  const out = new Set<string>();
  const lower = new Set<string>();
  // An explicit stack, children pushed last first (source order), for chains deeper than the call stack.
  const stack: Expr[] = [expr];
  const pushAll = (items: readonly Expr[]): void => {
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i] as Expr);
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case "attr": {
        const scope = scopeName(e);
        if ((scope === "target" || scope === "other") && !lower.has(e.name.toLowerCase())) {
          lower.add(e.name.toLowerCase());
          out.add(e.name);
        } else if (e.scope !== null) stack.push(e.scope);
        return;
      }
      case "elvis":
        stack.push(e.right);
        return;
      case "unary":
        stack.push(e.operand);
        return;
      case "binary":
        pushAll([e.left, e.right]);
        return;
      case "ternary":
        pushAll([e.cond, e.then, e.otherwise]);
        return;
      case "paren":
        stack.push(e.inner);
        return;
      case "subscript":
        pushAll([e.target, e.index]);
        return;
      case "call":
        pushAll(e.args);
        return;
      case "list":
        pushAll(e.items);
        return;
      case "record":
        pushAll(e.attrs.map((a) => a.expr));
        return;
      case "literal":
        return;
    }
  };
  while (stack.length > 0) visit(stack.pop() as Expr);
  return out;
}
