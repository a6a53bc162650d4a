/**
 * The token list of HTCondor's lexer (`src/classad/classad/lexer.h`: every punctuation and
 * operator spelling), the characters that start no token, and the literal rules (numbers,
 * strings, keywords; `lexer.cpp`) checked through the parser.
 */
import { describe, expect, it } from "vitest";
import { unparse } from "../../src/ast/print.js";
import { tokenize } from "../../src/lexer/index.js";
import { ClassAdLimitError, ClassAdParseError, ErrorCode, parseExpression } from "../../src/parser/index.js";

const names = (text: string, mode: "new" | "old" | "json" = "new") => tokenize(text, mode).tokens.map((t) => t.tokenType.name);

function failure(text: string, options = {}): ClassAdParseError | ClassAdLimitError {
  try {
    parseExpression(text, options);
  } catch (error) {
    if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) return error;
    throw error;
  }
  throw new Error(`parsed: ${JSON.stringify(text)}`);
}

/** Spelling → token, for every punctuation/operator token of HTCondor's lexer. */
const PUNCTUATION: readonly (readonly [string, string])[] = [
  [".", "Dot"],
  ["*", "Star"],
  ["/", "Slash"],
  ["%", "Percent"],
  ["+", "Plus"],
  ["-", "Minus"],
  ["&", "Amp"],
  ["&&", "AndAnd"],
  ["|", "Pipe"],
  ["||", "OrOr"],
  ["~", "Tilde"],
  ["^", "Caret"],
  ["<<", "LeftShift"],
  [">>", "RightShift"],
  [">>>", "URightShift"],
  ["!", "Bang"],
  ["!=", "NotEqual"],
  ["<", "Less"],
  ["<=", "LessEqual"],
  [">", "Greater"],
  [">=", "GreaterEqual"],
  ["==", "EqualEqual"],
  ["=?=", "MetaEqual"],
  ["=!=", "MetaNotEqual"],
  ["=", "Assign"],
  ["?", "Question"],
  ["?:", "Elvis"],
  [":", "Colon"],
  [";", "Semicolon"],
  [",", "Comma"],
  ["[", "LBracket"],
  ["]", "RBracket"],
  ["(", "LParen"],
  [")", "RParen"],
  ["{", "LBrace"],
  ["}", "RBrace"],
];

describe("token list (semantics §1.3)", () => {
  it("every punctuation and operator spelling is one token, in every lexer mode", () => {
    for (const mode of ["new", "old", "json"] as const) {
      for (const [spelling, token] of PUNCTUATION) {
        expect(names(`a ${spelling} b`, mode), `${mode}: ${spelling}`).toEqual(["BareName", token, "BareName"]);
      }
    }
  });

  it("keywords is/isnt are the meta operators", () => {
    expect(unparse(parseExpression("a =?= b"))).toBe("a is b");
    expect(unparse(parseExpression("a IS b"))).toBe("a is b");
    expect(unparse(parseExpression("a =!= b"))).toBe("a isnt b");
    expect(unparse(parseExpression("a Isnt b"))).toBe("a isnt b");
  });

  it("spellings that are not tokens fail to parse", () => {
    for (const text of ["a <> b", "a === b", "a >>= 1", "a -> b", "a :: b", "a>>>=1", "a =? b"]) {
      expect(failure(text), text).toBeInstanceOf(ClassAdParseError);
    }
  });

  it("'=!' not followed by '=' is '=' then '!'", () => {
    expect(names("a =!b")).toEqual(["BareName", "Assign", "Bang", "BareName"]);
  });

  it("'..' not followed by a digit is one selection token", () => {
    expect(names("a..b")).toEqual(["BareName", "Dot", "BareName"]);
    expect(tokenize("a..b").tokens[1]?.image).toBe("..");
  });
});

describe("input, whitespace and characters that start no token (§1.1)", () => {
  it("whitespace is C isspace: space, tab, newline, vertical tab, form feed, carriage return", () => {
    expect(unparse(parseExpression("1\t+\n2\v+\f3\r+ 4"))).toBe("1 + 2 + 3 + 4");
  });

  it("other bytes outside strings are CA1001", () => {
    for (const text of ["a # b", "a @ b", "a $ b", "a \\ b", "a ` b", "a \x01 b", "a \x80 b", "a \xe9 b"]) {
      const error = failure(text);
      expect(error.code, JSON.stringify(text)).toBe(ErrorCode.UnexpectedCharacter);
      expect(error.offset).toBe(2);
    }
  });

  it("comments are skipped in every lexer mode", () => {
    for (const syntax of ["new", "old"] as const) {
      expect(unparse(parseExpression("1 /* c */ + // d\n 2", { syntax }))).toBe("1 + 2");
    }
    expect(names("1 /* c */ , 2", "json")).toEqual(["NumberLiteral", "Comma", "NumberLiteral"]);
  });

  it("a lexical error on a later line reports its line, column and caret", () => {
    const error = failure("a +\n  b +\n    017");
    expect(error.code).toBe(ErrorCode.InvalidNumber);
    expect([error.offset, error.line, error.column]).toEqual([14, 3, 5]);
    expect(error.snippet).toBe("    017\n    ^");
    expect(error.describe()).toContain("CA1003 at line 3, column 5");
  });
});

