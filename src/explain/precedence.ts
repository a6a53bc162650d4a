/**
 * Precedence traps: places where HTCondor's grammar groups an expression differently from what
 * its spacing or its wording suggests. Each check looks at one node and its direct operands.
 */
import type { BinaryNode, ElvisNode, Expr, TernaryNode } from "../model/nodes.js";
import { fromByteString } from "../model/bytes.js";
import { groupedText } from "./grouped.js";
import type { LintCode } from "./hints.js";

export interface Finding {
  readonly code: LintCode;
  readonly severity: "warning" | "info";
  /** The node the hint is about (its text and grouping are printed). */
  readonly node: Expr;
  /** The operand involved, when the hint is about a node and one of its operands. */
  readonly operand?: Expr;
  readonly message: string;
}

/** Operators that bind looser than `is` needs to make `a > b is undefined` read as a test of `b`. */
const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "<<", ">>", ">>>", "&", "|", "^"]);

function isUndefinedOrError(node: Expr): "undefined" | "error" | null {
  let e = node;
  while (e.kind === "paren") e = e.inner;
  if (e.kind !== "literal") return null;
  return e.value.kind === "undefined" || e.value.kind === "error" ? e.value.kind : null;
}

/** An operator expression written without parentheses around it (parentheses keep their own node). */
function bare(node: Expr): node is BinaryNode | TernaryNode | ElvisNode {
  return node.kind === "binary" || node.kind === "ternary" || node.kind === "elvis";
}

function words(op: string): string {
  return op === "is" ? "is (=?=)" : op === "isnt" ? "isnt (=!=)" : op;
}

/** `X is undefined` where X is an unparenthesized operator expression: the test covers all of X. */
export function identityOperand(node: Expr, parentTernaryCondOf: TernaryNode | null): Finding | null {
  if (node.kind !== "binary" || (node.op !== "is" && node.op !== "isnt")) return null;
  const literal = isUndefinedOrError(node.right);
  if (literal === null || node.left.kind !== "binary") return null;
  const tested = node.left;
  const last = groupedText(tested.right);
  if (parentTernaryCondOf !== null) {
    return {
      code: "ternary-condition",
      severity: "warning",
      node: parentTernaryCondOf,
      message:
        `the \`? :\` takes \`${groupedText(node)}\` as its condition: \`${words(node.op)} ${literal}\` tests the whole ` +
        `\`${groupedText(tested)}\`, not just \`${last}\`. If the \`? :\` was meant to choose the right operand of ` +
        `\`${tested.op}\`, put it in parentheses: \`... ${tested.op} (${last} ${node.op} ${literal} ? ... : ...)\``,
    };
  }
  return {
    code: "is-operand",
    severity: "warning",
    node,
    message: `\`${words(node.op)} ${literal}\` binds looser than \`${tested.op}\`: it tests the whole \`${groupedText(tested)}\`, not just \`${last}\``,
  };
}

/** `A ?: B * 2` is `(A ?: B) * 2`: `?:` binds tighter than every operator. */
export function elvisOperand(node: Expr): Finding | null {
  if (node.kind !== "binary" || !ARITHMETIC.has(node.op)) return null;
  const side = node.left.kind === "elvis" ? node.left : node.right.kind === "elvis" ? node.right : null;
  if (side === null) return null;
  const fallback = side === node.left ? `${groupedText(side.right)} ${node.op} ${groupedText(node.right)}` : `${groupedText(node.left)} ${node.op} ${groupedText(side.left)}`;
  return {
    code: "elvis-operand",
    severity: "info",
    node,
    message: `\`?:\` binds tighter than \`${node.op}\`: HTCondor reads \`${groupedText(node)}\`, not a default of \`${fallback}\``,
  };
}

/** Whitespace around an operator written between two offsets: leading + trailing, a line break counting 4; null when the text there is not one plain token. */
function gap(source: string, from: number, to: number): number | null {
  if (from < 0 || to > source.length || from > to) return null;
  const text = source.slice(from, to);
  const token = text.trim();
  if (token === "" || /\s/.test(token)) return null;
  const lead = text.slice(0, text.indexOf(token));
  const trail = text.slice(text.indexOf(token) + token.length);
  const width = (ws: string): number => {
    let n = 0;
    for (const ch of ws) n += ch === "\n" ? 4 : 1;
    return n;
  };
  return width(lead) + width(trail);
}

/** The spacing of a node's own operator (`?` and `:` together for `? :`). */
function operatorGap(source: string, node: BinaryNode | TernaryNode | ElvisNode): number | null {
  if (node.kind === "ternary") {
    const question = gap(source, node.cond.end, node.then.start);
    const colon = gap(source, node.then.end, node.otherwise.start);
    return question === null || colon === null ? null : Math.min(question, colon);
  }
  return gap(source, node.left.end, node.right.start);
}

function operatorText(node: BinaryNode | TernaryNode | ElvisNode): string {
  return node.kind === "binary" ? node.op : node.kind === "ternary" ? "? :" : "?:";
}

/**
 * `source` is the byte string the node's offsets point into. An operand's operator spaced wider than its parent's (`a&&b is c`, `a || b?c:d`): the spacing
 * reads the parent as binding tighter, the grammar binds the operand tighter.
 */
export function spacing(node: Expr, source: string): Finding | null {
  if (!bare(node)) return null;
  const parentGap = operatorGap(source, node);
  if (parentGap === null) return null;
  const operands = node.kind === "ternary" ? [node.cond, node.then, node.otherwise] : [node.left, node.right];
  for (const child of operands) {
    if (!bare(child)) continue;
    // `a && b&&c`: the grouping of one logical operator with itself does not change the value.
    if (node.kind === "binary" && child.kind === "binary" && child.op === node.op && (node.op === "&&" || node.op === "||")) continue;
    const childGap = operatorGap(source, child);
    if (childGap === null || childGap <= parentGap) continue;
    const written = fromByteString(source.slice(node.start, node.end));
    return {
      code: "spacing",
      severity: "warning",
      node,
      operand: child,
      message:
        `the spacing of \`${written.replace(/\s+/g, " ").trim()}\` suggests \`${operatorText(node)}\` binds tighter than ` +
        `\`${operatorText(child)}\`, but HTCondor groups it as \`${groupedText(node)}\``,
    };
  }
  return null;
}
