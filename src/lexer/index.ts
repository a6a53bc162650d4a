/**
 * The ClassAd lexer: one chevrotain lexer (a module singleton) with the `new`, `old` and `json`
 * modes of HTCondor's lexer. {@link tokenize} returns the tokens up to the first lexical error,
 * and that error separately: HTCondor's lexer is lazy, so a bad character after a complete
 * expression only matters to a full parse (the parser decides).
 */
import type { ILexingResult, IToken } from "chevrotain";
import { Lexer } from "chevrotain";
import { ClassAdParseError, ErrorCode } from "../model/errors.js";
import { isCDigit, isCSpace } from "../model/c-types.js";
import { scanNumber, scanString, scanStringOld } from "./literals.js";
import type { LexerMode } from "./tokens.js";
import { LEXER_MODES, UnterminatedComment } from "./tokens.js";

export type { LexerMode } from "./tokens.js";
export * as Tokens from "./tokens.js";

const DEV = typeof process !== "undefined" && process.env?.CLASSAD_DEV === "1";

/** Build a lexer; `validate` runs chevrotain's definition checks (slower to construct). */
export function createLexer(validate: boolean): Lexer {
  return new Lexer(
    { modes: LEXER_MODES, defaultMode: "new" },
    {
      positionTracking: "onlyOffset",
      recoveryEnabled: false,
      ensureOptimizations: true,
      skipValidations: !validate,
    },
  );
}

type TokenizeFunction = (text: string, mode: LexerMode) => ILexingResult;
let singleton: TokenizeFunction | undefined;

/**
 * The singleton's tokenize function. Chevrotain's public `tokenize` re-checks the (constant)
 * definition errors on every call, a measurable cost on short inputs; once the lexer is built
 * without errors its internal `tokenizeInternal` is called directly when present.
 */
function lexer(): TokenizeFunction {
  if (singleton === undefined) {
    const built = createLexer(DEV);
    const internal = (built as unknown as { tokenizeInternal?: TokenizeFunction }).tokenizeInternal;
    const clean = built.lexerDefinitionErrors.length === 0;
    singleton = clean && typeof internal === "function" ? internal.bind(built) : built.tokenize.bind(built);
  }
  return singleton;
}

export interface TokenizeResult {
  /** Tokens before the first lexical error (all tokens when there is none). */
  readonly tokens: IToken[];
  /** The first lexical error, or null. */
  readonly error: ClassAdParseError | null;
}

/**
 * Tokenize a byte string. A NUL byte ends the input, as in HTCondor (`ch == 0` is end of input).
 */
export function tokenize(text: string, mode: LexerMode = "new"): TokenizeResult {
  const nul = text.indexOf("\0");
  const input = nul >= 0 ? text.slice(0, nul) : text;
  const result = lexer()(input, mode);
  let tokens = result.tokens;
  let errorOffset = -1;
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last.tokenType === UnterminatedComment) {
    tokens = tokens.slice(0, -1);
    errorOffset = last.startOffset;
  }
  const lexError = result.errors[0];
  if (errorOffset < 0 && lexError !== undefined) errorOffset = lexError.offset;
  return { tokens, error: errorOffset < 0 ? null : describeLexError(text, errorOffset, mode) };
}

/** Say why nothing could be lexed at `offset`. */
function describeLexError(text: string, offset: number, mode: LexerMode): ClassAdParseError {
  const c = text.charCodeAt(offset);
  if (c === 0x2f && text.charCodeAt(offset + 1) === 0x2a) {
    return new ClassAdParseError(ErrorCode.UnterminatedComment, "unterminated /* comment", text, offset);
  }
  if (c === 0x22 || c === 0x27) {
    const scan = mode === "old" ? scanStringOld(text, offset) : scanString(text, offset, mode === "json");
    const what = c === 0x22 ? "string literal" : "quoted attribute name";
    if (scan.kind === "error" && scan.problem !== "unterminated") {
      const detail = scan.problem === "nul-escape" ? "an escape that yields a NUL byte" : "a malformed \\u escape";
      return new ClassAdParseError(ErrorCode.InvalidEscape, `${what} contains ${detail}`, text, offset);
    }
    return new ClassAdParseError(ErrorCode.UnterminatedString, `unterminated ${what}`, text, offset);
  }
  if (isCDigit(c) || c === 0x2e || c === 0x2d) {
    const scan = scanNumber(text, offset);
    if (scan.kind === "error") {
      const reasons = {
        "leading-zero": "integers may not start with 0 (no octal or hexadecimal literals)",
        "no-fraction-digit": "a digit must follow the decimal point",
        "no-exponent-digit": "the exponent has no digits",
        "no-hex-digit": "0x must be followed by a hexadecimal digit",
        "bad-octal": "integers may not start with 0",
      } as const;
      return new ClassAdParseError(
        ErrorCode.InvalidNumber,
        `invalid number literal '${text.slice(offset, scan.end)}': ${reasons[scan.problem]}`,
        text,
        offset,
      );
    }
  }
  const shown = c >= 0x21 && c < 0x7f ? `'${text[offset]}'` : `byte 0x${c.toString(16).padStart(2, "0")}`;
  return new ClassAdParseError(ErrorCode.UnexpectedCharacter, `unexpected character ${shown}`, text, offset);
}

