/** Operator semantics (HTCondor's operators.cpp; docs/language.md), checked through parsed expressions. */
import { describe, expect, it } from "vitest";
import { ev } from "./helpers.js";

describe("strictness", () => {
  it("ERROR wins over UNDEFINED in strict operators, whatever the side", () => {
    expect(ev("undefined + error")).toBe("error");
    expect(ev("error + undefined")).toBe("error");
    expect(ev("1 + undefined")).toBe("undefined");
    expect(ev("undefined == undefined")).toBe("undefined");
  });
});

describe("logical operators", () => {
  const table: Array<[string, string]> = [
    ["true && undefined", "undefined"],
    ["undefined && false", "false"],
    ["undefined && true", "undefined"],
    ["undefined && error", "error"],
    ["false && error", "false"],
    ["error && false", "error"],
    ["true || error", "true"],
    ["undefined || true", "true"],
    ["undefined || false", "undefined"],
    ["false || undefined", "undefined"],
    ["2 && 3", "true"],
    ["0 || 0", "false"],
    ["\"a\" && true", "error"],
    ["true && \"a\"", "error"],
    ["false && \"a\"", "false"],
    ["!5", "false"],
    ["!0", "true"],
    ["!undefined", "undefined"],
    ["!\"a\"", "error"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});

describe("conditionals", () => {
  it("ternary on undefined, error, numbers and other types", () => {
    expect(ev("undefined ? 1 : 2")).toBe("undefined");
    expect(ev("error ? 1 : 2")).toBe("error");
    expect(ev("0.5 ? 1 : 2")).toBe("1");
    expect(ev("\"x\" ? 1 : 2")).toBe("error");
  });
  it("elvis keeps everything but UNDEFINED", () => {
    expect(ev("undefined ?: 5")).toBe("5");
    expect(ev("error ?: 5")).toBe("error");
    expect(ev("false ?: 5")).toBe("false");
    expect(ev("1 ?: 2 + 3")).toBe("4");
  });
});

describe("arithmetic", () => {
  const table: Array<[string, string]> = [
    ["9223372036854775807 + 1", "-9223372036854775808"],
    ["-9223372036854775808 - 1", "9223372036854775807"],
    ["4611686018427387904 * 2", "-9223372036854775808"],
    ["3037000500 * 3037000500", "-9223372036709301616"],
    ["-7 / 2", "-3"],
    ["-7 % 2", "-1"],
    ["7 % -2", "1"],
    ["1 / 0", "error"],
    ["1 % 0", "error"],
    ["-9223372036854775808 / -1", "9223372036854775807"],
    ["-9223372036854775808 % -1", "0"],
    ["true + true", "2"],
    ["true + 1.5", "2.500000000000000E+00"],
    ["5.0 / 0", "error"],
    ["-5.0 / 0", "real(\"-INF\")"],
    ["0.0 / 0", "real(\"NaN\")"],
    ["1e308 * 10", "error"],
    ["5.0 % 2", "error"],
    ["5 % 2.0", "error"],
    ["\"a\" + \"b\"", "error"],
    ["-true", "error"],
    ["+true", "error"],
    ["+\"a\"", "error"],
    ["-(-9223372036854775808)", "-9223372036854775808"],
    ["0 * -5", "0"],
    ["-4 % 2", "0"],
    ["9007199254740993 + 0", "9007199254740993"],
    ["9007199254740993 - 9007199254740992", "1"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});

describe("time arithmetic", () => {
  const table: Array<[string, string]> = [
    ["absTime(\"2004-01-01T00:00:00Z\") + relTime(60)", "absTime(\"2004-01-01T00:01:00-00:00\")"],
    ["absTime(\"2004-01-01T00:01:00Z\") - absTime(\"2004-01-01T00:00:00Z\")", "relTime(\"01:00\")"],
    ["relTime(60) * 2", "relTime(\"02:00\")"],
    ["2 * relTime(60)", "relTime(\"02:00\")"],
    ["1.5 * relTime(10)", "relTime(\"15\")"],
    ["2 / relTime(10)", "error"],
    ["absTime(\"2004-01-01T00:00:00Z\") + 1", "error"],
    ["relTime(\"1:00\") == 60", "true"],
    ["-relTime(60)", "relTime(\"-01:00\")"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});

describe("bitwise and shifts", () => {
  const table: Array<[string, string]> = [
    ["-8 >>> 1", "9223372036854775804"],
    ["-8 >>> 0", "0"],
    ["1 << 64", "1"],
    ["1 << 63", "-9223372036854775808"],
    ["-8 >> 1", "-4"],
    ["-8 >> 100", "-1"],
    ["8 >> 1", "4"],
    ["true & 1", "error"],
    ["~0", "-1"],
    ["~9007199254740991", "-9007199254740992"],
    ["6 & 3", "2"],
    ["6 | 3", "7"],
    ["6 ^ 3", "5"],
    ["4294967296 | 1", "4294967297"],
    ["~true", "error"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});

describe("comparisons", () => {
  const table: Array<[string, string]> = [
    ["\"abc\" == \"ABC\"", "true"],
    ["\"a\" < \"B\"", "true"],
    ["\"10\" < \"9\"", "true"],
    ["\"a\" == 1", "error"],
    ["true == 1", "true"],
    ["false < 0.5", "true"],
    ["{1} == {1}", "error"],
    ["real(\"NaN\") != real(\"NaN\")", "true"],
    ["real(\"NaN\") == real(\"NaN\")", "false"],
    ["absTime(0, 0) == absTime(0, 3600)", "true"],
    ["relTime(10) < 11", "error"],
    ["9007199254740993 > 9007199254740992", "true"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));

  const identity: Array<[string, string]> = [
    ["\"abc\" is \"ABC\"", "false"],
    ["\"abc\" =?= \"abc\"", "true"],
    ["1 =?= 1.0", "false"],
    ["true =?= 1", "false"],
    ["10 =?= undefined", "false"],
    ["undefined =?= undefined", "true"],
    ["error =!= error", "false"],
    ["{1} =?= {1}", "error"],
    ["[a=1] =?= [a=1]", "error"],
    ["real(\"NaN\") =?= real(\"NaN\")", "false"],
    ["absTime(0, 0) =?= absTime(0, 3600)", "false"],
  ];
  it.each(identity)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});
