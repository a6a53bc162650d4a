/**
 * The distinct lines a projecting read kept (`Name = value`, as written), each parsed once, on
 * first use, and shared by every ad that holds it. Plain literals (`12`, `"text"`, `true`), most
 * of what a dump repeats with new figures, are recognised without the parser; other values are
 * parsed once per distinct text.
 */
import type { StoredAttr } from "../classad/attr-source.js";
import type { Expr, LiteralNode } from "../model/nodes.js";
import { ERROR, FALSE, TRUE, UNDEFINED, intValue, stringValue, type Value } from "../model/value.js";
import { parseAttrText } from "../parser/index.js";
import { checkValueText } from "./value-check.js";
import { describeParseError } from "./long-reader.js";

/** A kept line as an ad's attribute: its value text, its expression once parsed, its line id. */
export interface KeptAttr extends StoredAttr {
  readonly id: number;
  readonly spelling: string;
  /** 1-based column of the value in its line. */
  readonly valueColumn: number;
}

/** Why a kept value does not parse: the message and the 1-based column in its line. */
export interface LineProblem {
  readonly message: string;
  readonly column: number;
  /** True when the full reader would have parsed the value at load and dropped its ad. */
  readonly dropsAd: boolean;
}

export class KeptLines {
  private readonly texts: string[] = [""];
  private readonly attrs: (KeptAttr | undefined)[] = [undefined];
  private readonly exprs: (Expr | undefined)[] = [undefined];
  private readonly problems = new Map<number, LineProblem>();
  /** Parsed trees by value text (values shared by lines of different names, or spelled differently). */
  private readonly parsed = new Map<string, Expr>();
  private parsedCount = 0;

  /** Number of line ids handed out (ids run from 1). */
  get size(): number {
    return this.texts.length - 1;
  }

  /** Values that went through the parser (plain literals are counted in `literals`). */
  get parserCalls(): number {
    return this.parsed.size;
  }

  /** Values read, by the parser or as plain literals. */
  get valuesParsed(): number {
    return this.parsedCount;
  }

  /** Adds lines (texts as written); returns the id of the first. */
  addTexts(texts: readonly string[], from = 0): number {
    const first = this.texts.length;
    for (let i = from; i < texts.length; i++) {
      this.texts.push(texts[i] as string);
      this.attrs.push(undefined);
      this.exprs.push(undefined);
    }
    return first;
  }

  /** Adds an attribute already parsed (from an ad read whole); returns its id. */
  addParsed(spelling: string, expr: Expr): number {
    const id = this.texts.length;
    this.texts.push("");
    this.exprs.push(expr);
    this.attrs.push({ id, spelling, text: "", syntax: "old", expr, valueColumn: 0 });
    return id;
  }

  /** The line as an attribute (its expression filled once parsed). */
  attr(id: number): KeptAttr {
    let attr = this.attrs[id];
    if (attr === undefined) {
      const text = this.texts[id] as string;
      const eq = text.indexOf("=");
      let nameEnd = eq;
      while (nameEnd > 0 && text.charCodeAt(nameEnd - 1) === 32) nameEnd--;
      let v = eq + 1;
      while (v < text.length && text.charCodeAt(v) === 32) v++;
      attr = { id, spelling: text.slice(0, nameEnd), text: text.slice(v), syntax: "old", expr: this.exprs[id] ?? null, valueColumn: v + 1 };
      this.attrs[id] = attr;
    }
    return attr;
  }

  /** The parsed value of a line (an `error` literal when it does not parse: see {@link problem}). */
  expr(id: number): Expr {
    const known = this.exprs[id];
    if (known !== undefined) return known;
    const attr = this.attr(id);
    let expr = plainLiteral(attr.text) ?? this.parsed.get(attr.text);
    if (expr === undefined) {
      try {
        expr = parseAttrText(attr.text, "old");
      } catch (err) {
        const { message, offset } = describeParseError(err);
        const check = checkValueText(attr.text, "old");
        this.problems.set(id, { message, column: attr.valueColumn + offset, dropsAd: check.kind !== "ok" });
        expr = ERROR_LITERAL;
      }
      if (expr !== ERROR_LITERAL) this.parsed.set(attr.text, expr);
    }
    this.parsedCount++;
    this.exprs[id] = expr;
    // A value with a problem keeps asking its owner (who reports the problem once).
    if (!this.problems.has(id)) this.attrs[id] = { ...attr, expr };
    return expr;
  }

  /**
   * Parses the value now when the full reader would (text whose shape is in doubt), so that an
   * ad it would drop is known at load.
   */
  checkNow(id: number): void {
    if (this.exprs[id] !== undefined) return;
    if (checkValueText(this.attr(id).text, "old").kind !== "ok") this.expr(id);
  }

  /** Why the line's value does not parse, after {@link expr}; undefined when it does. */
  problem(id: number): LineProblem | undefined {
    return this.problems.get(id);
  }
}

const ERROR_LITERAL: LiteralNode = { kind: "literal", value: ERROR, start: -1, end: -1 };

const KEYWORDS: ReadonlyMap<string, Value> = new Map<string, Value>([
  ["true", TRUE],
  ["false", FALSE],
  ["undefined", UNDEFINED],
]);

/**
 * The literal a value's text is when it is a plain one, else null (the parser decides): a
 * decimal integer of at most 15 digits (no leading zero), a string without backslashes or control
 * bytes, or `true`/`false`/`undefined`; trailing blanks allowed. Gives the parser's own node
 * (positions included).
 */
export function plainLiteral(text: string): LiteralNode | null {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end === 0) return null;
  const first = text.charCodeAt(0);
  if (first === 34) {
    if (text.charCodeAt(end - 1) !== 34 || end < 2) return null;
    for (let i = 1; i < end - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 || c === 92 || c < 32 || c === 127) return null;
    }
    return { kind: "literal", value: stringValue(text.slice(1, end - 1)), start: 0, end };
  }
  const digitsFrom = first === 45 ? 1 : 0;
  const digits = end - digitsFrom;
  if (digits >= 1 && digits <= 15) {
    let i = digitsFrom;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === end) {
      if (text.charCodeAt(digitsFrom) === 48 && (digits > 1 || digitsFrom === 1)) return null;
      return { kind: "literal", value: intValue(Number(text.slice(0, end))), start: 0, end };
    }
  }
  const keyword = KEYWORDS.get(text.slice(0, end));
  return keyword === undefined ? null : { kind: "literal", value: keyword, start: 0, end };
}
