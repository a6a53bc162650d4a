/**
 * One JSON ad as HTCondor's JSON source reads it (`jsonSource.cpp`): an object of `"name": value`
 * where numbers are ClassAd numbers, `null` is undefined, `true`/`false` (any case) booleans,
 * arrays lists, objects nested ads, and a string whose raw text is `\/Expr(...)\/` an expression
 * (new syntax). Repeated and trailing commas between members are accepted, as HTCondor does;
 * duplicate keys keep the last value and the first spelling.
 *
 * Strings and numbers are scanned by the lexer's own JSON-mode functions.
 */
import { foldName } from "../model/names.js";
import { literal } from "../ast/build.js";
import type { Expr, RecordAttr } from "../model/nodes.js";
import { ClassAd } from "../classad/classad.js";
import { FALSE, TRUE, UNDEFINED, stringValue } from "../model/value.js";
import { isCSpace } from "../model/c-types.js";
import { scanNumber, scanString } from "../lexer/literals.js";
import { DEFAULT_MAX_TOKENS, parseExpression } from "../parser/index.js";
import { tokenLimitOffset } from "../lexer/index.js";
import { describeParseError } from "./long-reader.js";

/** A JSON syntax problem at `offset` in the ad's text. */
export class JsonAdError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonAdError";
  }
}

const EXPR_PREFIX = /^\/expr\(/i;

/** Parses one JSON object into an ad. Throws {@link JsonAdError}. */
export function parseJsonAd(text: string): ClassAd {
  // Arrays are built here, not by the parser: the parser's token limit bounds the ad as a whole.
  const over = tokenLimitOffset(text, "json", DEFAULT_MAX_TOKENS);
  if (over >= 0) throw new JsonAdError(`ad of more tokens than the limit of ${DEFAULT_MAX_TOKENS}`, over);
  const reader = new JsonReader(text);
  const start = reader.skip(0);
  const { attrs, end } = reader.object(start, 0);
  const rest = reader.skip(end);
  if (rest < text.length) throw new JsonAdError("unexpected text after the JSON object", rest);
  const ad = new ClassAd();
  for (const attr of attrs) ad.set(attr.name, attr.expr);
  return ad;
}

/**
 * Deepest nesting of values accepted (docs/security.md): a nested ad or list at level n, the ad
 * itself being level 0, is read while n <= MAX_DEPTH, so the reader's recursion stays bounded.
 */
const MAX_DEPTH = 256;

class JsonReader {
  constructor(private readonly text: string) {}

  /** Skips white space and comments; returns the next offset. */
  skip(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
      if (text.startsWith("//", i)) {
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? text.length : nl + 1;
      } else if (text.startsWith("/*", i)) {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) throw new JsonAdError("unterminated comment", i);
        i = close + 2;
      } else {
        return i;
      }
    }
  }

  object(at: number, depth: number): { attrs: RecordAttr[]; end: number } {
    const text = this.text;
    if (text.charCodeAt(at) !== 0x7b) throw new JsonAdError("expected `{` to start an ad", at);
    if (depth > MAX_DEPTH) throw new JsonAdError("ads nested too deeply", at);
    const byName = new Map<string, number>();
    const attrs: RecordAttr[] = [];
    let i = at + 1;
    for (;;) {
      i = this.skip(i);
      const c = text.charCodeAt(i);
      if (c === 0x7d) return { attrs, end: i + 1 };
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c !== 0x22) throw new JsonAdError(i >= text.length ? "unterminated object" : "expected a quoted attribute name", i);
      const key = scanString(text, i, true);
      if (key.kind === "error") throw new JsonAdError("bad attribute name string", i);
      i = this.skip(key.end);
      if (text.charCodeAt(i) !== 0x3a) throw new JsonAdError("expected `:` after the attribute name", i);
      const value = this.value(this.skip(i + 1), depth + 1);
      const lower = foldName(key.value);
      const existing = byName.get(lower);
      if (existing === undefined) {
        byName.set(lower, attrs.length);
        attrs.push({ name: key.value, expr: value.expr });
      } else {
        attrs[existing] = { name: attrs[existing]!.name, expr: value.expr };
      }
      i = this.skip(value.end);
      const after = text.charCodeAt(i);
      if (after !== 0x2c && after !== 0x7d) throw new JsonAdError("expected `,` or `}` after a value", i);
    }
  }

  value(at: number, depth: number): { expr: Expr; end: number } {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 0x7b) {
      const { attrs, end } = this.object(at, depth);
      return { expr: { kind: "record", attrs, start: -1, end: -1 }, end };
    }
    if (c === 0x5b) return this.array(at, depth);
    if (c === 0x22) return this.string(at);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x2e) {
      const scan = scanNumber(text, at);
      if (scan.kind === "number") return { expr: literal(scan.value), end: scan.end };
      throw new JsonAdError("bad number", at);
    }
    const word = /^[A-Za-z_]+/.exec(text.slice(at, at + 16))?.[0] ?? "";
    const lower = word.toLowerCase();
    if (lower === "true") return { expr: literal(TRUE), end: at + 4 };
    if (lower === "false") return { expr: literal(FALSE), end: at + 5 };
    if (word === "null") return { expr: literal(UNDEFINED), end: at + 4 };
    throw new JsonAdError(at >= text.length ? "unexpected end of the ad" : "expected a JSON value", at);
  }

  private array(at: number, depth: number): { expr: Expr; end: number } {
    const text = this.text;
    if (depth > MAX_DEPTH) throw new JsonAdError("lists nested too deeply", at);
    const items: Expr[] = [];
    let i = this.skip(at + 1);
    if (text.charCodeAt(i) === 0x5d) return { expr: { kind: "list", items, start: -1, end: -1 }, end: i + 1 };
    for (;;) {
      const item = this.value(i, depth + 1);
      items.push(item.expr);
      i = this.skip(item.end);
      const c = text.charCodeAt(i);
      if (c === 0x5d) return { expr: { kind: "list", items, start: -1, end: -1 }, end: i + 1 };
      if (c !== 0x2c) throw new JsonAdError("expected `,` or `]` in a list", i);
      i = this.skip(i + 1);
    }
  }

  private string(at: number): { expr: Expr; end: number } {
    const scan = scanString(this.text, at, true);
    if (scan.kind === "error") {
      throw new JsonAdError(scan.problem === "unterminated" ? "unterminated string" : "bad escape in a string", at);
    }
    const value = scan.value;
    if (scan.quotedExpr && EXPR_PREFIX.test(value) && value.endsWith(")/")) {
      const source = value.slice(6, -2);
      try {
        return { expr: parseExpression(source), end: scan.end };
      } catch (err) {
        const { message } = describeParseError(err);
        throw new JsonAdError(`bad expression in \\/Expr(...)\\/: ${message}`, at);
      }
    }
    return { expr: literal(stringValue(value)), end: scan.end };
  }
}
