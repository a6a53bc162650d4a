import { describe, expect, it } from "vitest";
import { B, E, I, L, R, S, U, run, show } from "./harness.js";

describe("strcat / join", () => {
  it("strcat converts with string() and is UNDEFINED as soon as one argument is", () => {
    expect(show(run("strcat", []))).toBe('""');
    expect(show(run("strcat", [S("x"), R(1.5)]))).toBe('"x1.500000000000000E+00"');
    expect(show(run("strcat", [S("x"), U, E]))).toBe("undefined");
    expect(show(run("strcat", [S("x"), E, U]))).toBe("error");
    expect(show(run("strcat", [B(true), I(7)]))).toBe('"true7"');
  });
  it("join takes a separator then items, or a list", () => {
    expect(show(run("join", [S(","), S(""), S("a")]))).toBe('"a"');
    expect(show(run("join", [S(","), S("a"), S("")]))).toBe('"a,"');
    expect(show(run("join", [S(", "), L(I(1), U, S("b"))]))).toBe('"1, b"');
    expect(show(run("join", [L(S("a"), S("b"))]))).toBe('"ab"');
    expect(show(run("join", [U, S("a"), S("b")]))).toBe('"ab"');
    expect(show(run("join", [S(","), U, U]))).toBe("undefined");
    expect(show(run("join", []))).toBe('""');
    expect(show(run("join", [S("abc")]))).toBe('""');
    expect(show(run("join", [S(","), S("a"), E]))).toBe("error");
  });
});

describe("toUpper / toLower / substr", () => {
  it("change ASCII case only, after string()", () => {
    expect(show(run("toUpper", [S("ab\u00e0")]))).toBe('"AB\u00e0"');
    expect(show(run("toLower", [B(true)]))).toBe('"true"');
    expect(show(run("toUpper", [I(5)]))).toBe('"5"');
    expect(show(run("toLower", [U]))).toBe("undefined");
  });
  it("substr is perl-like on bytes", () => {
    expect(show(run("substr", [S("abcdef"), I(2)]))).toBe('"cdef"');
    expect(show(run("substr", [S("abcdef"), I(-2)]))).toBe('"ef"');
    expect(show(run("substr", [S("abcdef"), I(-10), I(2)]))).toBe('"ab"');
    expect(show(run("substr", [S("abcdef"), I(1), I(-2)]))).toBe('"bcd"');
    expect(show(run("substr", [S("abcdef"), I(1), I(0)]))).toBe('""');
    expect(show(run("substr", [S("abc"), I(10)]))).toBe('""');
    expect(show(run("substr", [S("abc"), R(1)]))).toBe("error");
    expect(show(run("substr", [S("abc"), U]))).toBe("undefined");
    expect(show(run("substr", [I(1), I(0)]))).toBe("error");
  });
});

describe("strcmp / stricmp / version comparisons", () => {
  it("compare bytes, or ASCII case-insensitively", () => {
    expect(show(run("strcmp", [S("a"), S("B")]))).toBe("int:1");
    expect(show(run("stricmp", [S("a"), S("B")]))).toBe("int:-1");
    expect(show(run("stricmp", [S("ABC"), S("abc")]))).toBe("int:0");
    expect(show(run("strcmp", [I(1), S("1")]))).toBe("int:0");
    expect(show(run("strcmp", [U, S("1")]))).toBe("undefined");
    expect(show(run("strcmp", [E, S("1")]))).toBe("error");
  });
  it("versioncmp returns natural_cmp's raw difference", () => {
    expect(show(run("versioncmp", [S("a"), S("z")]))).toBe("int:-25");
    expect(show(run("versioncmp", [S("1.10"), S("1.9")]))).toBe("int:1");
    expect(show(run("versioncmp", [S("1.2.3"), S("1.9")]))).toBe("int:-7");
    expect(show(run("versioncmp", [S("1.2.3"), I(1)]))).toBe("int:46");
    expect(show(run("versioncmp", [S("abc"), S("10")]))).toBe("int:48");
    expect(show(run("versioncmp", [S("8.9.11"), S("10")]))).toBe("int:-1");
    expect(show(run("versioncmp", [S("1.02"), S("1.2")]))).toBe("int:-1");
    expect(show(run("versionGT", [S("1.10"), S("1.9")]))).toBe("true");
    expect(show(run("versionLE", [S("1.10"), S("1.9")]))).toBe("false");
    expect(show(run("versionEQ", [S("1.9"), S("1.9")]))).toBe("true");
    expect(show(run("versionLT", [U, S("1")]))).toBe("undefined");
  });
  it("version_in_range is UNDEFINED for undefined bounds and ERROR for an undefined version", () => {
    expect(show(run("version_in_range", [S("1.5"), S("1.2"), S("1.10")]))).toBe("true");
    expect(show(run("version_in_range", [S("1.50"), S("1.2"), S("1.10")]))).toBe("false");
    expect(show(run("version_in_range", [S("1.5"), U, S("1.10")]))).toBe("undefined");
    expect(show(run("version_in_range", [U, S("1"), S("2")]))).toBe("error");
  });
});
