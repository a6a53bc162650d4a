/**
 * Expressions as the explanations and hints show them. `groupedText`: an expression printed with every grouping spelled out: each operand that is itself an operator
 * expression gets parentheses, so `a - b > c is undefined ? x : y` prints as
 * `((a - b) > c) is undefined ? x : y`, which is how HTCondor's parser reads it. Parentheses of
 * the source stay; leaves (literals, references, calls' names) print as HTCondor prints them.
 */
import type { BinaryNode, Expr } from "../model/nodes.js";
import { fromByteString } from "../model/bytes.js";
import { unparse } from "../ast/print.js";

/** Longest text a hint shows; a longer one ends in ` ...`. */
const MAX_GROUPED = 1_000;
/** Longest sub-expression text an explanation or a hint shows. */
const MAX_SHOWN = 240;

/** A sub-expression as HTCondor prints it, as an ordinary JS string, cut to a readable length. */
export function shownText(expr: Expr): string {
  const text = fromByteString(unparse(expr)).trim();
  return text.length <= MAX_SHOWN ? text : text.slice(0, MAX_SHOWN - 4) + " ...";
}

/** `expr` with its grouping in parentheses, as an ordinary JS string. */
export function groupedText(expr: Expr): string {
  const text = fromByteString(grouped(expr)).trim();
  return text.length <= MAX_GROUPED ? text : text.slice(0, MAX_GROUPED - 4) + " ...";
}

function isOperator(node: Expr): boolean {
  return node.kind === "binary" || node.kind === "ternary" || node.kind === "elvis" || node.kind === "unary";
}

/** An operand: parenthesized when it is an operator expression (a negative literal is a leaf). */
function operand(node: Expr): string {
  return isOperator(node) ? `(${grouped(node)})` : grouped(node);
}

function grouped(node: Expr): string {
  switch (node.kind) {
    case "binary":
      return chain(node);
    case "unary":
      return node.op + (node.operand.kind === "unary" ? `(${grouped(node.operand)})` : operand(node.operand));
    case "ternary":
      return `${operand(node.cond)} ? ${operand(node.then)} : ${operand(node.otherwise)}`;
    case "elvis":
      return `${operand(node.left)} ?: ${operand(node.right)}`;
    case "paren":
      return `(${grouped(node.inner)})`;
    case "subscript":
      return `${operand(node.target)}[${grouped(node.index)}]`;
    case "call":
      return `${node.name}(${node.args.map(grouped).join(", ")})`;
    case "list":
      return node.items.length === 0 ? "{ }" : `{ ${node.items.map(grouped).join(", ")} }`;
    default:
      return unparse(node).trim();
  }
}

/** A left-leaning chain (`a + b + c ...`) walked in a loop: chains can be far deeper than the stack. */
function chain(node: BinaryNode): string {
  const spine: BinaryNode[] = [];
  let left: Expr = node;
  while (left.kind === "binary") {
    spine.push(left);
    left = left.left;
  }
  let text = operand(left);
  for (let i = spine.length - 1; i >= 0; i--) {
    const link = spine[i] as BinaryNode;
    if (i !== spine.length - 1) text = `(${text})`;
    text = `${text} ${link.op} ${operand(link.right)}`;
  }
  return text;
}
