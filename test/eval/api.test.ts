/** The public evaluation API: options, typed getters, JS conversion, references. */
import { describe, expect, it } from "vitest";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { AbsTime, CLASSAD_ERROR, RelTime } from "../../src/model/js-value.js";
import {
  Evaluator,
  MatchContext,
  evaluate,
  evaluateInMatch,
  evaluateWithStatus,
  externalReferences,
  internalReferences,
  fromJSValue,
  toJSValue,
} from "../../src/classad/index.js";
import { FunctionRegistry } from "../../src/functions/registry.js";
import { intValue } from "../../src/model/value.js";
import { parseExpression } from "../../src/parser/index.js";
import { ad } from "./helpers.js";

describe("evaluate()", () => {
  it("accepts text (UTF-8 converted to bytes) or a tree", () => {
    expect(unparseValue(evaluate("1 + 2"))).toBe("3");
    expect(unparseValue(evaluate(parseExpression("2 * 3")))).toBe("6");
    // The value handed out holds text; its bytes are UTF-8 (printed as HTCondor prints them).
    expect(evaluate('"é"')).toEqual({ kind: "string", v: "é" });
    expect(unparseValue(evaluate('"é"'))).toBe('"\\303\\251"');
  });
  it("uses the injected clock", () => {
    expect(unparseValue(evaluate("CurrentTime", { now: 42 }))).toBe("42");
    let calls = 0;
    const clock = (): number => ++calls * 100;
    expect(unparseValue(evaluate("CurrentTime", { now: clock }))).toBe("100");
  });
  it("takes a function registry", () => {
    const functions = new FunctionRegistry().register("Twice", (args, cx) => {
      const v = cx.evaluate(args[0]!, cx.scope);
      return v.kind === "int" ? intValue(Number(v.v) * 2) : v;
    });
    expect(unparseValue(evaluate("twice(21)", { functions }))).toBe("42");
    expect(unparseValue(evaluate("strlen(\"x\")", { functions }))).toBe("error");
  });
  it("reports evaluation failure separately from the ERROR value", () => {
    expect(evaluateWithStatus("error").failed).toBe(false);
  });
  it("evaluates in a match with evaluateInMatch and a reusable MatchContext", () => {
    const job = ad("[ RequestMemory = 2048; Requirements = TARGET.Memory >= RequestMemory ]");
    const small = ad("[ Memory = 1024 ]");
    const big = ad("[ Memory = 4096 ]");
    expect(unparseValue(evaluateInMatch("Requirements", job, big))).toBe("true");
    const evaluator = new Evaluator({ now: 0 });
    const context = new MatchContext(job, small);
    const requirements = parseExpression("Requirements");
    expect(unparseValue(evaluator.evaluate(requirements, { match: context }))).toBe("false");
    expect(unparseValue(evaluator.evaluate(requirements, { match: context.setRight(big) }))).toBe("true");
  });
});

describe("ClassAd methods", () => {
  const my = ad('[ i = 3; r = 2.5; b = true; s = "héllo"; u = undefined; big = 9223372036854775807; e = random(0) ]');

  it("evaluate by name or expression", () => {
    expect(unparseValue(my.evaluate("i"))).toBe("3");
    expect(unparseValue(my.evaluate("missing"))).toBe("undefined");
    expect(unparseValue(my.evaluate(parseExpression("i + r")))).toBe("5.500000000000000E+00");
  });
  it("typed getters follow HTCondor's EvaluateAttr* type rules", () => {
    expect(my.getInteger("i")).toBe(3);
    expect(my.getInteger("r")).toBeUndefined();
    expect(my.getReal("r")).toBe(2.5);
    expect(my.getReal("i")).toBeUndefined();
    expect(my.getNumber("b")).toBe(1);
    expect(my.getNumber("s")).toBeUndefined();
    expect(my.getBool("b")).toBe(true);
    expect(my.getBool("i")).toBeUndefined();
    expect(my.getBoolEquiv("i")).toBe(true);
    expect(my.getString("s")).toBe("héllo");
    expect(my.getString("u")).toBeUndefined();
    expect(my.getBigInt("big")).toBe(9223372036854775807n);
  });
  it("a failed evaluation reads as not found", () => {
    expect(my.getNumber("e")).toBeUndefined();
  });
  it("toJS / fromJS round trip", () => {
    const js = { a: 1, b: "x é", c: [1, 2.5, null], d: { e: true }, f: 2n ** 60n };
    const back = ClassAd.fromJS(js).toJS();
    expect(back).toEqual(js);
  });
  it("fromJS keeps hostile names as data", () => {
    const obj = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}') as object;
    const converted = ClassAd.fromJS(obj);
    expect(converted.has("__proto__")).toBe(true);
    const js = converted.toJS();
    expect(Object.getPrototypeOf(js)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("value conversion", () => {
  it("maps every kind", () => {
    expect(toJSValue(fromJSValue(null))).toBeNull();
    expect(toJSValue(fromJSValue(CLASSAD_ERROR))).toBe(CLASSAD_ERROR);
    expect(toJSValue(fromJSValue(new RelTime(90)))).toEqual(new RelTime(90));
    expect(toJSValue(fromJSValue(new AbsTime(100, 3600)))).toEqual(new AbsTime(100, 3600));
    expect(fromJSValue(new Date(5000))).toEqual({ kind: "abstime", secs: 5, offset: 0 });
    expect(fromJSValue(1.0).kind).toBe("int");
    expect(fromJSValue(1.5).kind).toBe("real");
    expect(fromJSValue(() => 1).kind).toBe("error");
  });
  it("evaluates list elements and ad attributes in their own scope", () => {
    expect(toJSValue(evaluate("[a = 1; l = {a, a + 1}].l"))).toEqual([1, 2]);
    expect(toJSValue(evaluate("[a = 1; b = a + 1]"))).toEqual({ a: 1, b: 2 });
  });
});

describe("references", () => {
  const job = ad('[ A = B + TARGET.Memory; B = C * 2; C = MY.D; D = other.Disk + E ]');

  it("external references have full names for unresolved scopes", () => {
    expect(externalReferences(job.lookup("A")!, job)).toEqual(["E", "other.Disk", "TARGET.Memory"]);
    expect(externalReferences("Foo + B", job)).toEqual(["E", "Foo", "other.Disk"]);
  });
  it("internal references are the ad's own attributes reached", () => {
    expect(internalReferences(job.lookup("A")!, job)).toEqual(["B", "C", "D"]);
  });
  it("a cyclic ad does not hang", () => {
    const cyclic = ad("[ x = y; y = x ]");
    expect(externalReferences("x", cyclic)).toEqual([]);
  });
});

describe("options", () => {
  it("rejects an unknown time zone or a negative limit with a typed error", () => {
    expect(() => evaluate("1", { timeZone: "Mars/Olympus" })).toThrow(expect.objectContaining({ code: "CA3001" }));
    expect(() => evaluate("1", { maxDepth: -1 })).toThrow(expect.objectContaining({ code: "CA3001" }));
  });
});
