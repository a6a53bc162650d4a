/**
 * Building expression nodes from code (rather than by parsing). Built nodes carry no position.
 */
import type { BinaryOp, CallNode, Expr, LiteralNode, AttrRefNode, BinaryNode, ListNode } from "../model/nodes.js";
import { NO_POSITION } from "../model/nodes.js";
import { asLiteralValue, realValue, type Value } from "../model/value.js";

/** A literal node holding `value`. */
export function literal(value: Value): LiteralNode {
  return { kind: "literal", value, start: NO_POSITION, end: NO_POSITION };
}

/**
 * A literal made from an evaluated value, as HTCondor's `Literal::MakeLiteral` makes it (list
 * projections, `evalInEachContext`, values inserted into ads): a relative time keeps only its
 * whole seconds, as a C `int`, and like every relative-time literal evaluates to a real.
 */
export function literalOfValue(value: Value): LiteralNode {
  const made = asLiteralValue(value);
  // HTCondor's relative-time literal evaluates to a real (its seconds) and prints as relTime.
  if (made.kind === "reltime") return { kind: "literal", value: realValue(made.secs), relTimeLiteral: true, start: NO_POSITION, end: NO_POSITION };
  return literal(made);
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