const SLASH = 0x2f;
const STAR = 0x2a;
const DOT = 0x2e;
const MINUS = 0x2d;
const COLON = 0x3a;
const QUESTION = 0x3f;
/** Characters that lex alone as one token and never join another. */
const SINGLE_TOKENS = new Set([..."()[]{},;"].map((c) => c.charCodeAt(0)));
/** Operator characters: every run of them lexes, each token at most three characters long. */
const OPERATOR_CHARS = new Set([..."+-*/%<>=!&|^~?"].map((c) => c.charCodeAt(0)));
const LONGEST_OPERATOR = 3;

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || isCDigit(c);
}

/** Whether the operator character at `i` is rather the start of a comment or a number literal. */
function startsOtherToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === SLASH) return next === STAR || next === SLASH;
  if (c === MINUS) return isCDigit(next) || next === DOT;
  return false;
}

/**
 * The offset of the token that takes `text` past `limit` tokens, or -1 when it stays within.
 * A linear scan that builds no token, so that a token bomb (`{1,1,1,...}` of many megabytes) is
 * refused before {@link tokenize} allocates its tokens. It never counts more tokens than
 * {@link tokenize} makes (a run of operator characters counts one token per three characters, the
 * longest operator; a `-` before a digit or `.` and a `:` after a `?` count nothing, as they may
 * belong to a number or an elvis), so whatever it refuses would lex into more tokens still. It stops
 * where the lexer stops: NUL, an unterminated string or comment, a malformed number, a character
 * that starts no token.
 */
export function tokenLimitOffset(whole: string, mode: LexerMode, limit: number): number {
  if (whole.length <= limit) return -1; // every token takes at least one character
  const nul = whole.indexOf("\0");
  const text = nul >= 0 ? whole.slice(0, nul) : whole;
  const length = text.length;
  let count = 0;
  let previous = 0;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isCSpace(c)) {
      i++;
      continue;
    }
    if (c === SLASH && (next === STAR || next === SLASH)) {
      const end = next === STAR ? text.indexOf("*/", i + 2) : text.indexOf("\n", i + 2);
      if (end < 0) break;
      i = next === STAR ? end + 2 : end;
      continue;
    }
    let end: number;
    let tokens = 1;
    if (c === 0x22 || c === 0x27) {
      const scan = mode === "old" ? scanStringOld(text, i) : scanString(text, i, mode === "json");
      if (scan.kind !== "string") break;
      end = scan.end;
    } else if (isCDigit(c)) {
      const scan = scanNumber(text, i);
      if (scan.kind !== "number") break;
      end = scan.end;
    } else if (c === DOT) {
      // As the lexer: a number if one scans (`.5`, even `..5`), else `.` or `..` unless a digit follows.
      const scan = scanNumber(text, i);
      if (scan.kind === "number") end = scan.end;
      else if (isCDigit(next)) break;
      else end = i + (next === DOT && !isCDigit(text.charCodeAt(i + 2)) ? 2 : 1);
    } else if (isNameStart(c)) {
      end = i + 1;
      while (end < length && isNameChar(text.charCodeAt(end))) end++;
    } else if (SINGLE_TOKENS.has(c)) {
      end = i + 1;
    } else if (c === COLON) {
      end = i + 1;
      if (previous === QUESTION) tokens = 0;
    } else if (c === MINUS && startsOtherToken(text, i)) {
      end = i + 1;
      tokens = 0; // maybe the sign of the number that follows, which is counted
    } else if (OPERATOR_CHARS.has(c)) {
      end = i + 1;
      while (end < length && OPERATOR_CHARS.has(text.charCodeAt(end)) && !startsOtherToken(text, end)) end++;
      tokens = Math.ceil((end - i) / LONGEST_OPERATOR);
    } else {
      break;
    }
    count += tokens;
    if (count > limit) return i;
    previous = text.charCodeAt(end - 1);
    i = end;
  }
  return -1;
}
