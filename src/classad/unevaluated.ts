/**
 * Ads and lists as plain JS without evaluating them: what `ad.toJS({ expressions: "text" })`,
 * `ad.toJS({ expressions: "keep" })` and `JSON.stringify(ad)` give. A script that wants to see
 * or copy the expressions of a job (its Requirements, not whether they hold) reads these.
 *
 * Expression texts are HTCondor's new-syntax printing with escaped UTF-8 shown as text
 * (`"Jos\303\251"` reads `"José"`; see {@link showUtf8Escapes}).
 *
 * The JSON form is the shape of HTCondor's own JSON ads (`condor_status -json`) once parsed:
 * literals as JSON values (undefined as `null`), lists as arrays, nested ads as objects, and
 * everything else, expressions and the values JSON cannot hold (error, times, integers beyond
 * 2^53, NaN and the infinities, strings that are not UTF-8), as the string `"/Expr(<text>)/"`.
 */
import { unparse as unparseBytes, unparseValue as unparseValueBytes } from "../ast/print.js";
import { byteStringOf, fromByteString } from "../model/bytes.js";
import type { ClassAd } from "../model/classad.js";
import { AbsTime, CLASSAD_ERROR, ClassAdExpression, RelTime, type JSONData, type JSValue } from "../model/js-value.js";
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";

/** Nested lists and ads are followed to this depth; deeper ones, and an ad inside itself, are cut. */
const MAX_DEPTH = 200;

/** How one conversion turns the leaves of an expression tree into JS. */
interface Leaves<T> {
  /** A literal value that is not a list or an ad. */
  value(value: Value): T;
  /** An expression that is not a literal, a list or a record. */
  expression(expr: Expr): T;
  /** What stands for a list or an ad nested too deep or inside itself. */
  readonly cut: T;
}

/** Every attribute of `ad` as its expression text (HTCondor's new-syntax printing, as text). */
export function adTexts(ad: ClassAd): { [name: string]: string } {
  return Object.fromEntries([...ad.entries()].map(([name, expr]) => [fromByteString(name), expressionText(expr)]));
}

/** Every attribute of `ad` with literals as JS values and other expressions as {@link ClassAdExpression}s. */
export function adKept(ad: ClassAd): { [name: string]: JSValue } {
  return new TreeWalk(KEEP).ad(ad, 0);
}

/** The elements of a list value, converted as {@link adKept} converts attributes. */
export function itemsKept(items: readonly Expr[]): JSValue[] {
  return new TreeWalk(KEEP).list(items, 0);
}

/** The elements of a list value as expression texts. */
export function itemsText(items: readonly Expr[]): string[] {
  return items.map(expressionText);
}

/** `ad` in the shape of HTCondor's JSON ads (see the top of this file): what `ad.toJSON()` returns. */
export function adJSON(ad: ClassAd): { [name: string]: JSONData } {
  return new TreeWalk(JSON_LEAVES).ad(ad, 0);
}

/**
 * An expression as HTCondor prints it in new syntax, with the UTF-8 it escapes shown as text:
 * `Owner == "Jos\303\251"` reads `Owner == "José"` (the same expression when parsed again).
 */
function expressionText(expr: Expr): string {
  return showUtf8Escapes(unparseBytes(expr));
}

/** A run of octal escapes, or any other escape (so that `\\303` is not read as an octal escape). */
const ESCAPES = /(?:\\[0-7]{3})+|\\./g;

/**
 * New-syntax text (ASCII) with each run of octal-escaped bytes that is valid UTF-8 replaced by its
 * characters; escaped ASCII bytes (control characters) and invalid UTF-8 stay escaped.
 */
export function showUtf8Escapes(printed: string): string {
  if (!printed.includes("\\")) return printed;
  return printed.replace(ESCAPES, (run) => (/^\\[0-7]/.test(run) ? octalRunText(run) : run));
}

function octalRunText(run: string): string {
  const bytes = run.split("\\").slice(1).map((digits) => parseInt(digits, 8));
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    let end = i;
    while (end < bytes.length && (bytes[end] as number) >= 0x80) end++;
    if (end === i) {
      out += octalEscape(bytes[i++] as number);
      continue;
    }
    const chunk = String.fromCharCode(...bytes.slice(i, end));
    out += isUtf8(chunk) ? fromByteString(chunk) : bytes.slice(i, end).map(octalEscape).join("");
    i = end;
  }
  return out;
}

