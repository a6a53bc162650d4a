import { describe, expect, it } from "vitest";
import { B, E, I, L, R, Rec, S, U, run, show, testContext } from "./harness.js";
import { call } from "../../src/ast/build.js";

describe("type predicates", () => {
  it("test the exact type", () => {
    expect(show(run("isBoolean", [I(1)]))).toBe("false");
    expect(show(run("isBoolean", [B(false)]))).toBe("true");
    expect(show(run("isInteger", [B(true)]))).toBe("false");
    expect(show(run("isReal", [I(1)]))).toBe("false");
    expect(show(run("isUndefined", [U]))).toBe("true");
    expect(show(run("isError", [E]))).toBe("true");
    expect(show(run("isList", [L()]))).toBe("true");
    expect(show(run("isClassAd", [Rec({})]))).toBe("true");
    expect(show(run("isAbstime", [call("absTime", [I(0), I(0)])]))).toBe("true");
    expect(show(run("isReltime", [call("relTime", [I(60)])]))).toBe("true");
  });
  it("give ERROR for a wrong argument count", () => {
    expect(show(run("isUndefined", []))).toBe("error");
    expect(show(run("isString", [S("a"), S("b")]))).toBe("error");
  });
});

describe("int / real / string / bool", () => {
  it("convert as HTCondor's value.cpp", () => {
    expect(show(run("int", [S("12abc")]))).toBe("int:12");
    expect(show(run("int", [S(" 0x10")]))).toBe("int:16");
    expect(show(run("int", [S("abc")]))).toBe("error");
    expect(show(run("int", [S("")]))).toBe("error");
    expect(show(run("int", [R(-2.7)]))).toBe("int:-2");
    expect(show(run("int", [U]))).toBe("undefined");
    expect(show(run("int", [L()]))).toBe("error");
    expect(show(run("int", [R(1e300)]))).toBe("int:-9223372036854775808");
    expect(show(run("real", [S("INF")]))).toBe("real:Infinity");
    expect(show(run("real", [S("-inf")]))).toBe("real:-Infinity");
    expect(show(run("real", [S("NaN")]))).toBe("real:NaN");
    expect(show(run("real", [call("relTime", [R(90.7)])]))).toBe("real:90");
    expect(show(run("real", [B(true)]))).toBe("real:1");
    expect(show(run("string", [R(1.5)]))).toBe('"1.500000000000000E+00"');
    expect(show(run("string", [I(-3)]))).toBe('"-3"');
    expect(show(run("string", [B(false)]))).toBe('"false"');
    expect(show(run("string", [U]))).toBe("undefined");
    expect(show(run("string", [call("relTime", [I(90)])]))).toBe('"01:30"');
    expect(show(run("string", [call("relTime", [I(-93784)])]))).toBe('"-1+02:03:04"');
    expect(show(run("string", [call("absTime", [I(0), I(0)])]))).toBe('"1970-01-01T00:00:00-00:00"');
    expect(show(run("string", [call("absTime", [I(3600), I(-21600)])]))).toBe('"1969-12-31T19:00:00-06:00"');
    expect(show(run("bool", [S("TRUE")]))).toBe("true");
    expect(show(run("bool", [S("yes")]))).toBe("undefined");
    expect(show(run("bool", [R(0.0)]))).toBe("false");
    expect(show(run("bool", [R(NaN)]))).toBe("true");
    expect(show(run("bool", [call("absTime", [I(0)])]))).toBe("error");
  });
});

describe("absTime / relTime", () => {
  it("build times from numbers with C's truncations", () => {
    expect(show(run("absTime", [I(100), I(3600)]))).toBe("abstime:100@3600");
    expect(show(run("absTime", [I(2 ** 32 + 5), I(0)]))).toBe("abstime:5@0");
    expect(show(run("absTime", [R(12.9), R(60.9)]))).toBe("abstime:12@60");
    expect(show(run("absTime", [I(0), I(-1)]))).toBe("error");
    expect(show(run("absTime", [U]))).toBe("undefined");
    expect(show(run("absTime", [U, S("x")]))).toBe("error");
    expect(show(run("absTime", [B(true)]))).toBe("error");
    expect(show(run("absTime", [S("2020")]))).toBe('"2020"');
    expect(show(run("relTime", [S("1:00")]))).toBe("reltime:0");
    // The value keeps its fraction (relTime(1.5) * 2 is 3 seconds in HTCondor); only a printed
    // result shows whole seconds (Literal::MakeLiteral): relTime(1.5) prints relTime("01").
    expect(show(run("relTime", [R(1.5)]))).toBe("reltime:1.5");
    expect(show(run("relTime", [R(-1.5)]))).toBe("reltime:-1.5");
    expect(show(run("relTime", [I(1), I(2)]))).toBe("error");
    expect(show(run("relTime", []))).toBe("error");
    expect(show(run("relTime", [call("absTime", [I(77), I(0)])]))).toBe("reltime:77");
  });
  it("uses the context clock and zone for absTime()", () => {
    const cx = testContext({ now: 1_600_000_000, timeZone: "America/Chicago" });
    expect(show(run("absTime", [], cx))).toBe("abstime:1600000000@-18000");
    expect(show(run("absTime", [I(0)], cx))).toBe("abstime:0@-21600");
  });
  it("records an evaluation failure for absTime(t, -1)", () => {
    const cx = testContext();
    run("absTime", [I(0), I(-1)], cx);
    expect(cx.failures).toBe(1);
  });
});
