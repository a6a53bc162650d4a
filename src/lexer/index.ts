/**
 * The ClassAd lexer: one chevrotain lexer (a module singleton) with the `new`, `old` and `json`
 * modes of HTCondor's lexer. {@link tokenize} returns the tokens up to the first lexical error,
 * and that error separately: HTCondor's lexer is lazy, so a bad character after a complete
 * expression only matters to a full parse (the parser decides).
 */
import type { ILexingResult, IToken } from "chevrotain";
import { Lexer } from "chevrotain";
import { ClassAdParseError, ErrorCode } from "../model/errors.js";
import { isCDigit } from "../model/c-types.js";
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
