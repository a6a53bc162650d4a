/**
 * The attributes an expression refers to, as HTCondor's `ClassAd::_GetExternalReferences` and
 * `_GetInternalReferences` find them: references are followed through the ad (an attribute
 * defined in the ad is looked into, recursively), scoped references have their scope evaluated.
 *
 * - external: names that resolve to nothing (`Memory`), and with full names the scoped
 *   references whose scope is UNDEFINED (`TARGET.Memory` outside a match);
 * - internal: names defined in the ad itself that the expression reaches.
 *
 * Both are sets ordered and deduplicated case-insensitively, as HTCondor's `References`.
 */
import type { Expr } from "../model/nodes.js";
import { unparse } from "../ast/print.js";
import type { EvalState } from "./eval-state.js";
import { Lookup } from "./lookup.js";
import { foldName } from "../model/names.js";
import type { ClassAd } from "../model/classad.js";

export interface CollectedReferences {
  /** Sorted case-insensitively, first spelling kept. */
  readonly names: string[];
  /** False when HTCondor's walk gives up (an unresolvable scope, a lookup failure, the depth limit). */
  readonly ok: boolean;
}

class ReferenceSet {
  private readonly byKey = new Map<string, string>();
  add(name: string): void {
    const key = foldName(name);
    if (!this.byKey.has(key)) this.byKey.set(key, name);
  }
  sorted(): string[] {
    return [...this.byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }
}

/** External references of `expr` starting in `state.cur` (whose root is `state.root`). */
export function collectExternalReferences(state: EvalState, expr: Expr, fullNames: boolean): CollectedReferences {
  const refs = new ReferenceSet();
  const ok = guarded(state, () => walkExternal(state, expr, refs, fullNames));
  return { names: refs.sorted(), ok };
}

/** Internal references of `expr` starting in `state.cur`. */
export function collectInternalReferences(state: EvalState, expr: Expr): CollectedReferences {
  const refs = new ReferenceSet();
  const ok = guarded(state, () => walkInternal(state, expr, refs, false));
  return { names: refs.sorted(), ok };
}

/** A walk that still overflows the stack (a shape no loop above covers) gives up as HTCondor's does on its limits. */
function guarded(state: EvalState, walk: () => boolean): boolean {
  const mark = state.mark();
  try {
    return walk();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    state.unwind(mark);
    return false;
  }
}

type ChainNode = Extract<Expr, { kind: "binary" | "elvis" | "subscript" }>;

function isChainNode(expr: Expr): expr is ChainNode {
  return expr.kind === "binary" || expr.kind === "elvis" || expr.kind === "subscript";
}

/**
 * `walk` over the operands of a left-deep chain (`x + x + ...`, `a[0][0]...`) in the order a
 * recursive walk takes them (leftmost first), stopping at the first false; a loop, as such chains
 * parse far deeper than the call stack goes.
 */
function everyInChain(expr: ChainNode, walk: (part: Expr) => boolean): boolean {
  const spine: ChainNode[] = [];
  let left: Expr = expr;
  while (isChainNode(left)) {
    spine.push(left);
    left = left.kind === "subscript" ? left.target : left.left;
  }
  if (!walk(left)) return false;
  for (let i = spine.length - 1; i >= 0; i--) {
    const link = spine[i] as ChainNode;
    if (!walk(link.kind === "subscript" ? link.index : link.right)) return false;
  }
  return true;
}

/** Recurse one level deeper, counting against the evaluation depth. */
function deeper(state: EvalState, walk: () => boolean): boolean {
  if (state.depthLeft <= 0) return false;
  state.depthLeft--;
  const ok = walk();
  state.depthLeft++;
  return ok;
}

function evaluateScope(state: EvalState, scope: Expr): ReturnType<EvalState["eval"]> | null {
  const failedBefore = state.failed;
  const value = state.eval(scope);
  if (state.failed && !failedBefore) {
    state.failed = false;
    return null;
  }
  return value;
}

function walkExternal(state: EvalState, expr: Expr, refs: ReferenceSet, fullNames: boolean): boolean {
  switch (expr.kind) {
    case "literal":
      // An ad or a list held in the tree (the match frame's LEFT and RIGHT, projected lists) is
      // an ad or list node to HTCondor: its members are walked.
      if (expr.value.kind === "classad") return everyAttr(state, expr.value.ad, (attr) => walkExternal(state, attr, refs, fullNames));
      if (expr.value.kind === "list") {
        const items = expr.value.items;
        return items.every((item) => deeper(state, () => walkExternal(state, item, refs, fullNames)));
      }
      return true;
    case "attr": {
      let start: ClassAd | null;
      if (expr.scope === null) {
        start = expr.absolute ? state.root : state.cur;
        if (start === null) {
          if (expr.absolute) return false;
          refs.add(expr.name);
          return true;
        }
      } else {
        const saved = state.cur;
        const value = evaluateScope(state, expr.scope);
        state.cur = saved;
        if (value === null) return false;
        if (value.kind === "undefined") {
          if (fullNames) {
            refs.add(`${unparse(expr.scope)}.${expr.name}`);
            return true;
          }
          const scope = expr.scope;
          return deeper(state, () => walkExternal(state, scope, refs, fullNames));
        }
        if (value.kind !== "classad") return false;
        start = value.ad;
      }
      return followReference(state, start, expr.name, (found) => {
        if (found === null) {
          refs.add(expr.name);
          return true;
        }
        return deeper(state, () => walkExternal(state, found, refs, fullNames));
      }, (ad) => everyAttr(state, ad, (attr) => walkExternal(state, attr, refs, fullNames)));
    }
    case "unary":
      return walkExternal(state, expr.operand, refs, fullNames);
    case "paren":
      return walkExternal(state, expr.inner, refs, fullNames);
    case "binary":
    case "elvis":
    case "subscript":
      return everyInChain(expr, (part) => walkExternal(state, part, refs, fullNames));
    case "ternary":
      return (
        walkExternal(state, expr.cond, refs, fullNames) &&
        walkExternal(state, expr.then, refs, fullNames) &&
        walkExternal(state, expr.otherwise, refs, fullNames)
      );
    case "call":
      return expr.args.every((arg) => deeper(state, () => walkExternal(state, arg, refs, fullNames)));
    case "list":
      return expr.items.every((item) => deeper(state, () => walkExternal(state, item, refs, fullNames)));
    case "record": {
      // To HTCondor a record literal is an ad: the literals inside it have it as their parent.
      const value = state.eval(expr);
      if (value.kind === "classad") return everyAttr(state, value.ad, (attr) => walkExternal(state, attr, refs, fullNames));
      return expr.attrs.every((attr) => deeper(state, () => walkExternal(state, attr.expr, refs, fullNames)));
    }
  }
}

/**
 * Look `name` up from `start` (LookupInScope) and hand the found expression (null when the name
 * resolves to nothing) to `then`, with the current ad set to where it was found. Special names
 * (`self`, `parent`, ...) resolve to ads, handed to `thenAd`.
 */
function followReference(
  state: EvalState,
  start: ClassAd,
  name: string,
  then: (found: Expr | null, where: ClassAd | null) => boolean,
  thenAd: (ad: ClassAd) => boolean,
): boolean {
  const saved = state.cur;
  const savedLexical = state.lexical;
  const outcome = state.lookupInScope(start, foldName(name));
  let ok: boolean;
  switch (outcome) {
    case Lookup.Undefined:
      state.cur = saved;
      ok = then(null, null);
      break;
    case Lookup.Found: {
      const where = state.foundAd;
      state.cur = where;
      // The found expression's record and list literals belong to the ad it was found in.
      state.lexical = where;
      ok = then(state.foundExpr as Expr, where);
      state.lexical = savedLexical;
      break;
    }
    case Lookup.FoundAd:
      ok = thenAd(state.foundAd as ClassAd);
      break;
    case Lookup.CurrentTime:
      ok = true;
      break;
    default:
      ok = false;
  }
  state.cur = saved;
  return ok;
}

/** A special name resolved to a whole ad: HTCondor walks every attribute of it. */
function everyAttr(state: EvalState, ad: ClassAd, walk: (expr: Expr) => boolean): boolean {
  const savedLexical = state.lexical;
  // The attributes' record and list literals belong to this ad.
  state.lexical = ad;
  try {
    for (const [, attr] of ad.entries()) {
      if (!deeper(state, () => walk(attr))) return false;
    }
    return true;
  } finally {
    state.lexical = savedLexical;
  }
}

function walkInternal(state: EvalState, expr: Expr, refs: ReferenceSet, inScope: boolean): boolean {
  switch (expr.kind) {
    case "literal":
      return true;
    case "attr": {
      let start: ClassAd | null;
      if (expr.scope === null) {
        start = expr.absolute ? state.root : state.cur;
        if (start === null) return !expr.absolute;
      } else {
        // Scope chains (`a.b.c...`) count against the depth, as their evaluation does.
        const scope = expr.scope;
        if (!deeper(state, () => walkInternal(state, scope, refs, true))) return false;
        const saved = state.cur;
        const value = evaluateScope(state, expr.scope);
        state.cur = saved;
        if (value === null) return false;
        if (value.kind === "undefined") return true;
        if (value.kind !== "classad") return false;
        start = value.ad;
      }
      return followReference(state, start, expr.name, (found, where) => {
        if (found === null) return true;
        if (where === state.root && where !== null && where.lookupLower(foldName(expr.name)) !== undefined) {
          refs.add(expr.name);
        }
        return deeper(state, () => walkInternal(state, found, refs, false));
      }, (ad) => inScope || everyAttr(state, ad, (attr) => walkInternal(state, attr, refs, false)));
    }
    case "unary":
      return walkInternal(state, expr.operand, refs, inScope);
    case "paren":
      return walkInternal(state, expr.inner, refs, inScope);
    case "binary":
    case "elvis":
    case "subscript":
      return everyInChain(expr, (part) => walkInternal(state, part, refs, inScope));
    case "ternary":
      return (
        walkInternal(state, expr.cond, refs, inScope) &&
        walkInternal(state, expr.then, refs, inScope) &&
        walkInternal(state, expr.otherwise, refs, inScope)
      );
    case "call":
      return expr.args.every((arg) => walkInternal(state, arg, refs, inScope));
    case "list":
      return expr.items.every((item) => deeper(state, () => walkInternal(state, item, refs, inScope)));
    case "record":
      if (inScope) return true;
      return expr.attrs.every((attr) => deeper(state, () => walkInternal(state, attr.expr, refs, false)));
  }
}
