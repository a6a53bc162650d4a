/**
 * Static sizes of a tree, which bound the compiled path the way the evaluator's budgets bound it:
 * a dereference counts the tree's depth against {@link DEPTH_LIMIT} and its node count against
 * {@link STEP_LIMIT}; past either, the evaluation is left to the evaluator and its own limits.
 */
import type { Expr } from "../../model/nodes.js";
import { childrenOf } from "../../ast/walk.js";

/** Deref chains deeper than this (in static node depth) are left to the evaluator and its own limits. */
export const DEPTH_LIMIT = 150;
/** Nodes (counted statically per dereference) per evaluation before deferring to the evaluator's step budget. */
export const STEP_LIMIT = 1_000_000;

/** Nodes in the tree (a record literal counts {@link STEP_LIMIT}). A loop: chains parse deeper than the call stack. */
export function staticSize(expr: Expr): number {
  let size = 0;
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    if (node.kind === "record") {
      size += STEP_LIMIT;
      continue;
    }
    size++;
    for (const child of childrenOf(node)) stack.push(child);
  }
  return size;
}

/** Nodes on the longest path from the root (a record literal counts past {@link DEPTH_LIMIT}). A loop too. */
export function staticDepth(expr: Expr): number {
  let deepest = 0;
  const stack: Expr[] = [expr];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    const above = depths.pop() as number;
    if (node.kind === "record") {
      deepest = Math.max(deepest, above + DEPTH_LIMIT + 1);
      continue;
    }
    const children = childrenOf(node);
    if (children.length === 0) deepest = Math.max(deepest, above + 1);
    for (const child of children) {
      stack.push(child);
      depths.push(above + 1);
    }
  }
  return deepest;
}
