/**
 * Walking expression trees generically: code that needs every sub-expression of a tree, whatever
 * its kinds (collectors, searches), uses these rather than a switch of its own. The evaluator, the
 * printers and the matcher's compiler dispatch on node kinds themselves, since each kind means
 * something different to them.
 */
import type { Expr } from "../model/nodes.js";

const NO_CHILDREN: readonly Expr[] = [];

/** The direct sub-expressions of a node, in source order (an attribute's scope is its child). */
export function childrenOf(node: Expr): readonly Expr[] {
  switch (node.kind) {
    case "literal":
      return NO_CHILDREN;
    case "attr":
      return node.scope === null ? NO_CHILDREN : [node.scope];
    case "unary":
      return [node.operand];
    case "binary":
    case "elvis":
      return [node.left, node.right];
    case "ternary":
      return [node.cond, node.then, node.otherwise];
    case "paren":
      return [node.inner];
    case "subscript":
      return [node.target, node.index];
    case "call":
      return node.args;
    case "list":
      return node.items;
    case "record":
      return node.attrs.map((attr) => attr.expr);
  }
}

/**
 * Visit `node` and its sub-expressions depth first, parents before children. When `visit`
 * returns `false` the children of that node are skipped.
 */
export function walkExpr(node: Expr, visit: (node: Expr) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of childrenOf(node)) walkExpr(child, visit);
}
