/**
 * Issue #13 (part B), the API as a pool admin's script meets it: values serialise to JSON, the
 * Evaluator takes text, match results carry the slot ad, one environment is passed once to every
 * call, `toJS` can give expressions instead of values, and `ClassAd.fromJS` can build expressions
 * with `expr()`. Each reproduction of the issue is a test here (strings are in strings.test.ts).
 */
import { describe, expect, it } from "vitest";
import {
  AbsTime,
  CLASSAD_ERROR,
  ClassAd,
  ClassAdExpression,
  ClassAdParseError,
  Evaluator,
  analyze,
  builtinFunctions,
  classAdValue,
  countMatchingSlots,
  createEnvironment,
  evaluate,
  explain,
  expr,
  fromJSValue,
  intValue,
  isMatchTrue,
  lintExpression,
  literal,
  matchPool,
  parseAds,
  parseExpression,
  rankOf,
  requirementsHold,
  toJSValue,
  unparseValue,
  type Value,
} from "../../src/core.js";

function slotAd(name: string, memory: number): ClassAd {
  const slot = ClassAd.fromJS({ Name: name, Memory: memory, Rank: 0 });
  slot.setText("Requirements", "true", "new");
  return slot;
}

describe("values serialise to JSON", () => {
  it("every kind of value gives a plain document, lists and ads with a v like the others", () => {
    const ad = ClassAd.fromJS({ a: 1, n: { m: 2 }, b: [1, "x"] });
    expect(JSON.parse(JSON.stringify(evaluate("1 + 2")))).toEqual({ kind: "int", v: 3 });
    expect(JSON.parse(JSON.stringify(evaluate('"José"')))).toEqual({ kind: "string", v: "José" });
    expect(JSON.parse(JSON.stringify(evaluate("9223372036854775807")))).toEqual({ kind: "int", v: "9223372036854775807" });
    expect(JSON.parse(JSON.stringify(evaluate("b", { my: ad })))).toEqual({
      kind: "list",
      v: [
        { kind: "int", v: 1 },
        { kind: "string", v: "x" },
      ],
    });
    expect(JSON.parse(JSON.stringify(evaluate("n", { my: ad })))).toEqual({ kind: "classad", v: { m: 2 } });
    expect(JSON.parse(JSON.stringify(evaluate('{ "é" }')))).toEqual({ kind: "list", v: [{ kind: "string", v: "é" }] });
  });

  it("lists and ads keep the fields they had (items, scope, ad) and gain v", () => {
    const ad = parseAds("b = { 1, 2 }\nn = [ m = 2 ]\n\n").ads[0] as ClassAd;
    const list = evaluate("b", { my: ad });
    const nested = evaluate("n", { my: ad });
    if (list.kind !== "list" || nested.kind !== "classad") throw new Error("wrong kinds");
    expect(list.v).toBe(list.items);
    expect(list.items).toHaveLength(2);
    expect(list.scope).toBe(ad);
    expect(nested.v).toBe(nested.ad);
    expect(nested.ad.getInteger("m")).toBe(2);
  });

  it("never throws on an ad inside itself or the parent cycle of a nested ad", () => {
    const self = new ClassAd();
    self.set("me", literal(classAdValue(self)));
    expect(JSON.parse(JSON.stringify(self))).toEqual({ me: null });
    expect(JSON.parse(JSON.stringify(evaluate("me", { my: self })))).toEqual({ kind: "classad", v: { me: null } });
    // A nested ad points back to its parent (child.parent === outer): no cycle in the JSON.
    const outer = ClassAd.fromJS({ inner: { x: 1 } });
    const inner = evaluate("inner", { my: outer });
    expect(inner.kind === "classad" && inner.ad.parent).toBe(outer);
    expect(JSON.parse(JSON.stringify(inner))).toEqual({ kind: "classad", v: { x: 1 } });
    expect(JSON.parse(JSON.stringify(outer))).toEqual({ inner: { x: 1 } });
  });

  it("JSON.stringify(ad) gives HTCondor's JSON shape: literals as JSON, expressions as /Expr()/", () => {
    const job = parseAds('Owner = "José"\nRequestMemory = 1024\nRequirements = TARGET.Memory >= RequestMemory\nWhen = absTime(0)\n\n').ads[0];
    expect(JSON.parse(JSON.stringify(job))).toEqual({
      Owner: "José",
      RequestMemory: 1024,
      Requirements: "/Expr(TARGET.Memory >= RequestMemory)/",
      When: "/Expr(absTime(0))/",
    });
  });
});

