import { describe, expect, it } from "vitest";
import { binary, call } from "../../src/ast/build.js";
import { ClassAd } from "../../src/classad/classad.js";
import { A, B, E, I, L, R, S, U, run, show, testContext } from "./harness.js";

describe("ifThenElse", () => {
  it("evaluates only the chosen branch", () => {
    const cx = testContext();
    expect(show(run("ifThenElse", [B(true), S("y"), call("debug", [S("n")])], cx))).toBe('"y"');
    expect(cx.debugged).toHaveLength(0);
    expect(show(run("ifThenElse", [I(0), S("y"), S("n")]))).toBe('"n"');
    expect(show(run("ifThenElse", [R(0.5), S("y"), S("n")]))).toBe('"y"');
    expect(show(run("ifThenElse", [U, S("y"), S("n")]))).toBe("undefined");
    expect(show(run("ifThenElse", [S("true"), S("y"), S("n")]))).toBe("error");
    expect(show(run("ifThenElse", [E, S("y"), S("n")]))).toBe("error");
    expect(show(run("ifThenElse", [B(true), S("y")]))).toBe("error");
  });
});

describe("debug", () => {
  it("returns its argument's value and reports it", () => {
    const cx = testContext();
    expect(show(run("debug", [binary("+", I(1), I(2))], cx))).toBe("int:3");
    expect(cx.debugged.map(([, value]) => show(value))).toEqual(["int:3"]);
  });
});

describe("unparse / unresolved", () => {
  const ad = new ClassAd([
    ["x", binary("+", A("y"), A("Memory"))],
    ["y", I(2)],
  ]);
  const cx = testContext({ scope: ad });
  it("unparse needs an attribute reference; a missing one gives an empty string", () => {
    expect(show(run("unparse", [A("nothing")], cx))).toBe('""');
    expect(show(run("unparse", [S("x")], cx))).toBe("error");
    expect(show(run("unparse", [], cx))).toBe("error");
  });
  it("unresolved lists the references the ad does not define", () => {
    expect(show(run("unresolved", [A("x")], cx))).toBe('"Memory"');
    expect(show(run("unresolved", [A("x"), S("^mem")], cx))).toBe("true");
    expect(show(run("unresolved", [A("x"), S("^disk")], cx))).toBe("false");
    expect(show(run("unresolved", [A("nothing")], cx))).toBe("undefined");
    expect(show(run("unresolved", [S("x")], cx))).toBe("error");
    expect(show(run("unresolved", [A("x"), S("(")], cx))).toBe("error");
    expect(show(run("unresolved", [A("x"), L()], cx))).toBe("error");
  });
});

describe("eval", () => {
  it("gives ERROR for UNDEFINED and non-strings that do not parse", () => {
    expect(show(run("eval", [U]))).toBe("error");
    expect(show(run("eval", [E]))).toBe("error");
  });
});
