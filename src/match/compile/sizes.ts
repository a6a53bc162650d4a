/**
 * Static sizes of a tree, which bound the compiled path the way the evaluator's budgets bound it:
 * a dereference counts the tree's depth against {@link DEPTH_LIMIT} and its node count against
 * {@link STEP_LIMIT}; past either, the evaluation is left to the evaluator and its own limits.
 */
import type { Expr } from "../../model/nodes.js";

/** Deref chains deeper than this (in static node depth) are left to the evaluator and its own limits. */
export const DEPTH_LIMIT = 150;
/** Nodes (counted statically per dereference) per evaluation before deferring to the evaluator's step budget. */
export const STEP_LIMIT = 1_000_000;

export function staticSize(expr: Expr): number {
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

export function staticDepth(expr: Expr): number {
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
