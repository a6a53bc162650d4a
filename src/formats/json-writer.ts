/**
 * `condor_status -json`: `[`, one pretty object per ad (2-space indent) with a `,` line between
 * ads, `]`. Literals print as JSON values (reals in `%.16G` form, undefined as `null`), lists as
 * arrays, nested ads as objects; anything else, and the reals JSON cannot hold, as
 * `"\/Expr(<new-syntax text>)\/"`.
 */
import type { Expr, LiteralNode } from "../model/nodes.js";
import { formatRealShort, unparse, unparseValue } from "../ast/print.js";
import { nestedAdAttrs, nestedAttrs } from "./attr-order.js";
import type { AdListLayout, PrintedAttrs } from "./writer.js";

/** Printed so that it reads back as the same tree (`x.'a b'` quoted, where HTCondor prints it bare). */
const ROUND_TRIP = { quoteSelectedNames: true } as const;

function indent(depth: number): string {
  return "  ".repeat(depth);
}

function jsonObject(attrs: PrintedAttrs, depth: number): string {
  const pad = indent(depth + 1);
  const members = attrs.map(([name, expr]) => pad + jsonString(name) + ": " + jsonValue(expr, depth + 1));
  if (members.length === 0) return "{\n" + indent(depth) + "}";
  return "{\n" + members.join(",\n") + "\n" + indent(depth) + "}";
}

function jsonValue(expr: Expr, depth: number): string {
  switch (expr.kind) {
    case "literal":
      return jsonLiteral(expr, depth);
    case "list": {
      const pad = indent(depth + 1);
      if (expr.items.length === 0) return "[\n" + indent(depth) + "]";
      return "[\n" + expr.items.map((item) => pad + jsonValue(item, depth + 1)).join(",\n") + "\n" + indent(depth) + "]";
    }
    case "record":
      return jsonObject(nestedAttrs(expr.attrs), depth);
    default:
      return jsonExpr(unparse(expr, ROUND_TRIP));
  }
}

function jsonLiteral(node: LiteralNode, depth: number): string {
  const value = node.value;
  switch (value.kind) {
    case "int":
      return String(value.v);
    case "real":
      if (!Number.isFinite(value.v)) return jsonExpr(unparseValue(value));
      return formatRealShort(value.v);
    case "bool":
      return value.v ? "true" : "false";
    case "undefined":
      return "null";
    case "string":
      return jsonString(value.v);
    case "list":
      return jsonValue({ kind: "list", items: value.items, start: -1, end: -1 }, depth);
    case "classad":
      return jsonObject(nestedAdAttrs(value.ad), depth);
    default:
      return jsonExpr(unparseValue(value));
  }
}

/** `"\/Expr(<text>)\/"` with the text JSON-escaped. */
function jsonExpr(text: string): string {
  return '"\\/Expr(' + jsonEscape(text) + ')\\/"';
}

function jsonString(s: string): string {
  return '"' + jsonEscape(s) + '"';
}

const JSON_NEEDS_ESCAPE = /["\\\x00-\x1f]/;

/** HTCondor's JSON string escaping: `"` `\` and control bytes; bytes >= 0x80 and `/` raw. */
function jsonEscape(s: string): string {
  if (!JSON_NEEDS_ESCAPE.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
    else out += s[i];
  }
  return out;
}

export const JSON_LAYOUT: AdListLayout = {
  begin: "",
  open: "[\n",
  between: "\n,\n",
  ad: (attrs) => jsonObject(attrs, 0),
  end: (count) => (count > 0 ? "\n]\n" : ""),
};
