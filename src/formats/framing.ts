/**
 * Cutting a stream of new-format, JSON or XML text into one text per ad, without parsing it.
 *
 * Framers keep only the text of the ad in progress, so memory does not grow with the input.
 * They track the line of each ad's first character for fault positions.
 */
import type { AdFormat } from "./reader-types.js";

/** One ad's text with the line and column (1-based) where it starts in the source. */
export interface AdText {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /**
   * Set when the framer found this ad broken (it never ends, or text follows its end before the
   * next separator): the reason, reported as a fault of this ad, which is left out.
   */
  readonly broken?: string;
  /** True when the broken ad is one that never ends (else it ended too early). */
  readonly unterminated?: boolean;
}

/** Text outside any ad that is not framing (reported by the caller). */
export interface StrayText {
  readonly line: number;
  readonly column: number;
  readonly sample: string;
}

export interface Framer {
  /** Adds text; returns the ads completed by it. */
  feed(text: string, stray: (s: StrayText) => void): AdText[];
  /** End of input: the ads still held, an unfinished one marked broken. */
  end(): AdText[];
}

export function createFramer(format: Exclude<AdFormat, "long">): Framer {
  return format === "xml" ? new XmlFramer() : new BracketFramer(format);
}

/**
 * What both framers share: the text kept since the start of the ad in progress (earlier text is
 * dropped as new text arrives), the line count, and the position of the ad being cut.
 */
abstract class TextFramer implements Framer {
  protected buffer = "";
  protected pos = 0;
  protected line = 1;
  protected lineStart = 0;
  protected depth = 0;
  protected adStart = -1;
  protected adLine = 0;
  protected adColumn = 0;

  abstract feed(text: string, stray: (s: StrayText) => void): AdText[];

  /** Drops the text no ad needs any more, appends `text`, and returns the buffer to scan. */
  protected append(text: string): string {
    const keepFrom = this.adStart >= 0 ? this.adStart : this.pos;
    if (keepFrom > 0) {
      this.buffer = this.buffer.slice(keepFrom);
      this.pos -= keepFrom;
      this.lineStart -= keepFrom;
      if (this.adStart >= 0) this.adStart -= keepFrom;
    }
    this.buffer += text;
    return this.buffer;
  }

  /** Marks offset `at` of the buffer as the first character of an ad. */
  protected startAd(at: number): void {
    this.adStart = at;
    this.adLine = this.line;
    this.adColumn = at - this.lineStart + 1;
  }

  end(): AdText[] {
    if (this.adStart < 0) return [];
    const text = this.buffer.slice(this.adStart);
    this.adStart = -1;
    return [{ text, line: this.adLine, column: this.adColumn, broken: "the input ends inside this ad", unterminated: true }];
  }
}

/**
 * New-format (`[ ... ]` ads, optionally inside `{ ..., ... }`) and JSON (`{ ... }` objects,
 * optionally inside `[ ..., ... ]`, or one per line) framing by bracket depth, skipping strings.
 *
 * Two ways a broken ad is found without losing the next ones: an ad opener at the start of a line
 * right after a line holding only `,` (the separator HTCondor writes between ads) while the ad in
 * progress is still open at its top level (a lost `]`/`}`, or a string never closed) starts the next
 * ad, and so does the whole boundary HTCondor writes (JSON: `,` and `{` each alone on its line;
 * new format: a `,` line, then a line starting with `[`) at any depth or quote
 * state (a value inside the ad lost its closing bracket or quote: HTCondor indents everything
 * inside a JSON ad and writes each new-format ad on one line, so this never splits what it wrote); and text after an ad's end before the next separator (a stray `}` or `]` ended it early)
 * makes that ad broken, the rest of its text skipped up to the next ad.
 */
class BracketFramer extends TextFramer {
  private quote = 0;
  private escaped = false;
  private readonly opener: number;
  /** Characters allowed between ads: white space and the list's own punctuation. */
  private readonly framing: ReadonlySet<number>;
  /** The last ad read, held until what follows it shows it really ended there. */
  private held: AdText | null = null;
  /** Skipping the rest of a broken ad's text (no stray-text faults for it). */
  private skipping = false;

  constructor(private readonly format: "new" | "json") {
    super();
    this.opener = format === "new" ? 0x5b /* [ */ : 0x7b /* { */;
    this.framing = new Set(format === "new" ? [0x7b, 0x7d, 0x2c, 0x3b] : [0x5b, 0x5d, 0x2c]);
  }