describe("Evaluator.evaluate accepts text", () => {
  const job = ClassAd.fromJS({ RequestMemory: 1024, Requirements: expr("TARGET.Memory >= RequestMemory") });
  const slot = slotAd("slot1@host", 2048);

  it("text and trees give the same values, in every method", () => {
    const ev = new Evaluator({ now: 0 });
    expect(ev.evaluate("RequestMemory * 2", { my: job })).toEqual(intValue(2048));
    expect(ev.evaluate(parseExpression("RequestMemory * 2"), { my: job })).toEqual(intValue(2048));
    expect(ev.evaluateWithStatus("RequestMemory / 0", { my: job })).toEqual(ev.evaluateWithStatus(parseExpression("RequestMemory / 0"), { my: job }));
    expect(ev.evaluateWithStatus("RequestMemory / 0", { my: job }).value.kind).toBe("error");
    expect(isMatchTrue(ev.evaluateInMatch("Requirements", job, slot))).toBe(true);
    expect(isMatchTrue(ev.evaluate("Requirements", { my: job, target: slot }))).toBe(true);
  });

  it("a syntax error throws ClassAdParseError with its position, as evaluate() does", () => {
    const ev = new Evaluator();
    expect(() => ev.evaluate("1 +")).toThrow(ClassAdParseError);
    expect(() => evaluate("1 +")).toThrow(ClassAdParseError);
    let thrown: unknown;
    try {
      ev.evaluateWithStatus("a + )");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClassAdParseError);
    expect((thrown as ClassAdParseError).offset).toBe(4);
  });

  it("the same text evaluated many times is parsed once per evaluator, and stays correct", () => {
    const ev = new Evaluator({ now: 0 });
    for (let memory = 0; memory < 200; memory++) {
      const each = slotAd(`slot${memory}`, memory * 16);
      expect(isMatchTrue(ev.evaluateInMatch("Requirements", job, each))).toBe(memory * 16 >= 1024);
      // Many distinct texts: the evaluator's cache of parsed texts stays bounded, the values right.
      expect(ev.evaluate(`${memory} + 1`)).toEqual(intValue(memory + 1));
    }
  });
});

describe("match results carry the slot ad", () => {
  it("each Match has the slot object of the pool, with its index and name", () => {
    const job = ClassAd.fromJS({ RequestMemory: 1024, Requirements: expr("TARGET.Memory >= MY.RequestMemory") });
    const slots = [slotAd("small", 512), slotAd("big", 4096), slotAd("huge", 8192)];
    const result = matchPool(job, slots, { now: 0 });
    expect(result.matches.map((m) => m.name).sort()).toEqual(["big", "huge"]);
    for (const match of result.matches) {
      expect(match.slot).toBe(slots[match.index]);
      expect(match.slot.getString("Name")).toBe(match.name);
    }
  });
});

describe("one environment, passed once, is enough for every call", () => {
  const functions = builtinFunctions.extend().register("siteMemory", () => intValue(2048));
  const environment = createEnvironment({ now: 1_000, timeZone: "Asia/Kolkata", maxSteps: 100_000, functions });
  const job = ClassAd.fromJS({
    RequestMemory: 1024,
    Requirements: expr("TARGET.Memory >= RequestMemory && siteMemory() == 2048 && time() == 1000"),
    Rank: expr("getHours(absTime(0))"),
  });
  const slot = slotAd("slot1@host", siteMemoryOf());

  function siteMemoryOf(): number {
    return 4096;
  }

  it("evaluation, the Evaluator, the getters and toJS", () => {
    expect(evaluate("siteMemory() + time()", { environment })).toEqual(intValue(3048));
    expect(new Evaluator({ environment }).evaluate("time()")).toEqual(intValue(1000));
    expect(job.getInteger("Rank", { environment })).toBe(5);
    expect(job.toJS({ environment }).Rank).toBe(5);
    expect(job.evaluate("Requirements", { environment, target: slot })).toEqual({ kind: "bool", v: true });
  });

  it("matchPool, requirementsHold, rankOf, countMatchingSlots, analyze, explain and lint", () => {
    expect(matchPool(job, [slot], { environment }).matches.map((m) => m.name)).toEqual(["slot1@host"]);
    expect(matchPool(job, [slot]).indices.length).toBe(0); // siteMemory() is unknown without it
    expect(requirementsHold(job, slot, { environment })).toBe(true);
    expect(rankOf(job, slot, { environment })).toBe(5);
    expect(countMatchingSlots(job, [slot], { environment })).toBe(1);
    const report = analyze(job, [slot], { environment, suggest: false });
    expect(report.now).toBe(1_000);
    expect(report.totals.matched).toBe(1);
    expect(explain("siteMemory()", { environment }).value).toEqual(intValue(2048));
    // Without the environment siteMemory() is an unknown function, so the clause is never true.
    expect(lintExpression("siteMemory() > 1", { environment })).toEqual([]);
    expect(lintExpression("siteMemory() > 1").map((h) => h.code)).toEqual(["always-undefined"]);
  });
});

