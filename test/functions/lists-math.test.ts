import { describe, expect, it } from "vitest";
import { binary, call } from "../../src/ast/build.js";
import { B, E, I, L, R, Rec, S, U, A, run, show, testContext } from "./harness.js";
import { ClassAd } from "../../src/classad/classad.js";

describe("member / identicalMember", () => {
  it("compare with == (case-insensitive strings, 1.0 matches 1), skipping U/E comparisons", () => {
    expect(show(run("member", [S("A"), L(S("b"), S("a"))]))).toBe("true");
    expect(show(run("member", [R(1), L(I(2), I(1))]))).toBe("true");
    expect(show(run("member", [I(3), L(I(1), I(2), A("blah"), I(3))]))).toBe("true");
    expect(show(run("member", [I(9), L(I(1))]))).toBe("false");
    expect(show(run("member", [U, L(I(1))]))).toBe("undefined");
    expect(show(run("member", [I(1), U]))).toBe("undefined");
    expect(show(run("member", [E, L(I(1))]))).toBe("error");
    expect(show(run("member", [L(), L(I(1))]))).toBe("error");
    expect(show(run("member", [I(1), I(1)]))).toBe("error");
  });
  it("identicalMember uses =?= and accepts U and E", () => {
    expect(show(run("identicalMember", [U, L(U)]))).toBe("true");
    expect(show(run("identicalMember", [S("A"), L(S("a"))]))).toBe("false");
    expect(show(run("identicalMember", [E, L(I(1))]))).toBe("false");
  });
});

describe("size / sum / avg / min / max", () => {
  it("size counts list items, ad attributes and string bytes", () => {
    expect(show(run("size", [L(I(1), I(2))]))).toBe("int:2");
    expect(show(run("size", [Rec({ a: I(1), b: I(2) })]))).toBe("int:2");
    expect(show(run("size", [S("\u00c3\u00a9")]))).toBe("int:2");
    expect(show(run("size", [U]))).toBe("undefined");
    expect(show(run("size", [I(3)]))).toBe("error");
  });
  it("sum keeps the first element's type and skips UNDEFINED", () => {
    expect(show(run("sum", [L(B(true))]))).toBe("true");
    expect(show(run("sum", [L(B(true), I(2))]))).toBe("int:3");
    expect(show(run("sum", [L(I(1), R(0.5))]))).toBe("real:1.5");
    expect(show(run("sum", [L()]))).toBe("int:0");
    expect(show(run("sum", [L(U, U)]))).toBe("int:0");
    expect(show(run("sum", [L(I(1), S("x"))]))).toBe("error");
    expect(show(run("sum", [U]))).toBe("undefined");
    expect(show(run("sum", [I(1)]))).toBe("error");
  });
  it("avg divides by the count of defined elements", () => {
    expect(show(run("avg", [L(I(1), I(2), U)]))).toBe("real:1.5");
    expect(show(run("avg", [L()]))).toBe("int:0");
  });
  it("min and max return the extreme element in its own type", () => {
    expect(show(run("min", [L(I(3), R(1.5), I(2))]))).toBe("real:1.5");
    // Comparing promotes the bound in place, as HTCondor's operators do: 3 met 1.5 and became 3.0.
    expect(show(run("max", [L(I(3), R(1.5), U, I(2))]))).toBe("real:3");
    expect(show(run("max", [L(I(3), I(2))]))).toBe("int:3");
    expect(show(run("max", [L(B(true), B(false))]))).toBe("int:1");
    expect(show(run("min", [L(B(true), B(false))]))).toBe("int:0");
    expect(show(run("min", [L(B(true))]))).toBe("true");
    expect(show(run("max", [L()]))).toBe("undefined");
    expect(show(run("min", [L(S("a"))]))).toBe("error");
  });
});

