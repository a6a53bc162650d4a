import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/model/nodes.js";
import { unparse } from "../../src/ast/print.js";
import {
  ClassAdLimitError,
  ClassAdParseError,
  ErrorCode,
  parseExpression,
  parseExpressionPrefix,
  parseRecord,
} from "../../src/parser/index.js";

const round = (text: string, options = {}): string => unparse(parseExpression(text, options));

function parseError(text: string, options = {}): ClassAdParseError | ClassAdLimitError {
  try {
    parseExpression(text, options);
  } catch (error) {
    if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe("precedence and structure", () => {
  it("groups binary operators by HTCondor's precedence, left-associative", () => {
    const e = parseExpression("a || b && c | d ^ e & f == g < h << i + j * k");
    expect(e.kind).toBe("binary");
    expect(e.kind === "binary" && e.op).toBe("||");
    const sub = parseExpression("a - b - c");
    expect(sub.kind === "binary" && sub.left.kind === "binary" && sub.left.op).toBe("-");
  });

  it("elvis is a postfix operator: tighter than unary and binary, right side a postfix", () => {
    const e = parseExpression("1 ?: 2 + 3");
    expect(e.kind === "binary" && e.op === "+" && e.left.kind).toBe("elvis");
    const neg = parseExpression("-a ?: b");
    expect(neg.kind === "unary" && neg.operand.kind).toBe("elvis");
    const chain = parseExpression("a ?: b ?: c");
    expect(chain.kind === "elvis" && chain.right.kind).toBe("elvis");
    expect(() => parseExpression("a ?: -b")).toThrow(ClassAdParseError);
  });

  it("ternary is right-associative and its middle may be a ternary", () => {
    const e = parseExpression("a ? b : c ? d : e");
    expect(e.kind === "ternary" && e.otherwise.kind).toBe("ternary");
    expect(round("a ? b ? c : d : e")).toBe("a ? b ? c : d : e");
  });

  it("keeps parentheses and prints unary operators with a leading space", () => {
    expect(round("(a)")).toBe("(a)");
    expect(round("-a")).toBe(" -a");
    expect(round("a - -b")).toBe("a -  -b");
    expect(round("- 5")).toBe(" -5");
    expect(round("-5")).toBe("-5");
    expect(round("2--1")).toBe("2 - -1");
    expect(round("x- 1")).toBe("x - 1");
  });

  it("reads selections, absolute references, subscripts and calls", () => {
    expect(round("MY.x + TARGET.y")).toBe("MY.x + TARGET.y");
    expect(round(".a")).toBe(".a");
    expect(round("a . b")).toBe("a.b");
    expect(round("f(x)[0].b")).toBe("f(x)[0].b");
    expect(round("[a=1].a")).toBe("[ a = 1 ].a");
    expect(round("f(a; b)")).toBe("f(a,b)");
    expect(() => parseExpression("a.true")).toThrow(ClassAdParseError);
    expect(() => parseExpression("f(1,)")).toThrow(ClassAdParseError);
  });

  it("records: separators, duplicates merged (last value, first spelling), attribute order", () => {
    expect(round("[;a=1]")).toBe("[ a = 1 ]");
    expect(round("[a=1;;b=2;]")).toBe("[ a = 1; b = 2 ]");
    expect(round("[A = 1; a = 2]")).toBe("[ A = 2 ]");
    expect(round("[bb = 1; a = 2; _u = 3; 'x y' = 4; 'true' = 5]")).toBe("[ a = 2; _u = 3; bb = 1; 'x y' = 4; 'true' = 5 ]");
    for (const bad of ["[;]", "[a = 1, b = 2]", "[a = 1 b = 2]", "[a.b = 1]", "[true = 1]"]) {
      expect(() => parseExpression(bad), bad).toThrow(ClassAdParseError);
    }
  });

  it("records parse on their own with parseRecord", () => {
    const record = parseRecord("[ a = 1; b = a + 1 ]");
    expect(record.attrs.map((attr) => attr.name)).toEqual(["a", "b"]);
    expect(() => parseRecord("1 + 2")).toThrow(ClassAdParseError);
  });

  it("records node positions as offsets", () => {
    const e = parseExpression("  foo(1, bar)  ") as Expr;
    expect([e.start, e.end]).toEqual([2, 13]);
  });
});

describe("literals", () => {
  it("case-insensitive keywords, identifiers that merely start with one", () => {
    expect(round("TRUE && False || UNDEFINED || Error")).toBe("true && false || undefined || error");
    expect(round("a IS b")).toBe("a is b");
    expect(round("a =?= b")).toBe("a is b");
    expect(round("a =!= b")).toBe("a isnt b");
    expect(round("true1 + is_x + island")).toBe("true1 + is_x + island");
  });

  it("numbers as HTCondor lexes them", () => {
    expect(round("9223372036854775807")).toBe("9223372036854775807");
    expect(round("9223372036854775808")).toBe("0");
    expect(round("-9223372036854775808")).toBe("-9223372036854775808");
    expect(round("-017")).toBe("-17");
    expect(round(".5")).toBe("5.000000000000000E-01");
    expect(round("1e400")).toBe('real("INF")');
    for (const bad of ["017", "0x1F", "08", "1.", "1e", "1.e5", "0x"]) {
      expect(parseError(bad).code, bad).toBe(ErrorCode.InvalidNumber);
    }
  });

  it("strings: escapes, octal, NUL rejected, adjacent literals joined", () => {
    expect(round('"\\101\\044\\44\\1"')).toBe('"A$$\\001"');
    expect(round('"ab" "cd"')).toBe('"abcd"');
    expect(round('"a\\qb"')).toBe('"aqb"');
    expect(round('"\\303\\251"')).toBe('"\\303\\251"');
    expect(parseError('"a\\0b"').code).toBe(ErrorCode.InvalidEscape);
    expect(parseError('"abc').code).toBe(ErrorCode.UnterminatedString);
  });

  it("old string lexing: only a non-final \\\" is an escape; no concatenation", () => {
    const old = { syntax: "old" } as const;
    expect(round('"a\\nb"', old)).toBe('"a\\\\nb"');
    expect(round('"ab\\"cd\\ef"', old)).toBe('"ab\\"cd\\\\ef"');
    expect(round('"ab\\"', old)).toBe('"ab\\\\"');
    expect(() => parseExpression('"a" "b"', old)).toThrow(ClassAdParseError);
    expect(unparse(parseExpression('"a\\b"', old), { syntax: "old" })).toBe('"a\\b"');
  });

  it("keeps the deprecated lexing booleans working; `syntax` wins over them", () => {
    const text = '"a\\nb"';
    const oldText = round(text, { syntax: "old" });
    expect(round(text, { oldStringLexing: true })).toBe(oldText);
    expect(round(text, { syntax: "new", oldStringLexing: true })).toBe(round(text));
    expect(round("null", { jsonLexing: true })).toBe(round("null", { syntax: "json" }));
    expect(round("null", { jsonLexing: true, oldStringLexing: true })).toBe("undefined");
    expect(() => parseExpression("1", { syntax: "OLD" as never })).toThrow(TypeError);
  });

  it("JSON lexing: null is undefined, undefined is a name, JSON escapes", () => {
    const json = { syntax: "json" } as const;
    expect(round("null", json)).toBe("undefined");
    expect(round("undefined", json)).toBe("'undefined'");
    expect(parseExpression("undefined", json).kind).toBe("attr");
    expect(round('"a\\u0041\\/"', json)).toBe('"aA/"');
    expect(() => parseExpression('"\\u0000"', json)).toThrow(ClassAdParseError);
  });

  it("quoted names", () => {
    expect(round("'x y' + 'a\\'b'")).toBe("'x y' + 'a\\'b'");
    expect(round("'true'")).toBe("'true'");
    expect(round("a.'b c'")).toBe("a.b c");
  });

  it("folds absTime/relTime literals at parse time and rejects bad strings", () => {
    expect(round('absTime("2004-01-01T00:00:00Z")')).toBe('absTime("2004-01-01T00:00:00-00:00")');
    const rel = parseExpression('relTime("1:00")');
    expect(rel.kind === "literal" && rel.relTimeLiteral && rel.value).toEqual({ kind: "real", v: 60 });
    expect(round('RELTIME("2+25:14:16.123")')).toBe('relTime("3+01:14:16.123")');
    expect(round("absTime(0)")).toBe("absTime(0)");
    expect(round('absTime(("2004"))')).toBe('absTime(("2004"))');
    expect(parseError('absTime("garbage")').code).toBe(ErrorCode.InvalidAbsTime);
    expect(parseError('relTime("bad")').code).toBe(ErrorCode.InvalidRelTime);
  });

  it("comments are skipped; an unterminated block comment is an error", () => {
    expect(round("1 /* c */ + // d\n 2")).toBe("1 + 2");
    expect(parseError("1 /* c").code).toBe(ErrorCode.UnterminatedComment);
    expect(parseError("# c 1").code).toBe(ErrorCode.UnexpectedCharacter);
  });
});

describe("full and prefix parses", () => {
  it("a full parse rejects trailing text", () => {
    expect(parseError("1 2").code).toBe(ErrorCode.TrailingText);
    expect(parseError("a = 2").code).toBe(ErrorCode.TrailingText);
    expect(parseError("1 +").code).toBe(ErrorCode.UnexpectedEnd);
  });

  it("HTCondor quirk: a top-level ternary ignores trailing text", () => {
    expect(round("a ? b : c junk")).toBe("a ? b : c");
  });

  it("a prefix parse ignores the rest, even text that does not lex", () => {
    expect(unparse(parseExpressionPrefix("1 junk"))).toBe("1");
    expect(unparse(parseExpression("1;2", { full: false }))).toBe("1");
    expect(unparse(parseExpressionPrefix("x y"))).toBe("x");
    expect(unparse(parseExpressionPrefix("1 # not a comment @$"))).toBe("1");
    expect(unparse(parseExpressionPrefix('"a" "b"', { syntax: "old" }))).toBe('"a"');
    expect(() => parseExpressionPrefix("1 + @")).toThrow(ClassAdParseError);
  });

  it("a NUL byte ends the input", () => {
    expect(round("1 + 2\0junk")).toBe("1 + 2");
  });
});

describe("errors and limits", () => {
  it("errors carry code, offset, line, column and a caret snippet", () => {
    const error = parseError("a +\n  (b * )");
    expect(error).toBeInstanceOf(ClassAdParseError);
    expect(error.code).toBe(ErrorCode.UnexpectedToken);
    expect(error.offset).toBe(11);
    expect([error.line, error.column]).toEqual([2, 8]);
    expect(error.snippet).toBe("  (b * )\n       ^");
  });

  it("nesting is limited as HTCondor limits it (165 parentheses parse, 166 do not)", () => {
    expect(() => parseExpression("(".repeat(165) + "1" + ")".repeat(165))).not.toThrow();
    const error = parseError("(".repeat(166) + "1" + ")".repeat(166));
    expect(error).toBeInstanceOf(ClassAdLimitError);
    expect(error.code).toBe(ErrorCode.DepthLimit);
    expect(() => parseExpression("- ".repeat(497) + "1")).not.toThrow();
    expect(parseError("- ".repeat(498) + "1").code).toBe(ErrorCode.DepthLimit);
  });

  it("100,000 nested brackets give the limit error, never a RangeError", () => {
    for (const [open, close] of [["(", ")"], ["{", "}"], ["[a=", "]"], ["f(", ")"]]) {
      const text = (open as string).repeat(100_000) + "1" + (close as string).repeat(100_000);
      expect(parseError(text)).toBeInstanceOf(ClassAdLimitError);
    }
    expect(parseError("a ?: ".repeat(100_000) + "b")).toBeInstanceOf(ClassAdLimitError);
    expect(parseError("a ? b : ".repeat(100_000) + "c")).toBeInstanceOf(ClassAdLimitError);
  });

  it("limits are options", () => {
    expect(parseError("((1))", { maxDepth: 6 })).toBeInstanceOf(ClassAdLimitError);
    const long = parseError("1 + 1", { maxLength: 3 });
    expect(long).toBeInstanceOf(ClassAdLimitError);
    expect(long.code).toBe(ErrorCode.LengthLimit);
  });

  it("long left-associative chains parse and print without recursion limits", () => {
    const text = Array.from({ length: 100_000 }, () => "1").join(" + ");
    expect(round(text)).toBe(text);
  });
});
