/**
 * Budgets against hostile expressions (issue #15): the size budget on strings and lists built
 * during evaluation, one step and size budget shared by a whole JS conversion, and builtins that
 * evaluate each argument once. Each case used to run for seconds to minutes or kill the process.
 */
import { describe, expect, it } from "vitest";
import {
  CLASSAD_ERROR,
  ClassAd,
  DEFAULT_MAX_BUILT_BYTES,
  createEnvironment,
  evaluate,
  evaluateWithStatus,
  toJSValue,
} from "../../src/core.js";

/** `replaceall("a", replaceall("a", ... "a"x16 ..., "a"x16), "a"x16)`: 16x the size per level. */
function nestedReplaceAll(levels: number): string {
  const sixteen = `"${"a".repeat(16)}"`;
  let text = sixteen;
  for (let i = 0; i < levels; i++) text = `replaceall("a", ${text}, ${sixteen})`;
  return `size(${text})`;
}

/** `join(join(...join("x")...))`: each level evaluated once costs linear, not 2^depth. */
function nestedJoin(levels: number): string {
  let text = '"x"';
  for (let i = 0; i < levels; i++) text = `join(${text})`;
  return text;
}

describe("size budget", () => {
  it("is 64 MiB by default and part of the environment", () => {
    expect(DEFAULT_MAX_BUILT_BYTES).toBe(64 * 1024 * 1024);
    expect(createEnvironment().maxBuiltBytes).toBe(DEFAULT_MAX_BUILT_BYTES);
    expect(createEnvironment({ maxBuiltBytes: 10 }).maxBuiltBytes).toBe(10);
  });

  it("stops amplifying replaceall chains promptly with a failed evaluation", () => {
    // 5 levels build 16^6 = 16 MB in a million searches: past the budget, which counts searches
    // too (8 levels used to exhaust the heap).
    for (const levels of [5, 6, 8, 12]) {
      const started = Date.now();
      const result = evaluateWithStatus(nestedReplaceAll(levels));
      expect(result.value.kind).toBe("error");
      expect(result.failed).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it("leaves results within the budget alone", () => {
    expect(evaluate(nestedReplaceAll(3))).toEqual({ kind: "int", v: 16 ** 4 });
    expect(evaluate(nestedReplaceAll(4), { maxBuiltBytes: 1 << 30 })).toEqual({ kind: "int", v: 16 ** 5 });
  });

  it("bounds the quadratic replaceall of an empty pattern", () => {
    // HTCondor's answer is ERROR either way (its last search starts past the end); past the budget
    // the evaluation fails, promptly, instead of building 400 MB first.
    const big = `"${"b".repeat(20_000)}"`;
    const started = Date.now();
    expect(evaluateWithStatus(`size(replaceall("", ${big}, ${big}))`)).toEqual({ value: { kind: "error" }, failed: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    const small = `"${"b".repeat(300)}"`;
    expect(evaluateWithStatus(`size(replaceall("", ${small}, ${small}))`)).toEqual({ value: { kind: "error" }, failed: false });
  });

  it("bounds strcat and join of repeated large values", () => {
    const ad = ClassAd.fromJS({ big: "c".repeat(1 << 20) });
    const many = Array.from({ length: 100 }, () => "big").join(", ");
    expect(evaluate(`size(strcat(${many}))`, { my: ad }).kind).toBe("error");
    expect(evaluate(`size(join(",", {${many}}))`, { my: ad }).kind).toBe("error");
    expect(evaluate(`size(strcat(big, big))`, { my: ad })).toEqual({ kind: "int", v: 2 << 20 });
  });

  it("bounds replacement expansion inside one match", () => {
    const backrefs = "\\\\0".repeat(5_000);
    const target = "d".repeat(20_000);
    expect(evaluate(`size(replace(".*", "${target}", "${backrefs}"))`).kind).toBe("error");
  });

  it("counts across the whole evaluation, not per call", () => {
    const env = createEnvironment({ maxBuiltBytes: 1000 });
    const part = `strcat("${"e".repeat(300)}", "")`;
    expect(evaluate(`size(${part}) + size(${part}) + size(${part})`, { environment: env })).toEqual({ kind: "int", v: 900 });
    expect(evaluate(`size(${part}) + size(${part}) + size(${part}) + size(${part})`, { environment: env }).kind).toBe("error");
  });
});

describe("join and strcat evaluate each argument once", () => {
  it("nested join with one non-list argument is linear", () => {
    const started = Date.now();
    // HTCondor: join("x") takes "x" as the separator of nothing.
    expect(evaluate(nestedJoin(40))).toEqual({ kind: "string", v: "" });
    expect(evaluate('join(",", strcat("a", "b"))')).toEqual({ kind: "string", v: "ab" });
    expect(evaluate('join(",", {strcat("a", "b"), "c"})')).toEqual({ kind: "string", v: "ab,c" });
    expect(Date.now() - started).toBeLessThan(5_000);
    // 40 levels at two evaluations per level would take 2^40 steps: the step budget would fail it.
    expect(evaluateWithStatus(nestedJoin(40), { maxSteps: 1000 }).failed).toBe(false);
  });
});

describe("JS conversion shares one budget", () => {
  it("does not expand shared lists exponentially", () => {
    const ad = ClassAd.fromJS({ a0: 1 });
    for (let i = 1; i <= 40; i++) ad.setText(`a${i}`, `{ a${i - 1}, a${i - 1} }`);
    const started = Date.now();
    const js = ad.toJS();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(js["a1"]).toEqual([1, 1]);
    // Somewhere the shared budget ran out: the rest is CLASSAD_ERROR, not a crash.
    expect(JSON.stringify(js, (_key, value) => (value === CLASSAD_ERROR ? "E" : value))).toContain('"E"');
  });

  it("toJS of an ad whose attributes each burn steps shares the step budget", () => {
    const ad = new ClassAd();
    ad.setText("burn", "sum({1,2,3,4,5,6,7,8,9,10})");
    for (let i = 0; i < 50; i++) ad.setText(`x${i}`, "burn + burn + burn");
    const js = ad.toJS({ maxSteps: 500 });
    const values = Object.values(js);
    expect(values.filter((value) => value === CLASSAD_ERROR).length).toBeGreaterThan(0);
    expect(values.filter((value) => value === 165).length).toBeGreaterThan(0);
  });

  it("toJSValue of a list counts its strings against the size budget", () => {
    const ad = ClassAd.fromJS({ s: "f".repeat(1000) });
    ad.setText("l", "{ s, s, s, s, s }");
    const list = ad.evaluate("l");
    const js = toJSValue(list, { my: ad, maxBuiltBytes: 3500 }) as unknown[];
    expect(js.slice(0, 3)).toEqual(["f".repeat(1000), "f".repeat(1000), "f".repeat(1000)]);
    expect(js).toContain(CLASSAD_ERROR);
    expect((toJSValue(list, { my: ad }) as unknown[]).length).toBe(5);
  });
});

describe("pretty printing and time formatting check the size budget before building", () => {
  /** An ad whose `L` is a list of `count` numbers nested `depth` lists deep, and `R` a record of such lists. */
  function deepAd(depth: number, count: number): ClassAd {
    const ad = new ClassAd();
    ad.setText("L", "{".repeat(depth) + "1,".repeat(count - 1) + "1" + "}".repeat(depth));
    ad.setText("R", `[ b = {1, {2, [c = 3; d = {}]}}; a = "x"; 'odd name' = [] ]`);
    return ad;
  }

  it("unparse(attr): exactly the budget fits, one byte less fails, for lists and records", () => {
    const ad = deepAd(20, 50);
    for (const name of ["L", "R"]) {
      const text = evaluate(`unparse(${name})`, { my: ad });
      expect(text.kind).toBe("string");
      const size = (text as { v: string }).v.length;
      expect(evaluate(`unparse(${name})`, { my: ad, maxBuiltBytes: size })).toEqual(text);
      const over = evaluateWithStatus(`unparse(${name})`, { my: ad, maxBuiltBytes: size - 1 });
      expect(over).toEqual({ value: { kind: "error" }, failed: true });
    }
  });

  it("unparse(attr) of a long list 150 levels deep (hundreds of bytes a line) fails promptly", () => {
    // About 900 bytes of indentation per element: 200,000 elements would print 180 MB.
    const ad = deepAd(150, 200_000);
    const started = Date.now();
    expect(evaluateWithStatus("size(unparse(L))", { my: ad })).toEqual({ value: { kind: "error" }, failed: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    const small = deepAd(150, 100);
    const size = evaluate("size(unparse(L))", { my: small });
    expect(size).toEqual({ kind: "int", v: (evaluate("unparse(L)", { my: small }) as { v: string }).v.length });
  });

  it("formatTime: a width the budget cannot hold fails; HTCondor's answers below it stay", () => {
    expect(evaluate('formatTime(0, "%1000d")', { maxBuiltBytes: 1000 })).toEqual({ kind: "string", v: "0".repeat(999) + "1" });
    expect(evaluateWithStatus('formatTime(0, "%1000d")', { maxBuiltBytes: 999 })).toEqual({ value: { kind: "error" }, failed: true });
    expect(evaluateWithStatus('formatTime(0, "%_1000d")', { maxBuiltBytes: 500 })).toEqual({ value: { kind: "error" }, failed: true });
    // Past HTCondor's 1023-byte buffer the answer is its overflow result, budget or not.
    expect(evaluate('formatTime(0, "%999999999d")')).toEqual({ kind: "string", v: "" });
    expect(evaluate('formatTime(0, "%999999999d")', { maxBuiltBytes: 10 })).toEqual({ kind: "string", v: "" });
  });
});