function octalEscape(byte: number): string {
  return "\\" + byte.toString(8).padStart(3, "0");
}

/** True for a byte string that decodes to text without loss (ASCII or valid UTF-8). */
function isUtf8(bytes: string): boolean {
  return byteStringOf(bytes) === bytes;
}

const KEEP: Leaves<JSValue> = {
  value(value) {
    switch (value.kind) {
      case "undefined":
        return null;
      case "error":
        return CLASSAD_ERROR;
      case "bool":
        return value.v;
      case "int":
        return value.v;
      case "real":
        // `fromJS` reads an integral number as an integer: keep such reals as expressions.
        return Number.isInteger(value.v) ? keptValue(value) : value.v;
      case "string":
        return isUtf8(value.v) ? fromByteString(value.v) : keptValue(value);
      case "abstime":
        return new AbsTime(value.secs, value.offset);
      case "reltime":
        return new RelTime(value.secs);
      default:
        return keptValue(value);
    }
  },
  expression: (expr) => new ClassAdExpression(expr, expressionText(expr)),
  cut: CLASSAD_ERROR,
};

function keptValue(value: Value): ClassAdExpression {
  const tree: Expr = { kind: "literal", value, start: -1, end: -1 };
  return new ClassAdExpression(tree, expressionText(tree));
}

const JSON_LEAVES: Leaves<JSONData> = {
  value(value) {
    switch (value.kind) {
      case "undefined":
        return null;
      case "bool":
        return value.v;
      case "int":
        return typeof value.v === "number" ? value.v : jsonExpr(value);
      case "real":
        return Number.isFinite(value.v) ? value.v : jsonExpr(value);
      case "string":
        return isUtf8(value.v) ? fromByteString(value.v) : jsonExpr(value);
      default:
        return jsonExpr(value);
    }
  },
  expression: (expr) => "/Expr(" + expressionText(expr) + ")/",
  cut: null,
};

function jsonExpr(value: Value): string {
  return "/Expr(" + showUtf8Escapes(unparseValueBytes(value)) + ")/";
}

/** One conversion: the ads on the path from the top (so an ad inside itself is cut, not followed). */
class TreeWalk<T> {
  private readonly path = new Set<ClassAd>();

  constructor(private readonly leaves: Leaves<T>) {}

  ad(ad: ClassAd, depth: number): { [name: string]: T } {
    return this.attrs(ad.entries(), ad, depth);
  }

  list(items: readonly Expr[], depth: number): T[] {
    return items.map((item) => this.expr(item, depth + 1));
  }

  private attrs(entries: Iterable<readonly [string, Expr]>, ad: ClassAd | null, depth: number): { [name: string]: T } {
    if (ad !== null) this.path.add(ad);
    const out: [string, T][] = [];
    for (const [name, expr] of entries) out.push([fromByteString(name), this.expr(expr, depth + 1)]);
    if (ad !== null) this.path.delete(ad);
    // Object.fromEntries defines own properties, so a name like "__proto__" stays plain data.
    return Object.fromEntries(out);
  }

  private expr(expr: Expr, depth: number): T {
    switch (expr.kind) {
      case "literal":
        return this.literal(expr.value, depth);
      case "list":
        return depth > MAX_DEPTH ? this.leaves.cut : (this.list(expr.items, depth) as T);
      case "record":
        return depth > MAX_DEPTH ? this.leaves.cut : (this.attrs(expr.attrs.map((a) => [a.name, a.expr] as const), null, depth) as T);
      default:
        return this.leaves.expression(expr);
    }
  }

  private literal(value: Value, depth: number): T {
    if (value.kind === "list") return depth > MAX_DEPTH ? this.leaves.cut : (this.list(value.items, depth) as T);
    if (value.kind === "classad") {
      if (depth > MAX_DEPTH || this.path.has(value.ad)) return this.leaves.cut;
      return this.ad(value.ad, depth) as T;
    }
    return this.leaves.value(value);
  }
}
