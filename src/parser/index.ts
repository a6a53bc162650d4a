/**
 * Parser entry points. Input and output strings are byte strings (see `src/model/bytes.ts`).
 *
 * - {@link parseExpression}: one expression. With `full: true` (default) the whole text must be
 *   that expression (HTCondor's `ParseExpression(text, true)`, including its quirk that a
 *   top-level `c ? a : b` ignores trailing text); with `full: false` the longest expression
 *   prefix is parsed and the rest ignored, even text that does not lex (`A = 1 junk` → `1`), as
 *   HTCondor's old-format line reader does.
 * - {@link parseRecord}: a `[ ... ]` record (new-syntax ad).
 *
 * Only {@link ClassAdParseError} and {@link ClassAdLimitError} are ever thrown.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { EOF } from "chevrotain";
import type { SourceSyntax } from "../model/classad.js";
import type { Expr, RecordNode } from "../model/nodes.js";
import type { LexerMode } from "../lexer/index.js";
import { tokenize, tokenLimitOffset } from "../lexer/index.js";
import * as T from "../lexer/tokens.js";
import { ClassAdLimitError, ClassAdParseError, ErrorCode } from "../model/errors.js";
import { ClassAdGrammar } from "./grammar.js";

export { ClassAdLimitError, ClassAdParseError, ErrorCode } from "../model/errors.js";
export type { ErrorCodeValue } from "../model/errors.js";

/** Default nesting limit: HTCondor's `MAX_PARSER_DEPTH` (about 165 nested parentheses). */
export const DEFAULT_MAX_PARSE_DEPTH = 500;
/** Default maximum input length, in bytes. */
export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;
/**
 * Default maximum number of tokens in one parse. The biggest real expressions (OSPool slots'
 * `Start`) have a few hundred; at the limit a parse takes about 0.4 GB and under a second, where
 * 16 MiB of `{1,1,...}` (8 million tokens) would take 3 GB and 20 s (docs/security.md).
 */
export const DEFAULT_MAX_TOKENS = 1_000_000;

export interface ParseOptions {
  /**
   * How the text is lexed: `new` (default) is HTCondor's ClassAd syntax; `old` its old string
   * rules (a backslash escapes only a `"` that is not the last character: `-long` ads,
   * constraints); `json` its JSON mode (`null` is undefined, JSON string escapes).
   */
  readonly syntax?: SourceSyntax | "json";
  /** @deprecated Same as `syntax: "old"` (ignored when `syntax` is given). */
  readonly oldStringLexing?: boolean;
  /** @deprecated Same as `syntax: "json"` (ignored when `syntax` is given; wins over `oldStringLexing`). */
  readonly jsonLexing?: boolean;
  /** Require the whole text to be the expression (default true). False: parse a prefix, ignore the rest. */
  readonly full?: boolean;
  /** Maximum nesting, counted as HTCondor counts it (default {@link DEFAULT_MAX_PARSE_DEPTH}). */
  readonly maxDepth?: number;
  /** Maximum input length in bytes (default {@link DEFAULT_MAX_LENGTH}). */
  readonly maxLength?: number;
  /**
   * Maximum number of tokens (names, literals, operators, brackets; a string literal of any length
   * is one) in the text (default {@link DEFAULT_MAX_TOKENS}). It bounds the memory and time of a
   * parse, which `maxLength` alone does not: text past it is refused before its tokens are made.
   * A prefix parse (`full: false`) counts the whole text, the ignored rest included.
   */
  readonly maxTokens?: number;
}

const DEV = typeof process !== "undefined" && process.env?.CLASSAD_DEV === "1";
let singleton: ClassAdGrammar | undefined;

function grammar(): ClassAdGrammar {
  singleton ??= new ClassAdGrammar(DEV);
  return singleton;
}

/** A parser constructed with chevrotain's grammar validations on (for tests and tooling). */
export function createValidatedGrammar(): ClassAdGrammar {
  return new ClassAdGrammar(true);
}

/** Parse one ClassAd expression. */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  return run(text, options, "expression");
}

/** Parse a `[ name = expr; ... ]` record. */
export function parseRecord(text: string, options: ParseOptions = {}): RecordNode {
  return run(text, options, "record") as RecordNode;
}

/** Parse the longest expression prefix of `text` (same as `parseExpression` with `full: false`). */
export function parseExpressionPrefix(text: string, options: ParseOptions = {}): Expr {
  return run(text, { ...options, full: false }, "expression");
}

/**
 * An attribute's value text as HTCondor parses it for that syntax: a `-long` (old) line with the
 * old string rules and only as far as an expression goes (trailing text is dropped, as HTCondor's
 * `full=false` parse does); new-syntax text as a whole expression.
 */
export function parseAttrText(text: string, syntax: SourceSyntax): Expr {
  return syntax === "old" ? run(text, OLD_ATTR_TEXT, "expression") : run(text, {}, "expression");
}
const OLD_ATTR_TEXT: ParseOptions = { syntax: "old", full: false };

const LEXER_MODES: ReadonlySet<string> = new Set<LexerMode>(["new", "old", "json"]);

/** The lexer mode of the options; the deprecated booleans count only when `syntax` is absent. */
function modeOf(options: ParseOptions): LexerMode {
  const syntax = options.syntax;
  if (syntax !== undefined) {
    if (!LEXER_MODES.has(syntax)) throw new TypeError(`ParseOptions.syntax must be "new", "old" or "json", not ${JSON.stringify(syntax)}`);
    return syntax;
  }
  if (options.jsonLexing === true) return "json";
  return options.oldStringLexing === true ? "old" : "new";
}

