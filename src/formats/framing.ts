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
  /** End of input: the text of an unfinished ad, if any. */
  end(): AdText | null;
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

  end(): AdText | null {
    if (this.adStart < 0) return null;
    const text = this.buffer.slice(this.adStart);
    this.adStart = -1;
    return { text, line: this.adLine, column: this.adColumn };
  }
}

/**
 * New-format (`[ ... ]` ads, optionally inside `{ ..., ... }`) and JSON (`{ ... }` objects,
 * optionally inside `[ ..., ... ]`, or one per line) framing by bracket depth, skipping strings.
 */
class BracketFramer extends TextFramer {
  private quote = 0;
  private escaped = false;
  private readonly opener: number;
  /** Characters allowed between ads: white space and the list's own punctuation. */
  private readonly framing: ReadonlySet<number>;

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
        if (c === this.opener) {
          this.startAd(i);
          this.depth = 1;
        } else if (!(c === 32 || (c >= 9 && c <= 13) || this.framing.has(c))) {
          const end = lineEnd(buf, i);
          stray({ line: this.line, column: i - this.lineStart + 1, sample: buf.slice(i, Math.min(end, i + 40)) });
          if (end >= length) {
            i = length;
            break;
          }
          i = end - 1;
        }
        continue;
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
          out.push({ text: buf.slice(this.adStart, i + 1), line: this.adLine, column: this.adColumn });
          this.adStart = -1;
        }
      }
    }
    this.pos = i;
    return out;
  }
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}

/** XML framing: each top-level `<c>` ... `</c>`, headers and `<classads>` tags skipped. */
class XmlFramer extends TextFramer {
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
        if (this.depth === 0) {
          this.startAd(i);
        }
        this.depth++;
      } else if (tag === "/c") {
        this.depth--;
        if (this.depth === 0 && this.adStart >= 0) {
          out.push({ text: buf.slice(this.adStart, close + 1), line: this.adLine, column: this.adColumn });
          this.adStart = -1;
        }
        if (this.depth < 0) this.depth = 0;
      } else if ((tag === "c/" || tag === "c /") && this.depth === 0) {
        out.push({ text: "<c></c>", line: this.line, column: i - this.lineStart + 1 });
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
}
