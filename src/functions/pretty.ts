/**
 * The text `unparse(attr)` gives: HTCondor prints the attribute's expression with its
 * `PrettyPrint` unparser, which is the ordinary new-syntax unparser except that every list and
 * record starts on a new line and is indented (lists by 3, records by 4 columns per level):
 *
 *     unparse(l) for l = {1, 2}   ⇒   "\n   {\n      1,\n      2\n   }"
 *
 * Lists and records are cut out of the tree (replaced by placeholder references), the rest is
 * printed by the ordinary unparser, and the placeholders are then replaced by the indented text.
 */
import { attrRef } from "../ast/build.js";
import type { Expr, RecordAttr } from "../model/nodes.js";
import { compareStorageOrder } from "../model/names.js";
import { unparse, unparseAttrName } from "../ast/print.js";
import type { ClassAd } from "../model/classad.js";

const LIST_INDENT = 3;
const RECORD_INDENT = 4;

interface Slots {
  readonly prefix: string;
  readonly texts: string[];
}

/** The PrettyPrint text of an expression. */
export function prettyUnparse(expr: Expr): string {
  return pretty(expr, 0);
}

function pretty(expr: Expr, level: number): string {
  const container = containerText(expr, level);
  if (container !== null) return container;
  const slots: Slots = { prefix: placeholderPrefix(expr), texts: [] };
  const replaced = cutContainers(expr, slots, level);
  if (slots.texts.length === 0) return unparse(expr);
  const text = unparse(replaced);
  return text.replace(new RegExp(`${slots.prefix}(\\d+)_`, "g"), (_: string, index: string) => slots.texts[Number(index)] ?? "");
}

/** A placeholder name that does not occur in the expression's own text. */
function placeholderPrefix(expr: Expr): string {
  const text = unparse(expr);
  let prefix = "prettyPrintSlot_";
  while (text.includes(prefix)) prefix = "x" + prefix;
  return prefix;
}

/** The indented text of a list or record (node or literal value), or null for other nodes. */
function containerText(expr: Expr, level: number): string | null {
  if (expr.kind === "list") return listText(expr.items, level);
  if (expr.kind === "record") return recordText(expr.attrs, level);
  if (expr.kind === "literal") {
    const value = expr.value;
    if (value.kind === "list") return listText(value.items, level);
    if (value.kind === "classad") return recordText(adAttrs(value.ad), level);
  }
  return null;
}

function listText(items: readonly Expr[], level: number): string {
  const outer = level + LIST_INDENT;
  const inner = outer + LIST_INDENT;
  let text = "\n" + " ".repeat(outer) + "{";
  items.forEach((item, i) => {
    text += "\n" + " ".repeat(inner) + pretty(item, inner);
    if (i + 1 < items.length) text += ",";
  });
  return text + "\n" + " ".repeat(outer) + "}";
}

function recordText(attrs: readonly RecordAttr[], level: number): string {
  const outer = level + RECORD_INDENT;
  const inner = outer + RECORD_INDENT;
  const ordered = [...attrs].sort((a, b) => compareStorageOrder(a.name, b.name));
  let text = "\n" + " ".repeat(outer) + "[";
  ordered.forEach((attr, i) => {
    text += "\n" + " ".repeat(inner) + unparseAttrName(attr.name) + " = " + pretty(attr.expr, inner);
    if (i + 1 < ordered.length) text += "; ";
  });
  return text + "\n" + " ".repeat(outer) + "]";
}

function adAttrs(ad: ClassAd): RecordAttr[] {
  return [...ad.entries()].map(([name, expr]) => ({ name, expr }));
}

/** A copy of `expr` with every outermost list/record replaced by a placeholder reference. */
function cutContainers(expr: Expr, slots: Slots, level: number): Expr {
  const container = containerText(expr, level);
  if (container !== null) {
    slots.texts.push(container);
    return attrRef(`${slots.prefix}${slots.texts.length - 1}_`);
  }
  const cut = (child: Expr): Expr => cutContainers(child, slots, level);
  switch (expr.kind) {
    case "attr":
      return expr.scope ? { ...expr, scope: cut(expr.scope) } : expr;
    case "unary":
      return { ...expr, operand: cut(expr.operand) };
    case "binary":
      return { ...expr, left: cut(expr.left), right: cut(expr.right) };
    case "elvis":
      return { ...expr, left: cut(expr.left), right: cut(expr.right) };
    case "ternary":
      return { ...expr, cond: cut(expr.cond), then: cut(expr.then), otherwise: cut(expr.otherwise) };
    case "paren":
      return { ...expr, inner: cut(expr.inner) };
    case "subscript":
      return { ...expr, target: cut(expr.target), index: cut(expr.index) };
    case "call":
      return { ...expr, args: expr.args.map(cut) };
    default:
      return expr;
  }
}
