/**
 * The two error types the front end throws. Nothing else escapes `parseExpression` and friends:
 * arbitrary input yields a value, a {@link ClassAdParseError} or a {@link ClassAdLimitError}.
 *
 * Codes are stable (see docs/errors.md). Positions are byte offsets into the parsed text; line,
 * column and the caret snippet are computed only when first read.
 */

/** Stable error codes. CA1xxx: syntax; CA2xxx: limits. */
export const ErrorCode = {
  /** A character that starts no token (`#`, `@`, `$`, `\`, a byte >= 0x80 outside strings, ...). */
  UnexpectedCharacter: "CA1001",
  /** A string literal or quoted name without its closing quote. */
  UnterminatedString: "CA1002",
  /** A malformed number: leading zero (`017`, `0x1F`), `1.`, `1e`, `08`. */
  InvalidNumber: "CA1003",
  /** A string escape that yields a NUL byte (`"\0"`), or a malformed JSON `\u` escape. */
  InvalidEscape: "CA1004",
  /** `/*` without its closing `*\/`. */
  UnterminatedComment: "CA1005",
  /** A token that cannot appear where it is. */
  UnexpectedToken: "CA1010",
  /** The input ended in the middle of an expression. */
  UnexpectedEnd: "CA1011",
  /** A full parse found text after a complete expression. */
  TrailingText: "CA1012",
  /** `absTime("...")` with a string HTCondor cannot read as a time. */
  InvalidAbsTime: "CA1020",
  /** `relTime("...")` with a string HTCondor cannot read as a duration. */
  InvalidRelTime: "CA1021",
  /** Nesting deeper than `maxDepth`. */
  DepthLimit: "CA2001",
  /** Input longer than `maxLength`. */
  LengthLimit: "CA2002",
  /** Input of more tokens than `maxTokens`. */
  TokenLimit: "CA2003",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

interface Location {
  line: number;
  column: number;
  snippet: string;
}

/** Base of both front-end errors: code, offset, and lazily computed line/column/snippet. */
abstract class ClassAdSourceError extends Error {
  readonly code: ErrorCodeValue;
  /** Offset (0-based, in bytes of the byte string) where the problem was found. */
  readonly offset: number;
  /** The text that was being parsed. */
  readonly source: string;
  private location: Location | undefined;

  constructor(code: ErrorCodeValue, message: string, source: string, offset: number) {
    super(message);
    this.code = code;
    this.source = source;
    this.offset = Math.max(0, Math.min(offset, source.length));
  }

  /** 1-based line of {@link offset}. */
  get line(): number {
    return this.locate().line;
  }
  /** 1-based column of {@link offset} (in bytes). */
  get column(): number {
    return this.locate().column;
  }
  /** The offending line with a caret under the position (long lines are cut around it). */
  get snippet(): string {
    return this.locate().snippet;
  }

  /** Message with position and snippet, for showing to a person. */
  describe(): string {
    return `${this.code} at line ${this.line}, column ${this.column}: ${this.message}\n${this.snippet}`;
  }

  private locate(): Location {
    if (this.location) return this.location;
    const before = this.source.slice(0, this.offset);
    const lineStart = before.lastIndexOf("\n") + 1;
    let lineEnd = this.source.indexOf("\n", this.offset);
    if (lineEnd < 0) lineEnd = this.source.length;
    const line = countNewlines(before) + 1;
    const column = this.offset - lineStart + 1;
    const window = 60;
    const from = Math.max(lineStart, this.offset - window);
    const to = Math.min(lineEnd, this.offset + window);
    const text = (from > lineStart ? "..." : "") + printable(this.source.slice(from, to)) + (to < lineEnd ? "..." : "");
    const caretAt = (from > lineStart ? 3 : 0) + (this.offset - from);
    this.location = { line, column, snippet: `${text}\n${" ".repeat(caretAt)}^` };
    return this.location;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Control characters shown as spaces so the caret stays aligned. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, " ");
}

/** The text is not a ClassAd expression (or record). */
export class ClassAdParseError extends ClassAdSourceError {
  override readonly name = "ClassAdParseError";
}

/** The text exceeds a configured limit (nesting depth, length, tokens). */
export class ClassAdLimitError extends ClassAdSourceError {
  override readonly name = "ClassAdLimitError";
  /** The limit that was exceeded. */
  readonly limit: number;
  constructor(code: ErrorCodeValue, message: string, source: string, offset: number, limit: number) {
    super(code, message, source, offset);
    this.limit = limit;
  }
}

/** An evaluation option that cannot be used (an unknown time zone, a negative limit). */
export class EvalOptionError extends Error {
  readonly code = "CA3001";
  constructor(message: string) {
    super(message);
    this.name = "EvalOptionError";
  }
}
