/**
 * The text `unparse(attr)` gives: HTCondor prints the attribute's expression with its
 * `PrettyPrint` unparser, which is the ordinary new-syntax unparser except that every list and
 * record starts on a new line and is indented (lists by 3, records by 4 columns per level):
 *
 *     unparse(l) for l = {1, 2}   ⇒   "\n   {\n      1,\n      2\n   }"
 *
 * Lists and records are cut out of the tree (replaced by placeholder references), the rest is
 * printed by the ordinary unparser, and the placeholders are then replaced by the indented text.
 *
 * The indentation grows with the nesting, so the text can be far larger than the expression (a
 * long list 150 levels deep is hundreds of bytes per element): every piece is counted against a
 * room in bytes before it is built, and the printing stops once the room is passed.
 */
import { attrRef } from "../ast/build.js";
import type { Expr, RecordAttr } from "../model/nodes.js";
import { compareStorageOrder } from "../model/names.js";
import { unparse, unparseAttrName } from "../ast/print.js";
import type { ClassAd } from "../model/classad.js";

const LIST_INDENT = 3;
const RECORD_INDENT = 4;

/**
 * One printing: the whole expression, its placeholder prefix (chosen once, when a container
 * inside an operator first needs one) and the room left.
 */
interface Printing {
  readonly root: Expr;
  placeholder: { readonly prefix: string; readonly pattern: RegExp } | null;
  room: number;
}

interface Slots {
  readonly printing: Printing;
  readonly texts: string[];
}

class OverBudget extends Error {}

/**
 * The PrettyPrint text of an expression, or null when it would be longer than `room` bytes (each
 * piece is counted before it is built; a container inside an operator counts its text twice, as
 * it is copied into the operator's text).
 */
export function prettyUnparse(expr: Expr, room = Number.POSITIVE_INFINITY): string | null {
  const printing: Printing = { root: expr, placeholder: null, room };
  try {
    return pretty(expr, 0, printing);
  } catch (error) {
    if (error instanceof OverBudget) return null;
    throw error;
  }
}

function placeholderOf(printing: Printing): { readonly prefix: string; readonly pattern: RegExp } {
  if (printing.placeholder === null) {
    const prefix = placeholderPrefix(printing.root);
    printing.placeholder = { prefix, pattern: new RegExp(`${prefix}(\\d+)_`, "g") };
  }
  return printing.placeholder;
}

/** Count `bytes` about to be built against the room. */
function spend(printing: Printing, bytes: number): void {
  printing.room -= bytes;
  if (printing.room < 0) throw new OverBudget();
}

function pretty(expr: Expr, level: number, printing: Printing): string {
  const container = containerText(expr, level, printing);
  if (container !== null) return container;
  const slots: Slots = { printing, texts: [] };
  const replaced = cutContainers(expr, slots, level);
  if (slots.texts.length === 0) {
    const text = unparse(expr);
    spend(printing, text.length);
    return text;
  }
  const text = unparse(replaced);
  let size = text.length;
  for (const slot of slots.texts) size += slot.length;
  spend(printing, size);
  return text.replace(placeholderOf(printing).pattern, (_: string, index: string) => slots.texts[Number(index)] ?? "");
}

/**
 * A placeholder name that does not occur in the expression's own text (nor, then, in the text of
 * any part of it).
 */
function placeholderPrefix(expr: Expr): string {
  const text = unparse(expr);
  let prefix = "prettyPrintSlot_";
  while (text.includes(prefix)) prefix = "x" + prefix;
  return prefix;
}

/** The indented text of a list or record (node or literal value), or null for other nodes. */
function containerText(expr: Expr, level: number, printing: Printing): string | null {
  if (expr.kind === "list") return listText(expr.items, level, printing);
  if (expr.kind === "record") return recordText(expr.attrs, level, printing);
  if (expr.kind === "literal") {
    const value = expr.value;
    if (value.kind === "list") return listText(value.items, level, printing);
    if (value.kind === "classad") return recordText(adAttrs(value.ad), level, printing);
  }
  return null;
}

function listText(items: readonly Expr[], level: number, printing: Printing): string {
  const outer = "\n" + " ".repeat(level + LIST_INDENT);
  const inner = "\n" + " ".repeat(level + 2 * LIST_INDENT);
  spend(printing, 2 * (outer.length + 1));
  let text = outer + "{";
  items.forEach((item, i) => {
    const last = i + 1 === items.length;
    spend(printing, inner.length + (last ? 0 : 1));
    text += inner + pretty(item, inner.length - 1, printing);
    if (!last) text += ",";
  });
  return text + outer + "}";
}

function recordText(attrs: readonly RecordAttr[], level: number, printing: Printing): string {
  const outer = "\n" + " ".repeat(level + RECORD_INDENT);
  const inner = "\n" + " ".repeat(level + 2 * RECORD_INDENT);
  spend(printing, 2 * (outer.length + 1));
  const ordered = [...attrs].sort((a, b) => compareStorageOrder(a.name, b.name));
  let text = outer + "[";
  ordered.forEach((attr, i) => {
    const name = unparseAttrName(attr.name);
    const last = i + 1 === ordered.length;
    spend(printing, inner.length + name.length + 3 + (last ? 0 : 2));
    text += inner + name + " = " + pretty(attr.expr, inner.length - 1, printing);
    if (!last) text += "; ";
  });
  return text + outer + "]";
}

function adAttrs(ad: ClassAd): RecordAttr[] {
  return [...ad.entries()].map(([name, expr]) => ({ name, expr }));
}

/** A copy of `expr` with every outermost list/record replaced by a placeholder reference. */
function cutContainers(expr: Expr, slots: Slots, level: number): Expr {
  const container = containerText(expr, level, slots.printing);
  if (container !== null) {
    slots.texts.push(container);
    return attrRef(`${placeholderOf(slots.printing).prefix}${slots.texts.length - 1}_`);
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