  feed(text: string, stray: (s: StrayText) => void): AdText[] {
    const buf = this.append(text);
    const out: AdText[] = [];
    const length = buf.length;
    let i = this.pos;
    for (; i < length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
      }
      if (this.adStart < 0) {
        if (c === 32 || (c >= 9 && c <= 13)) continue;
        if (c === this.opener || this.framing.has(c)) {
          // A `;` between ads is allowed but does not show the ad before it ended there.
          if (c !== 0x3b) this.release(out);
          this.skipping = false;
          if (c === this.opener) {
            this.startAd(i);
            this.depth = 1;
          }
          continue;
        }
        const end = lineEnd(buf, i);
        if (this.held !== null) {
          out.push({ ...this.held, broken: `text after the end of this ad: ${JSON.stringify(buf.slice(i, Math.min(end, i + 40)))}` });
          this.held = null;
          this.skipping = true;
        } else if (!this.skipping) {
          stray({ line: this.line, column: i - this.lineStart + 1, sample: buf.slice(i, Math.min(end, i + 40)) });
        }
        if (end >= length) {
          i = length;
          break;
        }
        i = end - 1;
        continue;
      }
      if (c === this.opener && (this.quote !== 0 || i > this.adStart) && (this.depth === 1 || opensAdLine(buf, i, this.format))) {
        const comma = separatorBefore(buf, i, this.adStart);
        if (comma >= 0) {
          out.push({ text: buf.slice(this.adStart, comma), line: this.adLine, column: this.adColumn, broken: "this ad never ends: the next ad starts after a `,` line", unterminated: true });
          this.quote = 0;
          this.escaped = false;
          this.depth = 1;
          this.startAd(i);
          continue;
        }
      }
      if (this.quote !== 0) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === this.quote) this.quote = 0;
        continue;
      }
      if (c === 0x22 || (c === 0x27 && this.format === "new")) this.quote = c;
      // Parentheses are not counted: a broken expression such as `(1 + ]` then still ends its ad.
      else if (c === 0x5b || c === 0x7b) this.depth++;
      else if (c === 0x5d || c === 0x7d) {
        this.depth--;
        if (this.depth === 0) {
          this.held = { text: buf.slice(this.adStart, i + 1), line: this.adLine, column: this.adColumn };
          this.adStart = -1;
        }
      }
    }
    this.pos = i;
    return out;
  }

  override end(): AdText[] {
    const out: AdText[] = [];
    this.release(out);
    return [...out, ...super.end()];
  }

  private release(out: AdText[]): void {
    if (this.held === null) return;
    out.push(this.held);
    this.held = null;
  }
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13;

/**
 * When `at` starts a line that follows a line holding only `,` (inside the text from `from`), the
 * offset of that `,`; else -1.
 */
function separatorBefore(buf: string, at: number, from: number): number {
  let j = at - 1;
  while (j > from && isBlank(buf.charCodeAt(j))) j--;
  if (buf.charCodeAt(j) !== 10) return -1;
  j--;
  while (j > from && isBlank(buf.charCodeAt(j))) j--;
  if (buf.charCodeAt(j) !== 0x2c) return -1;
  const comma = j;
  j--;
  while (j > from && isBlank(buf.charCodeAt(j))) j--;
  return j > from && buf.charCodeAt(j) === 10 ? comma : -1;
}

/**
 * True for an ad opener at the very start of its line (JSON: alone on it): with a line holding
 * only `,` before it ({@link separatorBefore}), the boundary HTCondor's writers put between ads
 * and nowhere else (they indent everything inside a JSON ad and write a new-format ad per line).
 */
function opensAdLine(buf: string, at: number, format: "new" | "json"): boolean {
  if (buf.charCodeAt(at - 1) !== 10) return false;
  if (format === "new") return true;
  const after = buf.charCodeAt(at + 1);
  return after === 10 || after === 13;
}

/**
 * True for a `<c>` (from `at` to its `>` at `close`) alone on its line at its start, after an
 * empty line: the boundary HTCondor writes between ads, taken as one whatever state a broken ad
 * left the framer in (inside an ad, HTCondor writes every nested `<c>` after other text on its
 * line, and a `<` in a value is written `&lt;`).
 */