describe("literal rules (§1.6-1.8)", () => {
  const value = (text: string, options = {}) => {
    const expr = parseExpression(text, options);
    return expr.kind === "literal" ? expr.value : expr;
  };

  it("integers are signed 64-bit; out of range is 0; the sign belongs to the literal", () => {
    expect(value("9223372036854775807")).toEqual({ kind: "int", v: 9223372036854775807n });
    expect(value("-9223372036854775808")).toEqual({ kind: "int", v: -9223372036854775808n });
    expect(value("9223372036854775808")).toEqual({ kind: "int", v: 0 });
    expect(value("0")).toEqual({ kind: "int", v: 0 });
    expect(value("-017")).toEqual({ kind: "int", v: -17 });
    for (const text of ["017", "00", "0x1F", "08", "09", "0x"]) expect(failure(text).code, text).toBe(ErrorCode.InvalidNumber);
  });

  it("reals: forms, errors, overflow to infinity", () => {
    expect(value(".5")).toEqual({ kind: "real", v: 0.5 });
    expect(value("09.5")).toEqual({ kind: "real", v: 9.5 });
    expect(value("1e3")).toEqual({ kind: "real", v: 1000 });
    expect(value("2.5E-1")).toEqual({ kind: "real", v: 0.25 });
    expect(value("1e400")).toEqual({ kind: "real", v: Infinity });
    for (const text of ["1.", "1.e5", "1e", "1e+"]) expect(failure(text).code, text).toBe(ErrorCode.InvalidNumber);
  });

  it("new-syntax escapes: unknown escapes give the character, no \\x or \\u", () => {
    expect(value('"a\\qb"')).toEqual({ kind: "string", v: "aqb" });
    expect(value('"\\x41"')).toEqual({ kind: "string", v: "x41" });
    expect(value('"\\u0041"')).toEqual({ kind: "string", v: "u0041" });
    expect(value('"\\a\\b\\f\\n\\r\\t\\v\\?\\\'\\"\\\\"')).toEqual({ kind: "string", v: "\x07\b\f\n\r\t\v?'\"\\" });
    expect(value('"line\nbreak"')).toEqual({ kind: "string", v: "line\nbreak" });
    expect(failure('"a\\000"').code).toBe(ErrorCode.InvalidEscape);
    expect(failure('"abc').code).toBe(ErrorCode.UnterminatedString);
  });

  it("old string lexing: a final backslash before the closing quote stays", () => {
    expect(value('"ab\\"', { syntax: "old" })).toEqual({ kind: "string", v: "ab\\" });
    expect(value('"ab\\"cd\\ef"', { syntax: "old" })).toEqual({ kind: "string", v: 'ab"cd\\ef' });
    expect(value('"a\\0b"', { syntax: "old" })).toEqual({ kind: "string", v: "a\\0b" });
  });

  it("quoted names use the string rules of the mode; they join only with the same quote", () => {
    const name = (text: string, options = {}) => {
      const expr = parseExpression(text, options);
      return expr.kind === "attr" ? expr.name : null;
    };
    expect(name("'a\\'b'")).toBe("a'b");
    expect(name("'a\\tb'", { syntax: "old" })).toBe("a\\tb");
    // HTCondor's tokenizeString joins adjacent literals with the same delimiter, quotes included.
    expect(name("'a' 'b'")).toBe("ab");
    expect(failure("'a' \"b\"").code).toBe(ErrorCode.TrailingText);
  });
});

describe("prefix parses and the bracket pre-scan", () => {
  it("deep nesting in text a prefix parse ignores does not fail it", () => {
    const tail = " " + "(".repeat(10_000);
    expect(unparse(parseExpression("1" + tail, { full: false }))).toBe("1");
    expect(failure("1" + tail).code).toBe(ErrorCode.DepthLimit);
  });

  it("a prefix parse that reaches deep nesting gets the limit error", () => {
    const error = failure("(".repeat(10_000) + "1" + ")".repeat(10_000) + " junk", { full: false });
    expect(error.code).toBe(ErrorCode.DepthLimit);
  });
});
