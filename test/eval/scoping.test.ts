/** Attribute resolution, lists, records, subscripts, match contexts and limits (§3.11-§3.13, §6.1). */
import { describe, expect, it } from "vitest";
import { binary, literal } from "../../src/ast/build.js";
import type { Expr } from "../../src/model/nodes.js";
import { unparseValue } from "../../src/ast/print.js";
import { evaluate, evaluateWithStatus } from "../../src/classad/evaluate.js";
import { intValue } from "../../src/model/value.js";
import { ad, ev } from "./helpers.js";

describe("records and lists", () => {
  const table: Array<[string, string]> = [
    ["[a = 1; b = [c = a]].b.c", "1"],
    ["[a = 1; n = [x = 20]].n.a", "1"],
    ["{[a=1],[b=2]}.a", "{ 1,undefined }"],
    ["{{[a=1]},[a=2]}.a", "{ { 1 },2 }"],
    ["{1}.a", "{ error }"],
    ["{}.a", "{  }"],
    ["\"str\".a", "error"],
    ["undefined.a", "undefined"],
    ["[k = \"a\"; l = {k}].l[0]", "\"a\""],
    ["{1,2,3}[1]", "2"],
    ["{1,2,3}[3]", "error"],
    ["{1,2,3}[-1]", "error"],
    ["{1,2,3}[1.0]", "error"],
    ["{1,2,3}[true]", "error"],
    ["{1,2,3}[4294967297]", "2"],
    ["[a=1][\"A\"]", "1"],
    ["[a=1][\"missing\"]", "undefined"],
    ["[a=1][1]", "error"],
    ["\"abc\"[0]", "error"],
    ["{1}[undefined]", "undefined"],
    ["[c = d; d = c].c", "undefined"],
    ["[e = e + 1].e", "undefined"],
    ["[x = self.y; y = 3].x", "3"],
    ["[p = 1; q = [r = parent.p]].q.r", "1"],
    ["[x = toplevel.y; y = 3].x", "undefined"],
  ];
  it.each(table)("%s = %s", (text, want) => expect(ev(text)).toBe(want));
});

describe("attribute references in an ad", () => {
  const my = ad('[ x = 5; y = x * 2; s = "str"; self = self + 1; nested = [ a = 1; b = x ]; CurrentTime = 7 ]');

  it("follows references inside the ad", () => {
    expect(ev("y", { my })).toBe("10");
    expect(ev("nested.b", { my })).toBe("5");
    expect(ev("MY.y", { my })).toBe("10");
    expect(ev("MY.y", { my, strict: true })).toBe("undefined");
  });
  it("an attribute named like a special name wins, and its cycle is UNDEFINED", () => {
    expect(ev("self", { my })).toBe("undefined");
  });
  it("CurrentTime is time() in old semantics unless the ad defines it", () => {
    expect(ev("CurrentTime", { my })).toBe("7");
    expect(ev("CurrentTime", { now: 1234 })).toBe("1234");
    expect(ev("CurrentTime", { now: 1234, strict: true })).toBe("undefined");
  });
  it("absolute references start at the root (the outermost ad of the evaluation)", () => {
    const outer = ad("[ x = 1; n = [ x = 2; y = .x; z = x ] ]");
    expect(ev("n.y", { my: outer })).toBe("1");
    expect(ev("n.z", { my: outer })).toBe("2");
    // A record literal's parent is the context ad, which is the root.
    expect(ev("[x = 1; n = [x = 2; y = .x]].n.y")).toBe("undefined");
  });
});

describe("match context", () => {
  const job = ad('[ x = 5; Requirements = TARGET.t > x; Rank = t; only = "job" ]');
  const slot = ad('[ t = 7; x = 100; Requirements = MY.t > TARGET.x; name = "slot1" ]');

  it("MY and TARGET name the two ads", () => {
    expect(ev("TARGET.x", { my: job, target: slot })).toBe("100");
    expect(ev("MY.x", { my: job, target: slot })).toBe("5");
    expect(ev("other.name", { my: job, target: slot })).toBe('"slot1"');
    expect(ev("Requirements", { my: job, target: slot })).toBe("true");
  });
  it("old semantics: an unscoped name missing from MY falls back to TARGET", () => {
    expect(ev("name", { my: job, target: slot })).toBe('"slot1"');
    expect(ev("Rank", { my: job, target: slot })).toBe("7");
    expect(ev("name", { my: job, target: slot, strict: true })).toBe("undefined");
  });
  it("the match ad's own attributes are visible", () => {
    expect(ev("symmetricMatch", { my: job, target: slot })).toBe("true");
    expect(ev("leftRankValue", { my: job, target: slot })).toBe("7");
  });
  it("TARGET outside a match is UNDEFINED", () => {
    expect(ev("TARGET.x", { my: job })).toBe("undefined");
  });
  it("does not modify the ads", () => {
    ev("TARGET.x", { my: job, target: slot });
    expect(job.parent).toBeNull();
    expect(slot.parent).toBeNull();
  });
});

describe("limits", () => {
  const chain = (n: number): Expr => {
    let expr: Expr = literal(intValue(1));
    for (let i = 0; i < n; i++) expr = binary("+", expr, literal(intValue(1)));
    return expr;
  };
  it("400 nested operators evaluate, 401 fail with ERROR", () => {
    expect(unparseValue(evaluate(chain(400)))).toBe("401");
    const over = evaluateWithStatus(chain(401));
    expect(over.value.kind).toBe("error");
    expect(over.failed).toBe(true);
  });
  it("a very deep tree neither crashes nor recurses past the limit", () => {
    expect(evaluateWithStatus(chain(200_000)).failed).toBe(true);
  });
  it("the step budget stops exponential re-evaluation", () => {
    const names = Array.from({ length: 40 }, (_, i) => `a${i} = a${i + 1} + a${i + 1}`).join("; ");
    const my = ad(`[ ${names}; a40 = 1 ]`);
    const result = evaluateWithStatus(binary("+", literal(intValue(0)), { kind: "attr", name: "a0", scope: null, absolute: false, start: -1, end: -1 }), { my, maxSteps: 100_000 });
    expect(result.failed).toBe(true);
    expect(result.value.kind).toBe("error");
  });
  it("deep chains of attributes and calls stop at the limits without exhausting the stack", () => {
    for (const fn of ["strcat", "toUpper", "isUndefined", "eval", "size"]) {
      const lines = Array.from({ length: 450 }, (_, i) => `a${i} = ${fn}(${fn}(${fn}(a${i + 1})))`);
      const my = ad(`[ ${lines.join("; ")}; a450 = 1 ]`);
      const result = evaluateWithStatus("a0", { my });
      expect(result.value.kind).toBe("error");
      expect(result.failed).toBe(true);
    }
  });
  it("configurable depth", () => {
    expect(evaluateWithStatus(chain(10), { maxDepth: 5 }).failed).toBe(true);
  });
  it("unknown functions are ERROR without failing", () => {
    const result = evaluateWithStatus(binary("+", literal(intValue(1)), { kind: "call", name: "noSuchFunc", args: [], start: -1, end: -1 }));
    expect(result.value.kind).toBe("error");
    expect(result.failed).toBe(false);
  });
});
