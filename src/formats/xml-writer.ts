/**
 * `condor_status -xml`: the `<?xml ...?>` and DOCTYPE header, `<classads>`, one `<c>` per ad
 * (4-space indent) followed by a blank line, `</classads>`. Values print as HTCondor's XML
 * unparser prints them: `<i> <r> <s> <b v="t"/> <un/> <er/> <at> <rt> <l> <c>`, and `<e>` with
 * the new-syntax text of anything else; `&`, `<` and `>` as entities.
 */
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { escapeString, formatRealExponent, unparse, unparseValue } from "../ast/print.js";
import { nestedAdAttrs, nestedAttrs } from "./attr-order.js";
import type { AdListLayout, PrintedAttrs } from "./writer.js";

/** Printed so that it reads back as the same tree (`x.'a b'` quoted, where HTCondor prints it bare). */
const ROUND_TRIP = { quoteSelectedNames: true } as const;

const HEADER = '<?xml version="1.0"?>\n<!DOCTYPE classads SYSTEM "classads.dtd">\n<classads>\n';

function xmlClassAd(attrs: PrintedAttrs, depth: number): string {
  const pad = "    ".repeat(depth + 1);
  let out = "<c>\n";
  for (const [name, expr] of attrs) {
    out += pad + '<a n="' + xmlEntities(escapeString(name)) + '">' + xmlValue(expr, depth + 1) + "</a>\n";
  }
  return out + "    ".repeat(depth) + "</c>";
}

function xmlValue(expr: Expr, depth: number): string {
  switch (expr.kind) {
    case "literal":
      return xmlLiteral(expr.value, depth);
    case "list":
      return "<l>" + expr.items.map((item) => xmlValue(item, depth)).join("") + "</l>";
    case "record":
      return xmlClassAd(nestedAttrs(expr.attrs), depth);
    default:
      return "<e>" + xmlEntities(unparse(expr, ROUND_TRIP)) + "</e>";
  }
}

function xmlLiteral(value: Value, depth: number): string {
  switch (value.kind) {
    case "int":
      return "<i>" + String(value.v) + "</i>";
    case "real":
      return "<r>" + xmlReal(value.v) + "</r>";
    case "bool":
      return value.v ? '<b v="t"/>' : '<b v="f"/>';
    case "undefined":
      return "<un/>";
    case "error":
      return "<er/>";
    case "string":
      return "<s>" + xmlEntities(unescapeQuotes(escapeString(value.v))) + "</s>";
    case "abstime":
      return "<at>" + xmlEntities(timeBody(unparseValue(value))) + "</at>";
    case "reltime":
      return "<rt>" + xmlEntities(timeBody(unparseValue(value))) + "</rt>";
    case "list":
      return "<l>" + value.items.map((item) => xmlValue(item, depth)).join("") + "</l>";
    case "classad":
      return xmlClassAd(nestedAdAttrs(value.ad), depth);
  }
}

function xmlReal(v: number): string {
  if (v === 0) return "0.0";
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "INF";
  if (v === -Infinity) return "-INF";
  return formatRealExponent(v);
}

/** `absTime("X")` / `relTime("X")` -> `X`. */
function timeBody(text: string): string {
  const open = text.indexOf('"');
  const close = text.lastIndexOf('"');
  return open >= 0 && close > open ? text.slice(open + 1, close) : text;
}

/** XML strings keep new-syntax escapes except for `"`, which is printed bare. */
function unescapeQuotes(escaped: string): string {
  if (escaped.indexOf('\\"') < 0) return escaped;
  let out = "";
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i];
    if (c === "\\" && i + 1 < escaped.length) {
      const next = escaped[i + 1];
      out += next === '"' ? '"' : c + next;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

function xmlEntities(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const XML_LAYOUT: AdListLayout = {
  begin: HEADER,
  open: "",
  between: "",
  ad: (attrs) => xmlClassAd(attrs, 0) + "\n\n",
  end: () => "</classads>\n",
};
