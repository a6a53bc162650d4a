import { describe, expect, it } from "vitest";
import { formatExponential, formatGeneral } from "../../src/ast/c-format.js";
import { formatRealNew, formatRealShort, quoteString, unparse, unparseAttrName, unparseValue } from "../../src/ast/print.js";

const formatReal = (value: number, old = false): string => (old && Number.isFinite(value) ? formatRealShort(value) : formatRealNew(value));
const unparseString = quoteString;
import { ClassAd } from "../../src/classad/classad.js";
import { absTimeValue, classAdValue, intValue, listValue, realValue, relTimeValue, stringValue } from "../../src/model/value.js";
import { parseExpression } from "../../src/parser/index.js";

describe("reals", () => {
  it("new syntax: %1.15E, 0.0, real(\"NaN\"), real(\"INF\")", () => {
    expect(formatReal(1.5)).toBe("1.500000000000000E+00");
    expect(formatReal(100)).toBe("1.000000000000000E+02");
    expect(formatReal(1e-7)).toBe("1.000000000000000E-07");
    expect(formatReal(123456789.123456789)).toBe("1.234567891234568E+08");
    expect(formatReal(0)).toBe("0.0");
    expect(formatReal(-0)).toBe("-0.0");
    expect(formatReal(NaN)).toBe('real("NaN")');
    expect(formatReal(Infinity)).toBe('real("INF")');
    expect(formatReal(-Infinity)).toBe('real("-INF")');
    expect(formatReal(1e308)).toBe("1.000000000000000E+308");
  });

  it("old syntax: %.16G with .0 added", () => {
    const old = (v: number) => formatReal(v, true);
    expect([1.5, 100, 0.1, 1e-7, 1e20, 1e15, 1e16, 123456789.123456789, -0].map(old)).toEqual([
      "1.5", "100.0", "0.1", "1E-07", "1E+20", "1000000000000000.0", "1E+16", "123456789.1234568", "-0.0",
    ]);
  });

  it("rounds exact ties to even, as glibc does", () => {
    expect(formatExponential(2251799813685248.5, 15)).toBe("2.251799813685248E+15");
    expect(formatExponential(2251799813685249.5, 15)).toBe("2.251799813685250E+15");
    expect(formatGeneral(0.125, 2, false)).toBe("0.12");
    expect(formatGeneral(16.1234567, 6, false)).toBe("16.1235");
  });
});

describe("strings and names", () => {
  it("new syntax escapes C controls, backslash, quote; octal for the rest", () => {
    expect(unparseString('a"b\\c\nd\x01\xc3\xa9\'')).toBe('"a\\"b\\\\c\\nd\\001\\303\\251\'"');
  });
  it("old syntax escapes only the quote", () => {
    expect(unparseString('a"b\\c\nd', "old")).toBe('"a\\"b\\c\nd"');
  });
  it("quotes names that need it", () => {
    expect(["a", "_x1", "x y", "true", "Parent", "self", "1a", "it's"].map((name) => unparseAttrName(name))).toEqual([
      "a", "_x1", "'x y'", "'true'", "'Parent'", "self", "'1a'", "'it\\'s'",
    ]);
  });
});

describe("values", () => {
  it("prints every kind", () => {
    expect(unparseValue(intValue(2n ** 63n - 1n))).toBe("9223372036854775807");
    expect(unparseValue(realValue(0.5))).toBe("5.000000000000000E-01");
    expect(unparseValue(stringValue("x"))).toBe('"x"');
    expect(unparseValue(absTimeValue(0, 0))).toBe('absTime("1970-01-01T00:00:00-00:00")');
    expect(unparseValue(relTimeValue(60))).toBe('relTime("01:00")');
    expect(unparseValue(listValue([]))).toBe("{  }");
    const list = parseExpression("{1, 2.5}");
    expect(list.kind === "list" && unparseValue(listValue(list.items))).toBe("{ 1,2.500000000000000E+00 }");
    const ad = new ClassAd([["bb", parseExpression("1")], ["A", parseExpression("x is y")]]);
    expect(unparseValue(classAdValue(ad))).toBe("[ A = x is y; bb = 1 ]");
    expect(unparseValue(classAdValue(ad), { syntax: "old" })).toBe("[ A = x =?= y; bb = 1 ]");
  });
});

describe("old syntax expressions", () => {
  it("prints =?= and =!=, %.16G reals", () => {
    expect(unparse(parseExpression("a is b && c isnt 1.5"), { syntax: "old" })).toBe("a =?= b && c =!= 1.5");
  });

  it("keeps the deprecated `oldSyntax` option working; `syntax` wins over it", () => {
    const expr = parseExpression('a is "b\\c" && 1.5 > x');
    expect(unparse(expr, { oldSyntax: true })).toBe(unparse(expr, { syntax: "old" }));
    expect(unparse(expr, { syntax: "new", oldSyntax: true })).toBe(unparse(expr));
    expect(unparseValue(realValue(0.5), { oldSyntax: true })).toBe("0.5");
  });
});
