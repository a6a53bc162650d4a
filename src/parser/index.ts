/**
 * Parser entry points. Input is a byte string (see src/ast/bytes.ts); the result is the AST of
 * src/ast/nodes.ts. Only {@link ClassAdParseError} and {@link ClassAdLimitError} are thrown.
 */
import type { IToken } from "chevrotain";
import type { Expr, RecordNode } from "../ast/nodes.js";
import { tokenize } from "../lexer/index.js";
import { ClassAdGrammar } from "./grammar.js";
import { ClassAdLimitError, ClassAdParseError, ErrorCode } from "./errors.js";

export { ClassAdLimitError, ClassAdParseError, ErrorCode } from "./errors.js";

export interface ParseOptions {
  /** Lex string literals with HTCondor's old rules (used for `-long` ads and constraints). */
  readonly oldStringLexing?: boolean;
  /**
   * Require the whole text to be one expression (default true). With `false` the longest
   * expression at the start is parsed and what follows is ignored, as HTCondor's old-format
   * line reader does (`A = 1 junk` is 1).
   */
  readonly full?: boolean;
  /** Maximum nesting depth, counted as HTCondor counts it (default 500). */
  readonly maxDepth?: number;
  /** Maximum text length in bytes (default 16 MiB). */
  readonly maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 500;
export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;

const DEV = typeof process !== "undefined" && process.env?.CLASSAD_DEV === "1";
let grammar: ClassAdGrammar | undefined;

function parseWith<T extends Expr | RecordNode>(
  text: string,
  options: ParseOptions,
  rule: (g: ClassAdGrammar) => T,
): T {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new ClassAdLimitError(ErrorCode.LengthLimit, `input longer than the limit of ${maxLength} bytes`, text, maxLength, maxLength);
  }
  const full = options.full ?? true;
  const { tokens, error } = tokenize(text, options.oldStringLexing === true ? "old" : "new");
  if (error !== null && full) throw error;
  grammar ??= new ClassAdGrammar(DEV);
  const g = grammar;
  g.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  g.source = text;
  g.depth = 0;
  g.input = tokens;
  let result: T;
  try {
    result = rule(g);
  } catch (err) {
    if (err instanceof ClassAdParseError || err instanceof ClassAdLimitError) throw err;
    if (err instanceof RangeError) {
      throw new ClassAdLimitError(ErrorCode.DepthLimit, "expression nested too deeply for the stack", text, 0, g.maxDepth);
    }
    throw err;
  }
  // Chevrotain reports unconsumed input as an error of its own; a prefix parse wants exactly that.
  const syntaxError = g.errors.find((e) => full || e.name !== "NotAllInputParsedException");
  if (syntaxError !== undefined) throw fromChevrotain(text, syntaxError.token, error);
  if (full && !g.atEnd()) {
    const next = g.nextToken();
    throw new ClassAdParseError(ErrorCode.TrailingText, `unexpected '${next.image}' after the expression`, text, next.startOffset);
  }
  return result;
}

function fromChevrotain(text: string, token: IToken, lexError: ClassAdParseError | null): ClassAdParseError {
  if (token.tokenType.name === "EOF" || Number.isNaN(token.startOffset)) {
    if (lexError !== null) return lexError;
    return new ClassAdParseError(ErrorCode.UnexpectedEnd, "the expression ends too early", text, text.length);
  }
  return new ClassAdParseError(ErrorCode.UnexpectedToken, `unexpected '${token.image}'`, text, token.startOffset);
}

/** Parse one expression. */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  return parseWith(text, options, (g) => g.expression());
}

/** Parse one `[ ... ]` record. */
export function parseRecord(text: string, options: ParseOptions = {}): RecordNode {
  return parseWith(text, options, (g) => g.recordOnly());
}
