/**
 * The ClassAd expression tree: the contract between the parser, the unparser, the evaluator,
 * the ad formats and the matcher. Nodes are plain readonly objects discriminated by `kind`.
 *
 * Positions: `start`/`end` are character offsets into the source the node was parsed from
 * (end exclusive). Nodes built by code rather than parsed carry `-1`. Line and column are
 * computed only when an error is shown (see `src/model/errors.ts`).
 *
 * Strings inside nodes (attribute names, string literals, function names) are byte strings:
 * each JS character holds one byte (0-255), exactly as HTCondor's library sees the text.
 * The public API converts from and to ordinary JS (UTF-16) strings at its edges.
 */
import type { Value } from "./value.js";

export type Expr =
  | LiteralNode
  | AttrRefNode
  | UnaryNode
  | BinaryNode
  | TernaryNode
  | ElvisNode
  | ParenNode
  | SubscriptNode
  | CallNode
  | ListNode
  | RecordNode;

interface NodeBase {
  readonly start: number;
  readonly end: number;
}

/**
 * A constant. Parsed literals hold undefined, error, bool, int, real, string, or abstime;
 * `relTime("...")` literals hold a real (HTCondor's `ReltimeLiteral::_Evaluate` gives a REAL;
 * docs/quirks.md) with `relTimeLiteral` set so that they unparse as `relTime("...")`.
 * Code may also wrap any other value (a list or ad produced by a function) in a literal.
 */
export interface LiteralNode extends NodeBase {
  readonly kind: "literal";
  readonly value: Value;
  /** Set on literals folded from `relTime("...")`: the value is a real, printed as relTime. */
  readonly relTimeLiteral?: boolean;
}

/**
 * An attribute reference: `name`, `.name` (absolute: looked up from the root scope) or
 * `scope.name` (selection). `name` keeps the spelling used in the source.
 */
export interface AttrRefNode extends NodeBase {
  readonly kind: "attr";
  readonly name: string;
  readonly scope: Expr | null;
  readonly absolute: boolean;
}

export type UnaryOp = "-" | "+" | "!" | "~";

export interface UnaryNode extends NodeBase {
  readonly kind: "unary";
  readonly op: UnaryOp;
  readonly operand: Expr;
}

/** Binary operators. `is`/`isnt` are the canonical spellings of `=?=`/`=!=`. */
export type BinaryOp =
  | "||"
  | "&&"
  | "|"
  | "^"
  | "&"
  | "=="
  | "!="
  | "is"
  | "isnt"
  | "<"
  | "<="
  | ">"
  | ">="
  | "<<"
  | ">>"
  | ">>>"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%";

export interface BinaryNode extends NodeBase {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `cond ? then : otherwise` */
export interface TernaryNode extends NodeBase {
  readonly kind: "ternary";
  readonly cond: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
}

/** `left ?: right`: left unless it is undefined. */
export interface ElvisNode extends NodeBase {
  readonly kind: "elvis";
  readonly left: Expr;
  readonly right: Expr;
}

/** Parentheses are kept in the tree: HTCondor prints them back exactly where they were. */
export interface ParenNode extends NodeBase {
  readonly kind: "paren";
  readonly inner: Expr;
}

/** `target[index]` */
export interface SubscriptNode extends NodeBase {
  readonly kind: "subscript";
  readonly target: Expr;
  readonly index: Expr;
}

/** `name(args...)`; the name keeps its source spelling, lookup is case-insensitive. */
export interface CallNode extends NodeBase {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expr[];
}

/** `{ a, b, ... }` kept unevaluated. */
export interface ListNode extends NodeBase {
  readonly kind: "list";
  readonly items: readonly Expr[];
}

/**
 * `[ name = expr; ... ]` kept unevaluated. Attributes are in source order; a repeated name
 * (case-insensitive) is already merged by the parser: last value wins, first spelling kept.
 */
export interface RecordNode extends NodeBase {
  readonly kind: "record";
  readonly attrs: readonly RecordAttr[];
}

export interface RecordAttr {
  readonly name: string;
  readonly expr: Expr;
}

/** Offset used on nodes that were not parsed from text. */
export const NO_POSITION = -1;