function run(text: string, options: ParseOptions, rule: "expression" | "record"): Expr {
  checkSize(text, options);
  const closed = rule === "expression" ? closedByUnterminatedComment(text, options) : null;
  return closed ?? runTokens(text, options, rule, null);
}

/**
 * HTCondor's lexer, on a `/*` comment that never ends, flags an error but leaves the previous
 * token's value in place, and its parser reads token types from that value: the text parses as
 * if the last token were written twice, then the input ends (`((1)/*` is `((1))`,
 * `[a = []/*` is `[a = []]`). Returns that parse, or null when there is no such comment or the
 * text does not parse that way either (the usual error is then reported).
 */
function closedByUnterminatedComment(text: string, options: ParseOptions): Expr | null {
  const { tokens, error } = tokenize(text, modeOf(options));
  const last = tokens[tokens.length - 1];
  if (error?.code !== ErrorCode.UnterminatedComment || last === undefined) return null;
  const at = error.offset;
  try {
    return runTokens(text, options, "expression", [...tokens, { ...last, startOffset: at, endOffset: at + last.image.length - 1 }]);
  } catch {
    return null;
  }
}

/** Parse `text`, from the tokens given for it or from its own. */
function runTokens(text: string, options: ParseOptions, rule: "expression" | "record", given: IToken[] | null): Expr {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_PARSE_DEPTH;
  const full = options.full !== false;
  const { tokens, error: lexError } = given === null ? tokenize(text, modeOf(options)) : { tokens: given, error: null };
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (tokens.length > maxTokens) throw tokenLimitError(text, (tokens[maxTokens] as IToken).startOffset, maxTokens);
  // A prefix parse may stop before deep nesting in text it ignores: only the counter decides there.
  if (full) checkBracketDepth(tokens, text, maxDepth);
  const parser = grammar();
  parser.source = text;
  parser.depth = 0;
  parser.maxDepth = maxDepth;
  parser.input = tokens;
  let result: Expr;
  try {
    result = rule === "expression" ? parser.expression() : parser.recordOnly();
  } catch (error) {
    parser.release();
    if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) throw error;
    if (error instanceof RangeError) {
      throw new ClassAdLimitError(ErrorCode.DepthLimit, "expression nested too deeply for the call stack", text, 0, maxDepth);
    }
    throw new ClassAdParseError(ErrorCode.UnexpectedToken, `internal parser error: ${String(error)}`, text, 0);
  }
  // chevrotain reports leftover tokens itself; whether they matter is decided below.
  const syntaxError = parser.firstSyntaxError();
  if (syntaxError !== undefined) {
    parser.release();
    throw describeSyntaxError(syntaxError, text, lexError);
  }
  // HTCondor checks for the end of input only when the top expression is not a ternary.
  const checkEnd = full && !(rule === "expression" && result.kind === "ternary");
  if (checkEnd && !parser.atEnd()) {
    const next = tokenAfter(parser);
    parser.release();
    throw new ClassAdParseError(ErrorCode.TrailingText, `unexpected ${describeToken(next)} after a complete expression`, text, next.startOffset);
  }
  parser.release();
  if (checkEnd && lexError !== null) throw lexError;
  return result;
}

/**
 * Refuse text too long, or of too many tokens, before lexing it. The token count here is a cheap
 * lower bound (see `tokenLimitOffset`); the exact count is checked once the tokens are made.
 */
function checkSize(text: string, options: ParseOptions): void {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new ClassAdLimitError(ErrorCode.LengthLimit, `input longer than the limit of ${maxLength} bytes`, text, maxLength, maxLength);
  }
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const at = tokenLimitOffset(text, modeOf(options), maxTokens);
  if (at >= 0) throw tokenLimitError(text, at, maxTokens);
}

function tokenLimitError(text: string, offset: number, maxTokens: number): ClassAdLimitError {
  return new ClassAdLimitError(ErrorCode.TokenLimit, `input of more tokens than the limit of ${maxTokens}`, text, offset, maxTokens);
}

function tokenAfter(parser: ClassAdGrammar): IToken {
  return (parser as unknown as { LA(n: number): IToken }).LA(1);
}

/**
 * Reject absurd bracket nesting before any recursion: each bracket level costs HTCondor three
 * depth units (expression, unary, postfix), so more than `maxDepth / 3` unclosed brackets can
 * never parse. The grammar's own counter stays exact; this only fails such input early, in
 * linear time. Fewer tokens than the limit cannot nest that deep, so short input skips the scan.
 */
function checkBracketDepth(tokens: IToken[], text: string, maxDepth: number): void {
  const limit = Math.floor(maxDepth / 3);
  if (tokens.length <= limit) return;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = (tokens[i] as IToken).tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) {
      if (++depth > limit) {
        const at = (tokens[i] as IToken).startOffset;
        throw new ClassAdLimitError(ErrorCode.DepthLimit, `expression nested deeper than the limit of ${maxDepth}`, text, at, maxDepth);
      }
    } else if (type === T.RParen || type === T.RBracket || type === T.RBrace) {
      depth--;
    }
  }
}

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "end of input";
  return `'${token.image.length > 40 ? token.image.slice(0, 40) + "..." : token.image}'`;
}

function describeSyntaxError(error: IRecognitionException, text: string, lexError: ClassAdParseError | null): ClassAdParseError {
  const token = error.token;
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) {
    if (lexError !== null) return lexError;
    return new ClassAdParseError(ErrorCode.UnexpectedEnd, "unexpected end of input", text, text.length);
  }
  return new ClassAdParseError(ErrorCode.UnexpectedToken, `unexpected ${describeToken(token)}`, text, token.startOffset);
}