describe("toJS with expressions", () => {
  const job = parseAds(
    'Owner = "José"\nRequestMemory = 1024\nRequirements = TARGET.Memory >= RequestMemory\nWeights = { 1, 2.5, RequestMemory }\nNested = [ a = 1; b = a + 1 ]\n\n',
  ).ads[0] as ClassAd;

  it("reproduction: toJS() evaluates (Requirements is null alone); expressions: 'text' gives the expressions", () => {
    expect(job.toJS().Requirements).toBeNull();
    expect(job.toJS({ expressions: "text" })).toEqual({
      Owner: '"José"',
      RequestMemory: "1024",
      Requirements: "TARGET.Memory >= RequestMemory",
      Weights: "{ 1,2.500000000000000E+00,RequestMemory }",
      Nested: "[ a = 1; b = a + 1 ]",
    });
  });

  it("the text shows escaped UTF-8 as text; control bytes, invalid UTF-8 and backslashes stay escaped", () => {
    const ad = new ClassAd()
      .setText("a", '"Jos\\303\\251\\001\\351x" + \'A\\303\\261o\'', "new")
      .setText("b", '"\\\\303\\303\\251"', "new");
    expect(ad.toJS({ expressions: "text" })).toEqual({ a: "\"José\\001\\351x\" + 'Año'", b: '"\\\\303é"' });
    const back = ClassAd.fromJS(Object.fromEntries(Object.entries(ad.toJS({ expressions: "text" })).map(([k, t]) => [k, expr(t as string)])));
    expect(back.toJS({ expressions: "text" })).toEqual(ad.toJS({ expressions: "text" }));
    expect(unparseValue(back.evaluate("b"))).toBe(unparseValue(ad.evaluate("b")));
    expect(JSON.parse(JSON.stringify(ad)).a).toBe("/Expr(\"José\\001\\351x\" + 'Año')/");
  });

  it("expressions: 'keep' gives literals as values and the rest as ClassAdExpression", () => {
    const kept = job.toJS({ expressions: "keep" });
    expect(kept.Owner).toBe("José");
    expect(kept.RequestMemory).toBe(1024);
    expect(kept.Requirements).toBeInstanceOf(ClassAdExpression);
    expect(String(kept.Requirements)).toBe("TARGET.Memory >= RequestMemory");
    const weights = kept.Weights as unknown[];
    expect(weights.slice(0, 2)).toEqual([1, 2.5]);
    expect(String(weights[2])).toBe("RequestMemory");
    const nested = kept.Nested as { [name: string]: unknown };
    expect(nested.a).toBe(1);
    expect(String(nested.b)).toBe("a + 1");
  });

  it("keep round-trips through ClassAd.fromJS: the same ad, printed the same", () => {
    const back = ClassAd.fromJS(job.toJS({ expressions: "keep" }));
    expect(back.toJS({ expressions: "text" })).toEqual(job.toJS({ expressions: "text" }));
    const slot = slotAd("s", 2048);
    expect(back.evaluate("Requirements", { target: slot })).toEqual({ kind: "bool", v: true });
    // Values that JS cannot hold as they are stay expressions: 2.0 is not the integer 2.
    const odd = ClassAd.fromJS(ClassAd.fromJS({ r: expr("2.0"), e: CLASSAD_ERROR, t: new AbsTime(0, 0) }).toJS({ expressions: "keep" }));
    expect(odd.evaluate("r")).toEqual({ kind: "real", v: 2 });
    expect(odd.evaluate("e").kind).toBe("error");
    expect(odd.evaluate("t").kind).toBe("abstime");
  });

  it("toJSValue takes the same option for lists and ads", () => {
    const weights = evaluate("Weights", { my: job });
    expect(toJSValue(weights, { expressions: "text" })).toEqual(["1", "2.500000000000000E+00", "RequestMemory"]);
    expect(toJSValue(weights)).toEqual([1, 2.5, 1024]);
  });
});

describe("building an ad from JS with expressions", () => {
  it("reproduction: a plain string stays a string; expr() stores an expression", () => {
    const job = ClassAd.fromJS({ Requirements: "TARGET.Memory > 1024", Start: expr("TARGET.Memory > 1024") });
    const slot = ClassAd.fromJS({ Memory: 2048 });
    expect(job.evaluate("Requirements", { target: slot })).toEqual({ kind: "string", v: "TARGET.Memory > 1024" });
    expect(job.evaluate("Start", { target: slot })).toEqual({ kind: "bool", v: true });
    expect(job.toJS({ expressions: "text" }).Start).toBe("TARGET.Memory > 1024");
  });

  it("expr() takes text or a tree, reads text as Unicode, and throws on bad syntax", () => {
    const ad = ClassAd.fromJS({ a: expr('"José"'), b: expr(parseExpression("1 + 2")), c: [expr("a"), 1] });
    expect(ad.getString("a")).toBe("José");
    expect(evaluate("size(a)", { my: ad })).toEqual(intValue(5));
    expect(ad.getInteger("b")).toBe(3);
    expect(toJSValue(ad.evaluate("c"))).toEqual(["José", 1]);
    expect(ClassAd.fromJS({ x: 2, l: [[expr("x * 2")]] }).toJS()).toEqual({ x: 2, l: [[4]] });
    expect(() => expr("TARGET.Memory >")).toThrow(ClassAdParseError);
    expect(JSON.stringify(expr("a + 1"))).toBe('"/Expr(a + 1)/"');
  });

  it("an expr() given as a value on its own is ERROR (an expression is not a value)", () => {
    const value: Value = fromJSValue(expr("1 + 1"));
    expect(value.kind).toBe("error");
    expect(toJSValue(fromJSValue([expr("1 + 1")]))).toEqual([2]);
  });
});
