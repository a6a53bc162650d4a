/**
 * ClassAd token types for chevrotain, one lexer with three modes:
 * - `new`: HTCondor's default lexer (new-syntax string escapes, adjacent strings concatenate);
 * - `old`: the old-ClassAd string rules used for `-long` ads and constraints (`SetOldClassAdLex`);
 * - `json`: the JSON lexer mode (`null` is undefined, `undefined` an identifier, JSON escapes).
 *
 * Literal tokens carry their decoded value in `payload` (see {@link NumberPayload},
 * {@link StringPayload}); positions are offsets only.
 */
import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
import { createToken, Lexer } from "chevrotain";
import type { Value } from "../model/value.js";
import type { SourceSyntax } from "../model/classad.js";
import { isCDigit } from "../model/c-types.js";
import { scanNumber, scanString, scanStringOld } from "./literals.js";

export interface NumberPayload {
  readonly value: Value;
}
export interface StringPayload {
  readonly value: string;
  /** JSON mode: the raw text started and ended with `\/` (a quoted expression candidate). */
  readonly quotedExpr: boolean;
}

// ---- categories -------------------------------------------------------------------------------
/** Any attribute-name token: bare or 'quoted'. */
export const Identifier = createToken({ name: "Identifier", pattern: Lexer.NA });
/** Any string literal token (the lexer mode decides which). */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA });
/** Any binary operator. */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });
/** Any prefix operator. */
export const UnaryOperator = createToken({ name: "UnaryOperator", pattern: Lexer.NA });
/** `,` or `;` between function arguments (`;` is accepted with old-ClassAd semantics). */
export const ArgumentSeparator = createToken({ name: "ArgumentSeparator", pattern: Lexer.NA });
/** `undefined` (or `null` in JSON mode). */
export const UndefinedLiteral = createToken({ name: "UndefinedLiteral", pattern: Lexer.NA });
/** Any keyword literal: `true`, `false`, `undefined` (`null` in JSON mode), `error`. */
export const KeywordLiteral = createToken({ name: "KeywordLiteral", pattern: Lexer.NA });

// ---- trivia -----------------------------------------------------------------------------------
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\n\v\f\r]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** An unterminated block comment swallows the rest of the input; the front end reports it. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});

// ---- literals ---------------------------------------------------------------------------------
/** Tokens after which `-` is the minus operator rather than the sign of a number literal. */
const OPERAND_ENDS = new Set<TokenType>();

function matchNumber(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) === 0x2d) {
    const previous = tokens[tokens.length - 1];
    if (previous !== undefined && OPERAND_ENDS.has(previous.tokenType)) return null;
  }
  const scan = scanNumber(text, offset);
  if (scan.kind !== "number") return null;
  const match = [text.slice(offset, scan.end)] as CustomPatternMatcherReturn;
  match.payload = { value: scan.value } satisfies NumberPayload;
  return match;
}

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: { exec: matchNumber },
  start_chars_hint: ["-", ".", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  line_breaks: false,
});

function stringMatcher(quote: string, scan: typeof scanString, json: boolean) {
  const quoteCode = quote.charCodeAt(0);
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    // The start-character hint is only an optimisation: chevrotain may call us anywhere.
    if (text.charCodeAt(offset) !== quoteCode) return null;
    const result = scan(text, offset, json);
    if (result.kind !== "string") return null;
    const match = [text.slice(offset, result.end)] as CustomPatternMatcherReturn;
    match.payload = { value: result.value, quotedExpr: result.quotedExpr } satisfies StringPayload;
    return match;
  };
}
const oldScan: typeof scanString = (text, offset) => scanStringOld(text, offset);

function stringToken(name: string, start: string, scan: typeof scanString, json: boolean, category: TokenType) {
  return createToken({
    name,
    pattern: { exec: stringMatcher(start, scan, json) },
    start_chars_hint: [start],
    line_breaks: true,
    categories: [category],
  });
}

export const StringNew = stringToken("StringNew", '"', scanString, false, StringLiteral);
export const StringOld = stringToken("StringOld", '"', oldScan, false, StringLiteral);
export const StringJson = stringToken("StringJson", '"', scanString, true, StringLiteral);
export const QuotedNameNew = stringToken("QuotedNameNew", "'", scanString, false, Identifier);
export const QuotedNameOld = stringToken("QuotedNameOld", "'", oldScan, false, Identifier);
export const QuotedNameJson = stringToken("QuotedNameJson", "'", scanString, true, Identifier);

export const BareName = createToken({
  name: "BareName",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Identifier],
  line_breaks: false,
});

function keyword(name: string, pattern: RegExp, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, longer_alt: BareName, categories, line_breaks: false });
}
export const True = keyword("True", /true/i, [KeywordLiteral]);
export const False = keyword("False", /false/i, [KeywordLiteral]);
export const Undefined = keyword("Undefined", /undefined/i, [UndefinedLiteral, KeywordLiteral]);
export const Null = keyword("Null", /null/i, [UndefinedLiteral, KeywordLiteral]);
export const ErrorKeyword = keyword("ErrorKeyword", /error/i, [KeywordLiteral]);
export const Isnt = keyword("Isnt", /isnt/i, [BinaryOperator]);
export const Is = keyword("Is", /is/i, [BinaryOperator]);

