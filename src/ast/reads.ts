/**
 * The attributes an expression can read, found from its tree alone (no ad, no evaluation). A
 * reader that keeps only these attributes of an ad leaves every evaluation of the expression
 * unchanged, which is what lets a pool dump be loaded without parsing most of it.
 *
 * The answer is conservative: every name that evaluation could look up is listed (a name under a
 * scope that is not `TARGET`/`OTHER` is listed for both ads, the scope words themselves too, since
 * an ad may define them), and `dynamic` says when the names cannot be known from the text at all:
 * `eval(...)`, a subscript by a computed name (`ad[name]`), or a whole ad used as a value
 * (`TARGET` alone).
 */
import type { Expr } from "../model/nodes.js";
import { foldName } from "../model/names.js";

export interface AttributeReads {
  /**
   * Folded names read from the ad the expression is evaluated in: unscoped (old ClassAd semantics
   * then look in the other ad too), `MY.x`, `SELF.x`, `.x`, names under any other scope, and the
   * scope words used.
   */
  readonly own: ReadonlySet<string>;
  /** Folded names read from the other ad of a match only (`TARGET.x`, `OTHER.x`). */
  readonly other: ReadonlySet<string>;
  /** True when evaluation may read attributes the text does not name (of either ad). */
  readonly dynamic: boolean;
  /**
   * True when evaluation may read attributes of the other ad whose names are computed
   * (`TARGET[name]`): the other ad is read, this one only through what that ad's values read.
   */
  readonly otherDynamic: boolean;
}

/** Scope words that select the other ad of a match. */
const OTHER_SCOPES: ReadonlySet<string> = new Set(["target", "other"]);
/** Scope words that select the current ad or one of its enclosing ads. */
const OWN_SCOPES: ReadonlySet<string> = new Set(["my", "self", "parent", "root", "toplevel"]);

/** The attributes `expr` can read; see the file comment. */
export function attributeReads(expr: Expr): AttributeReads {
  const own = new Set<string>();
  const other = new Set<string>();
  let dynamic = false;
  let otherDynamic = false;
  // Iterative: a tree as deep as the parser allows must not overflow the stack here.
  const pending: Expr[] = [expr];
  while (pending.length > 0) {
    const node = pending.pop() as Expr;
    switch (node.kind) {
      case "literal":
        break;
      case "attr": {
        const name = foldName(node.name);
        const scope = node.scope;
        if (scope === null) {
          own.add(name);
          // A scope word alone is a whole ad used as a value.
          if (!node.absolute && (OTHER_SCOPES.has(name) || OWN_SCOPES.has(name))) dynamic = true;
        } else if (scope.kind === "attr" && scope.scope === null && !scope.absolute && isScopeWord(scope.name)) {
          const word = foldName(scope.name);
          own.add(word);
          if (OTHER_SCOPES.has(word)) other.add(name);
          else own.add(name);
        } else {
          // `a.b`, `(expr).b`: the scope is evaluated; `b` may come from any ad.
          own.add(name);
          other.add(name);
          pending.push(scope);
        }
        break;
      }
      case "unary":
        pending.push(node.operand);
        break;
      case "binary":
      case "elvis":
        pending.push(node.right, node.left);
        break;
      case "ternary":
        pending.push(node.otherwise, node.then, node.cond);
        break;
      case "paren":
        pending.push(node.inner);
        break;
      case "subscript": {
        // `TARGET[...]`, `MY[...]`: an attribute of the scope's ad, by name.
        const word = node.target.kind === "attr" && node.target.scope === null && !node.target.absolute ? foldName(node.target.name) : null;
        const side = word === null ? null : OTHER_SCOPES.has(word) ? "other" : OWN_SCOPES.has(word) ? "own" : null;
        const index = node.index;
        if (index.kind === "literal" && index.value.kind === "string") {
          const name = foldName(index.value.v);
          if (side !== "other") own.add(name);
          if (side !== "own") other.add(name);
        } else if (!(index.kind === "literal" && index.value.kind === "int")) {
          if (side === "other") otherDynamic = true;
          else dynamic = true;
        }
        if (side === null) pending.push(index, node.target);
        else {
          own.add(word as string);
          pending.push(index);
        }
        break;
      }
      case "call":
        if (foldName(node.name) === "eval") dynamic = true;
        for (let i = node.args.length - 1; i >= 0; i--) pending.push(node.args[i] as Expr);
        break;
      case "list":
        for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i] as Expr);
        break;
      case "record":
        for (let i = node.attrs.length - 1; i >= 0; i--) pending.push((node.attrs[i] as { expr: Expr }).expr);
        break;
    }
  }
  return { own, other, dynamic, otherDynamic };
}

function isScopeWord(name: string): boolean {
  const folded = foldName(name);
  return OTHER_SCOPES.has(folded) || OWN_SCOPES.has(folded);
}
