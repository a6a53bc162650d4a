/**
 * Building expression nodes from code (rather than by parsing). Built nodes carry no position.
 */
import type { BinaryOp, CallNode, Expr, LiteralNode, AttrRefNode, BinaryNode, ListNode } from "../model/nodes.js";
import { NO_POSITION } from "../model/nodes.js";
import type { Value } from "../model/value.js";

/** A literal node holding `value`. */
export function literal(value: Value): LiteralNode {
  return { kind: "literal", value, start: NO_POSITION, end: NO_POSITION };
}

/** An attribute reference `name`, or `scope.name` when a scope is given. */
export function attrRef(name: string, scope: Expr | null = null): AttrRefNode {
  return { kind: "attr", name, scope, absolute: false, start: NO_POSITION, end: NO_POSITION };
}

export function binary(op: BinaryOp, left: Expr, right: Expr): BinaryNode {
  return { kind: "binary", op, left, right, start: NO_POSITION, end: NO_POSITION };
}

export function call(name: string, args: readonly Expr[]): CallNode {
  return { kind: "call", name, args, start: NO_POSITION, end: NO_POSITION };
}

export function list(items: readonly Expr[]): ListNode {
  return { kind: "list", items, start: NO_POSITION, end: NO_POSITION };
}