// ---- punctuation and operators ------------------------------------------------------------------
function punct(name: string, pattern: string | RegExp, categories: TokenType[] = [], lineBreaks = false): TokenType {
  return createToken({ name, pattern, categories, line_breaks: lineBreaks });
}
export const Elvis = punct("Elvis", /\?[ \t\n\v\f\r]*:/, [], true);
export const Question = punct("Question", "?");
export const Colon = punct("Colon", ":");
export const Semicolon = punct("Semicolon", ";", [ArgumentSeparator]);
export const Comma = punct("Comma", ",", [ArgumentSeparator]);
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const OrOr = punct("OrOr", "||", [BinaryOperator]);
export const AndAnd = punct("AndAnd", "&&", [BinaryOperator]);
export const Pipe = punct("Pipe", "|", [BinaryOperator]);
export const Caret = punct("Caret", "^", [BinaryOperator]);
export const Amp = punct("Amp", "&", [BinaryOperator]);
export const MetaEqual = punct("MetaEqual", "=?=", [BinaryOperator]);
export const MetaNotEqual = punct("MetaNotEqual", "=!=", [BinaryOperator]);
export const EqualEqual = punct("EqualEqual", "==", [BinaryOperator]);
export const NotEqual = punct("NotEqual", "!=", [BinaryOperator]);
export const Assign = punct("Assign", "=");
export const URightShift = punct("URightShift", ">>>", [BinaryOperator]);
export const RightShift = punct("RightShift", ">>", [BinaryOperator]);
export const GreaterEqual = punct("GreaterEqual", ">=", [BinaryOperator]);
export const Greater = punct("Greater", ">", [BinaryOperator]);
export const LeftShift = punct("LeftShift", "<<", [BinaryOperator]);
export const LessEqual = punct("LessEqual", "<=", [BinaryOperator]);
export const Less = punct("Less", "<", [BinaryOperator]);
export const Plus = punct("Plus", "+", [BinaryOperator, UnaryOperator]);
export const Minus = punct("Minus", "-", [BinaryOperator, UnaryOperator]);
export const Star = punct("Star", "*", [BinaryOperator]);
export const Slash = punct("Slash", "/", [BinaryOperator]);
export const Percent = punct("Percent", "%", [BinaryOperator]);
export const Bang = punct("Bang", "!", [UnaryOperator]);
export const Tilde = punct("Tilde", "~", [UnaryOperator]);

/**
 * `.`; HTCondor's lexer also takes `..` not followed by a digit as one selection token, and never a
 * `.` followed by a digit, which starts a number.
 */
export const Dot = createToken({
  name: "Dot",
  pattern: {
    exec: (text: string, offset: number): CustomPatternMatcherReturn | null => {
      if (text.charCodeAt(offset) !== 0x2e) return null;
      // Before a digit the `.` starts a number (HTCondor's tokenizeNumber), valid or not.
      if (isCDigit(text.charCodeAt(offset + 1))) return null;
      const double = text.charCodeAt(offset + 1) === 0x2e && !isCDigit(text.charCodeAt(offset + 2));
      return [double ? ".." : "."] as CustomPatternMatcherReturn;
    },
  },
  start_chars_hint: ["."],
  line_breaks: false,
});

for (const type of [NumberLiteral, StringNew, StringOld, StringJson, True, False, Undefined, Null, ErrorKeyword]) {
  OPERAND_ENDS.add(type);
}
for (const type of [BareName, QuotedNameNew, QuotedNameOld, QuotedNameJson, Dot, RBracket, RParen, RBrace]) {
  OPERAND_ENDS.add(type);
}

/** Tokens shared by every mode, in match order (after the mode's own literal tokens). */
const COMMON_HEAD: TokenType[] = [WhiteSpace, LineComment, BlockComment, UnterminatedComment, NumberLiteral];
const COMMON_TAIL: TokenType[] = [
  Dot,
  Elvis,
  Question,
  Colon,
  Semicolon,
  Comma,
  LBracket,
  RBracket,
  LParen,
  RParen,
  LBrace,
  RBrace,
  OrOr,
  AndAnd,
  Pipe,
  Caret,
  Amp,
  MetaEqual,
  MetaNotEqual,
  EqualEqual,
  NotEqual,
  Assign,
  URightShift,
  RightShift,
  GreaterEqual,
  Greater,
  LeftShift,
  LessEqual,
  Less,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bang,
  Tilde,
];
const KEYWORDS_NEW: TokenType[] = [True, False, Undefined, ErrorKeyword, Isnt, Is, BareName];
const KEYWORDS_JSON: TokenType[] = [True, False, Null, ErrorKeyword, Isnt, Is, BareName];

/** The lexer modes: the two ClassAd syntaxes and HTCondor's JSON mode. */
export type LexerMode = SourceSyntax | "json";

export const LEXER_MODES: Record<LexerMode, TokenType[]> = {
  new: [...COMMON_HEAD, StringNew, QuotedNameNew, ...KEYWORDS_NEW, ...COMMON_TAIL],
  old: [...COMMON_HEAD, StringOld, QuotedNameOld, ...KEYWORDS_NEW, ...COMMON_TAIL],
  json: [...COMMON_HEAD, StringJson, QuotedNameJson, ...KEYWORDS_JSON, ...COMMON_TAIL],
};

/** Every token type the parser may see, categories first (chevrotain wants them declared). */
export const ALL_TOKENS: TokenType[] = [
  Identifier,
  StringLiteral,
  BinaryOperator,
  UnaryOperator,
  ArgumentSeparator,
  UndefinedLiteral,
  KeywordLiteral,
  ...new Set([...LEXER_MODES.new, ...LEXER_MODES.old, ...LEXER_MODES.json]),
];
