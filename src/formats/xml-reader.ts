/**
 * One XML ad (`<c>` ... `</c>`) as HTCondor's XML source reads it (`xmlSource.cpp`): `<a n="...">`
 * attributes holding one value tag each: `<i>` integer (unreadable text gives `error`), `<r>` real
 * (`NaN`, `INF` accepted), `<s>` string (entities `&amp; &lt; &gt;` then new-syntax escapes),
 * `<b v="t"/>` boolean, `<un/>`, `<er/>`, `<at>`/`<rt>` times, `<l>` list, `<c>` nested ad,
 * `<e>` expression (new syntax). Unknown tags are skipped. Text between the elements of an ad
 * other than white space is an error of the ad (HTCondor ignores it in some places and fails or
 * loops in others; see docs/quirks.md).
 */
import { foldName } from "../model/names.js";
import { literal } from "../ast/build.js";
import type { Expr, RecordAttr } from "../model/nodes.js";
import { ClassAd } from "../classad/classad.js";
import { ERROR, FALSE, TRUE, UNDEFINED, intValue, realValue, relTimeValue, stringValue } from "../model/value.js";
import { convertEscapes } from "../lexer/literals.js";
import { DEFAULT_MAX_TOKENS, parseExpression } from "../parser/index.js";
import { describeParseError } from "./long-reader.js";

export class XmlAdError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "XmlAdError";
  }
}

interface Tag {
  /** Tag name without `/`, e.g. `a`, `c`. */
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attrs: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Deepest nesting of values accepted (docs/security.md): a nested ad or list at level n, the ad
 * itself being level 0, is read while n <= MAX_DEPTH, so the reader's recursion stays bounded.
 */
const MAX_DEPTH = 256;

/** Decodes the three entities HTCondor's XML lexer knows. */
export function decodeXmlEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === "amp" ? "&" : name === "lt" ? "<" : ">"));
}

export function parseXmlAd(text: string): ClassAd {
  const reader = new XmlReader(text);
  const open = reader.tag(reader.nextTagStart(0));
  if (open.name !== "c" || open.closing) throw new XmlAdError("expected `<c>`", open.start);
  const ad = new ClassAd();
  if (open.selfClosing) return ad;
  const { attrs } = reader.adBody(open.end, 0);
  for (const attr of attrs) ad.set(attr.name, attr.expr);
  return ad;
}

/**
 * Most tags in one ad: lists are built here, not by the parser, so the parser's token limit is
 * applied to the tags (a list element is two).
 */
const MAX_TAGS = DEFAULT_MAX_TOKENS;

class XmlReader {
  private tags = 0;
  constructor(private readonly text: string) {}

  /** The next `<` at or after `from`; only white space may come before it. */
  nextTagStart(from: number): number {
    const at = this.text.indexOf("<", from);
    if (at < 0) throw new XmlAdError("unexpected end of the ad", this.text.length);
    for (let i = from; i < at; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) throw strayText(c, i);
    }
    return at;
  }

  tag(at: number): Tag {
    if (++this.tags > MAX_TAGS) throw new XmlAdError(`ad of more tags than the limit of ${MAX_TAGS}`, at);
    const close = this.text.indexOf(">", at);
    if (close < 0) throw new XmlAdError("unterminated tag", at);
    let inner = this.text.slice(at + 1, close);
    const closing = inner.startsWith("/");
    if (closing) inner = inner.slice(1);
    const selfClosing = inner.endsWith("/");
    if (selfClosing) inner = inner.slice(0, -1);
    const space = inner.search(/\s/);
    const name = space < 0 ? inner : inner.slice(0, space);
    return { name, closing, selfClosing, attrs: space < 0 ? "" : inner.slice(space), start: at, end: close + 1 };
  }

  /** Attributes of an ad up to its `</c>`. */
  adBody(from: number, depth: number): { attrs: RecordAttr[]; end: number } {
    if (depth > MAX_DEPTH) throw new XmlAdError("ads nested too deeply", from);
    const attrs: RecordAttr[] = [];
    const byName = new Map<string, number>();
    let i = from;
    for (;;) {
      const tag = this.tag(this.nextTagStart(i));
      i = tag.end;
      if (tag.closing && tag.name === "c") return { attrs, end: i };
      if (tag.name !== "a" || tag.closing) continue; // unknown tags are skipped
      const name = decodeXmlEntities(attribute(tag.attrs, "n") ?? "");
      if (tag.selfClosing) continue;
      const value = this.value(i, depth);
      i = value.end;
      const after = this.tag(this.nextTagStart(i));
      if (!(after.closing && after.name === "a")) throw new XmlAdError("expected `</a>`", after.start);
      i = after.end;
      if (name === "" || value.expr === null) continue;
      const lower = foldName(name);
      const existing = byName.get(lower);
      if (existing === undefined) {
        byName.set(lower, attrs.length);
        attrs.push({ name, expr: value.expr });
      } else {
        attrs[existing] = { name: attrs[existing]!.name, expr: value.expr };
      }
    }
  }

  /**
   * The value tag at or after `from`, inside a container at level `depth`; `expr` null when the
   * attribute holds no value tag.
   */
  value(from: number, depth: number): { expr: Expr | null; end: number } {
    const start = this.nextTagStart(from);
    const tag = this.tag(start);
    if (tag.closing) return { expr: null, end: start };
    switch (tag.name) {
      case "un":
        return this.simple(tag, literal(UNDEFINED));
      case "er":
        return this.simple(tag, literal(ERROR));
      case "b": {
        const v = attribute(tag.attrs, "v");
        return this.simple(tag, literal(v === "t" || v === "T" ? TRUE : FALSE));
      }
      case "c": {
        if (tag.selfClosing) return { expr: { kind: "record", attrs: [], start: -1, end: -1 }, end: tag.end };
        const { attrs, end } = this.adBody(tag.end, depth + 1);
        return { expr: { kind: "record", attrs, start: -1, end: -1 }, end };
      }
      case "l":
        return this.list(tag, depth + 1);
      default: {
        const { content, end } = this.content(tag);
        return { expr: scalar(tag.name, content, tag.start), end };
      }
    }
  }

  private simple(tag: Tag, expr: Expr): { expr: Expr; end: number } {
    if (tag.selfClosing) return { expr, end: tag.end };
    const { end } = this.content(tag);
    return { expr, end };
  }

  private list(tag: Tag, depth: number): { expr: Expr; end: number } {
    const items: Expr[] = [];
    if (tag.selfClosing) return { expr: { kind: "list", items, start: -1, end: -1 }, end: tag.end };
    if (depth > MAX_DEPTH) throw new XmlAdError("lists nested too deeply", tag.start);
    let i = tag.end;
    for (;;) {
      const next = this.tag(this.nextTagStart(i));
      if (next.closing && next.name === "l") return { expr: { kind: "list", items, start: -1, end: -1 }, end: next.end };
      const item = this.value(i, depth);
      if (item.expr === null) throw new XmlAdError("expected a value in a list", next.start);
      items.push(item.expr);
      i = item.end;
    }
  }

  /** Text content up to the matching closing tag (raw, entities not decoded). */
  private content(tag: Tag): { content: string; end: number } {
    if (tag.selfClosing) return { content: "", end: tag.end };
    const closing = `</${tag.name}>`;
    const at = this.text.indexOf(closing, tag.end);
    if (at < 0) throw new XmlAdError(`missing ${closing}`, tag.start);
    return { content: this.text.slice(tag.end, at), end: at + closing.length };
  }
}