describe("anyCompare / allCompare", () => {
  it("apply the named operator to every element", () => {
    expect(show(run("anyCompare", [S("<"), L(I(1), I(5)), I(3)]))).toBe("true");
    expect(show(run("allCompare", [S("<"), L(I(1), I(5)), I(3)]))).toBe("false");
    expect(show(run("allCompare", [S("is"), L(), I(3)]))).toBe("true");
    expect(show(run("anyCompare", [S("isnt"), L(I(3)), I(3)]))).toBe("false");
    expect(show(run("anyCompare", [S("!-"), L(I(3)), I(3)]))).toBe("error");
    expect(show(run("anyCompare", [S("IS"), L(I(3)), I(3)]))).toBe("error");
    expect(show(run("anyCompare", [U, L(I(3)), I(3)]))).toBe("undefined");
    expect(show(run("anyCompare", [S("=="), U, I(3)]))).toBe("undefined");
  });
  it("stop with false at the first UNDEFINED comparison", () => {
    expect(show(run("anyCompare", [S("=="), L(U, I(3)), I(3)]))).toBe("false");
    expect(show(run("allCompare", [S("=="), L(U, I(3)), I(3)]))).toBe("false");
    expect(show(run("anyCompare", [S("=="), L(L(), I(3)), I(3)]))).toBe("error");
  });
});

describe("floor / ceiling / round / pow / quantize / random", () => {
  it("round halves to even and convert through real()", () => {
    expect(show(run("round", [R(2.5)]))).toBe("int:2");
    expect(show(run("round", [R(-2.5)]))).toBe("int:-2");
    expect(show(run("round", [R(3.5)]))).toBe("int:4");
    expect(show(run("floor", [S("3.7")]))).toBe("int:3");
    expect(show(run("ceiling", [R(-0.5)]))).toBe("int:0");
    expect(show(run("ceil", [R(1.1)]))).toBe("int:2");
    expect(show(run("floor", [U]))).toBe("error");
    expect(show(run("floor", [B(true)]))).toBe("int:1");
    expect(show(run("floor", [I(7)]))).toBe("int:7");
  });
  it("pow follows HTCondor's integer rounding, including its negative-result bug", () => {
    expect(show(run("pow", [I(2), I(10)]))).toBe("int:1024");
    expect(show(run("pow", [I(-2), I(3)]))).toBe("int:-7");
    expect(show(run("pow", [I(2), I(-1)]))).toBe("real:0.5");
    expect(show(run("pow", [I(0), I(0)]))).toBe("int:1");
    expect(show(run("pow", [U, I(1)]))).toBe("error");
    expect(show(run("pow", [R(4), R(0.5)]))).toBe("real:2");
  });
  it("quantize rounds up to multiples or picks from a list", () => {
    expect(show(run("quantize", [I(3), I(2)]))).toBe("int:4");
    expect(show(run("quantize", [R(3.2), I(2)]))).toBe("real:4");
    expect(show(run("quantize", [I(3), R(1.5)]))).toBe("real:3");
    expect(show(run("quantize", [I(3), L(I(1), I(4), I(8))]))).toBe("int:4");
    expect(show(run("quantize", [I(10), L(I(1), I(4))]))).toBe("int:12");
    expect(show(run("quantize", [I(3), L(S("x"))]))).toBe("error");
    expect(show(run("quantize", [I(3), I(0)]))).toBe("int:3");
    expect(show(run("quantize", [S("x"), I(2)]))).toBe("error");
  });
  it("random draws from the injected source and fails for bounds <= 0", () => {
    const cx = testContext({ random: () => 0.5 });
    expect(show(run("random", [], cx))).toBe("real:0.5");
    expect(show(run("random", [I(10)], cx))).toBe("int:4");
    expect(show(run("random", [R(4)], cx))).toBe("real:2");
    expect(show(run("random", [I(0)], cx))).toBe("error");
    expect(cx.failures).toBe(1);
    expect(show(run("random", [S("x")], cx))).toBe("error");
    expect(show(run("random", [I(1), I(2)], cx))).toBe("error");
  });
});

describe("lists evaluate their elements in their own scope", () => {
  it("sum of a list referring to attributes of the ad holding it", () => {
    const ad = new ClassAd([
      ["a", call("sum", [L(A("x"), A("y"))])],
      ["x", binary("+", I(1), I(1))],
      ["y", I(3)],
    ]);
    const cx = testContext({ scope: ad });
    expect(show(run("sum", [L(A("x"), A("y"))], cx))).toBe("int:5");
  });
});
