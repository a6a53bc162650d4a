/**
 * Writers that print ads byte for byte as HTCondor's tools do:
 * - `long`: `condor_status -long` (`Name = old-syntax value` lines, a blank line after each ad);
 * - `new`: `-long:new` (`{`, one `[ ... ]` per line, a `,` line between ads, `}`);
 * - `json`: `-json` (`[`, pretty objects, a `,` line between ads, `]`);
 * - `xml`: `-xml` (header, one `<c>` per ad followed by a blank line, `</classads>`).
 * Top-level attributes are sorted case-insensitively and private ones left out (unless
 * `keepPrivate`); nested ads print in HTCondor's storage order.
 */
import type { Expr, LiteralNode } from "../model/nodes.js";
import type { ClassAd } from "../classad/classad.js";
import type { Value } from "../model/value.js";
import { nestedAttrs, topLevelAttrs } from "./attr-order.js";
import type { AdFormat } from "./reader-types.js";
import { attrNameText, escapedStringBody, exprText, realExponentText, realShortText, valueText } from "./unparse-glue.js";

export interface WriterOptions {
  /** Print private attributes (ClaimId, Capability, `_condor_priv*`, ...) too. */
  readonly keepPrivate?: boolean;
}

/**
 * Incremental writer: `begin()`, `ad()` per ad, `end()`; each returns the text to output.
 */
export class AdWriter {
  private count = 0;
  private readonly keepPrivate: boolean;

  constructor(
    readonly format: AdFormat,
    options: WriterOptions = {},
  ) {
    this.keepPrivate = options.keepPrivate === true;
  }

  /** The header (XML only: the JSON and new-format lists open with their first ad, as condor_status's do). */
  begin(): string {
    switch (this.format) {
      case "xml":
        return '<?xml version="1.0"?>\n<!DOCTYPE classads SYSTEM "classads.dtd">\n<classads>\n';
      default:
        return "";
    }
  }

  ad(ad: ClassAd): string {
    const attrs = topLevelAttrs(ad, this.keepPrivate);
    const first = this.count++ === 0;
    switch (this.format) {
      case "long":
        return longAd(attrs);
      case "new":
        return (first ? "{\n" : "\n,\n") + newAd(attrs);
      case "json":
        return (first ? "[\n" : "\n,\n") + jsonAd(attrs);
      case "xml":
        return xmlAd(attrs) + "\n\n";
    }
  }

  end(): string {
    switch (this.format) {
      // No ads, no list: condor_status prints nothing at all.
      case "json":
        return this.count > 0 ? "\n]\n" : "";
      case "new":
        return this.count > 0 ? "\n}\n" : "";
      case "xml":
        return "</classads>\n";
      default:
        return "";
    }
  }
}

/** All ads in one format, as one byte string. */
export function formatAds(ads: Iterable<ClassAd>, format: AdFormat, options: WriterOptions = {}): string {
  const writer = new AdWriter(format, options);
  const parts = [writer.begin()];
  for (const ad of ads) parts.push(writer.ad(ad));
  parts.push(writer.end());
  return parts.join("");
}

// ---- long ----

function longAd(attrs: ReadonlyArray<[string, Expr]>): string {
  let out = "";
  for (const [name, expr] of attrs) out += name + " = " + exprText(expr, true) + "\n";
  return out + "\n";
}

// ---- new ----

function newAd(attrs: ReadonlyArray<[string, Expr]>): string {
  if (attrs.length === 0) return "[  ]";
  return "[ " + attrs.map(([name, expr]) => attrNameText(name) + " = " + exprText(expr, false)).join("; ") + " ]";
}

// ---- JSON ----

function jsonAd(attrs: ReadonlyArray<[string, Expr]>): string {
  return jsonObject(attrs, 0);
}

function indent(depth: number): string {
  return "  ".repeat(depth);
}

function jsonObject(attrs: ReadonlyArray<readonly [string, Expr]>, depth: number): string {
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
      return jsonObject(
        nestedAttrs(expr.attrs).map((attr) => [attr.name, attr.expr] as const),
        depth,
      );
    default:
      return jsonExpr(exprText(expr, false));
  }
}

function jsonLiteral(node: LiteralNode, depth: number): string {
  const value = node.value;
  switch (value.kind) {
    case "int":
      return String(value.v);
    case "real":
      if (!Number.isFinite(value.v)) return jsonExpr(valueText(value));
      return realShortText(value.v);
    case "bool":
      return value.v ? "true" : "false";
    case "undefined":
      return "null";
    case "string":
      return jsonString(value.v);
    case "list":
      return jsonValue({ kind: "list", items: value.items, start: -1, end: -1 }, depth);
    case "classad":
      return jsonObject(nestedOrder(value.ad), depth);
    default:
      return jsonExpr(valueText(value));
  }
}

function nestedOrder(ad: ClassAd): Array<readonly [string, Expr]> {
  const attrs = [...ad.entries()].map(([name, expr]) => ({ name, expr }));
  return nestedAttrs(attrs).map((attr) => [attr.name, attr.expr] as const);
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

// ---- XML ----

function xmlAd(attrs: ReadonlyArray<readonly [string, Expr]>): string {
  return xmlClassAd(attrs, 0);
}

function xmlClassAd(attrs: ReadonlyArray<readonly [string, Expr]>, depth: number): string {
  const pad = "    ".repeat(depth + 1);
  let out = "<c>\n";
  for (const [name, expr] of attrs) {
    out += pad + '<a n="' + xmlEntities(escapedStringBody(name)) + '">' + xmlValue(expr, depth + 1) + "</a>\n";
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
      return xmlClassAd(
        nestedAttrs(expr.attrs).map((attr) => [attr.name, attr.expr] as const),
        depth,
      );
    default:
      return "<e>" + xmlEntities(exprText(expr, false)) + "</e>";
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
      return "<s>" + xmlEntities(unescapeQuotes(escapedStringBody(value.v))) + "</s>";
    case "abstime":
      return "<at>" + xmlEntities(timeBody(valueText(value))) + "</at>";
    case "reltime":
      return "<rt>" + xmlEntities(timeBody(valueText(value))) + "</rt>";
    case "list":
      return "<l>" + value.items.map((item) => xmlValue(item, depth)).join("") + "</l>";
    case "classad":
      return xmlClassAd(nestedOrder(value.ad), depth);
  }
}

function xmlReal(v: number): string {
  if (v === 0) return "0.0";
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "INF";
  if (v === -Infinity) return "-INF";
  return realExponentText(v);
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