function opensXmlAdLine(buf: string, at: number, close: number, from: number): boolean {
  const next = buf.charCodeAt(close + 1);
  if (next !== 10 && !(next === 13 && buf.charCodeAt(close + 2) === 10)) return false;
  let j = at - 1;
  const newline = (): boolean => {
    if (buf.charCodeAt(j) !== 10) return false;
    j--;
    if (buf.charCodeAt(j) === 13) j--;
    return true;
  };
  return j - 1 > from && newline() && newline();
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}

/**
 * XML framing: each top-level `<c>` ... `</c>`, headers and `<classads>` tags skipped. A `<c>`
 * directly inside an ad (not the value of an `<a>` or an element of an `<l>`) starts the next
 * ad: the one in progress lost its `</c>` and is reported broken, the next ones are still read.
 */
class XmlFramer extends TextFramer {
  /** The open `c`, `a` and `l` elements of the ad in progress (one letter each). */
  private open = "";
  /** Nesting past what the readers accept: `open` is no longer followed for this ad. */
  private untracked = false;

  feed(text: string, stray: (s: StrayText) => void): AdText[] {
    const buf = this.append(text);
    const out: AdText[] = [];
    const length = buf.length;
    let i = this.pos;
    for (; i < length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
        continue;
      }
      if (c !== 0x3c /* < */) {
        if (this.adStart < 0 && !(c === 32 || (c >= 9 && c <= 13))) {
          const end = Math.min(lineEnd(buf, i), buf.indexOf("<", i) < 0 ? length : buf.indexOf("<", i));
          stray({ line: this.line, column: i - this.lineStart + 1, sample: buf.slice(i, Math.min(end, i + 40)) });
          i = end - 1;
        }
        continue;
      }
      const close = buf.indexOf(">", i);
      if (close < 0) break; // tag continues in the next block
      const tag = buf.slice(i + 1, close);
      if (tag === "c" || tag.startsWith("c ")) {
        if (this.depth > 0 && ((!this.untracked && this.open.endsWith("c")) || opensXmlAdLine(buf, i, close, this.adStart))) {
          out.push({
            text: buf.slice(this.adStart, i),
            line: this.adLine,
            column: this.adColumn,
            broken: "this ad has no </c>: the next <c> starts a new ad",
            unterminated: true,
          });
          this.depth = 0;
          this.open = "";
          this.untracked = false;
        }
        if (this.depth === 0) {
          this.startAd(i);
        }
        this.depth++;
        this.push("c");
      } else if (tag === "/c") {
        this.depth--;
        this.open = this.open.slice(0, this.open.lastIndexOf("c") < 0 ? 0 : this.open.lastIndexOf("c"));
        if (this.depth === 0 && this.adStart >= 0) {
          out.push({ text: buf.slice(this.adStart, close + 1), line: this.adLine, column: this.adColumn });
          this.adStart = -1;
          this.open = "";
          this.untracked = false;
        }
        if (this.depth < 0) this.depth = 0;
      } else if ((tag === "c/" || tag === "c /") && this.depth === 0) {
        out.push({ text: "<c></c>", line: this.line, column: i - this.lineStart + 1 });
      } else if (this.depth > 0) {
        this.track(tag);
      }
      for (let j = i; j < close; j++) {
        if (buf.charCodeAt(j) === 10) {
          this.line++;
          this.lineStart = j + 1;
        }
      }
      i = close;
    }
    this.pos = i;
    return out;
  }

  override end(): AdText[] {
    const rest = super.end();
    if (rest.length > 0 || this.pos >= this.buffer.length) return rest;
    // Scanning stopped at a `<` whose `>` never came: not an ad, but never silence.
    return [{ text: this.buffer.slice(this.pos), line: this.line, column: this.pos - this.lineStart + 1, broken: "a tag that never ends (no `>`)", unterminated: true }];
  }

  /** Nesting past the readers' own limit (256) is theirs to report: past 4096, stop following it. */
  private push(element: string): void {
    if (this.open.length >= 4096) this.untracked = true;
    else this.open += element;
  }

  /** Follow `<a>`/`<l>` opening and closing inside an ad (self-closing and other tags change nothing). */
  private track(tag: string): void {
    const first = tag.charCodeAt(0);
    if ((first === 0x61 /* a */ || first === 0x6c /* l */) && (tag.length === 1 || tag.charCodeAt(1) === 32) && !tag.endsWith("/")) {
      this.push(tag[0] as string);
    } else if (tag === "/a" || tag === "/l") {
      const at = this.open.lastIndexOf(tag[1] as string);
      if (at >= 0) this.open = this.open.slice(0, at);
    }
  }
}