/** Text where only elements may be: a fault, never skipped (binary junk or a broken tag). */
function strayText(code: number, offset: number): XmlAdError {
  const shown = code >= 0x21 && code < 0x7f ? `'${String.fromCharCode(code)}'` : `byte 0x${code.toString(16).padStart(2, "0")}`;
  return new XmlAdError(`text between elements (${shown}), where only white space may be`, offset);
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return match?.[1];
}

/** C0 controls XML does not allow in text (all but tab, newline and carriage return). */
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;

function scalar(tagName: string, raw: string, offset: number): Expr {
  const forbidden = XML_FORBIDDEN.exec(raw);
  if (forbidden !== null) {
    // A NUL read into a string could not be written again; XML allows none of these.
    throw new XmlAdError(`binary data (byte 0x${forbidden[0].charCodeAt(0).toString(16).padStart(2, "0")}) in <${tagName}>`, offset + forbidden.index);
  }
  const text = decodeXmlEntities(raw);
  switch (tagName) {
    case "i": {
      const match = /^\s*([-+]?\d+)/.exec(text);
      if (!match) return literal(ERROR);
      const big = BigInt(match[1]!);
      if (big < -(2n ** 63n) || big > 2n ** 63n - 1n) return literal(ERROR);
      return literal(intValue(big));
    }
    case "r":
      return literal(realFromText(text));
    case "s": {
      const value = convertEscapes(text);
      if (value === null) throw new XmlAdError("string escape yields a NUL byte", offset);
      return literal(stringValue(value));
    }
    case "at":
      return timeLiteral(`absTime("${text}")`, offset);
    case "rt": {
      const parsed = timeLiteral(`relTime("${text}")`, offset);
      if (parsed.kind === "literal" && parsed.value.kind === "real") return literal(relTimeValue(parsed.value.v));
      return parsed;
    }
    case "e":
      try {
        // HTCondor parses <e> text without requiring it to end there (full=false).
        return parseExpression(text, { full: false });
      } catch (err) {
        throw new XmlAdError(`bad expression: ${describeParseError(err).message}`, offset);
      }
    default:
      return literal(UNDEFINED);
  }
}

/** `strtod` as HTCondor's XML source applies it: no digits gives `error`. */
function realFromText(text: string): ReturnType<typeof literal>["value"] {
  const match = /^\s*([-+]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))/i.exec(text);
  if (!match) return ERROR;
  const image = match[1]!.toLowerCase();
  if (image.includes("nan")) return realValue(NaN);
  if (image.includes("inf")) return realValue(image.startsWith("-") ? -Infinity : Infinity);
  return realValue(Number(image));
}

function timeLiteral(source: string, offset: number): Expr {
  try {
    return parseExpression(source);
  } catch (err) {
    throw new XmlAdError(`bad time value: ${describeParseError(err).message}`, offset);
  }
}
