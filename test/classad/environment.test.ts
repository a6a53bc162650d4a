/**
 * Environments: one immutable object for functions, regex engine and limits, clock, zone and
 * evaluation limits, accepted by every entry point; the documented limits hit and their outcome.
 */
import { describe, expect, it } from "vitest";
import {
  ClassAd,
  DEFAULT_MAX_CALL_NESTING,
  EvalOptionError,
  Evaluator,
  Pool,
  analyze,
  builtinFunctions,
  createEnvironment,
  defaultEnvironment,
  evaluate,
  evaluateWithStatus,
  matchAds,
  matchPool,
  re2Engine,
  setRegexEngine,
  setRegexLimits,
  type RegexEngine,
} from "../../src/core.js";
import { environmentCacheSizes } from "../../src/classad/environment.js";
import { call, intValue, literal, parseExpression, type Expr } from "../../src/core.js";

const show = (text: string, options = {}): unknown => {
  const value = evaluate(text, options);
  return value.kind === "int" ? Number(value.v) : "v" in value ? value.v : value.kind;
};

describe("createEnvironment", () => {
  it("has today's defaults", () => {
    const env = createEnvironment();
    expect(env.maxDepth).toBe(400);
    expect(env.maxSteps).toBe(10_000_000);
    expect(env.maxCallNesting).toBe(DEFAULT_MAX_CALL_NESTING);
    expect(env.regexLimits).toEqual({ maxPatternLength: 65536, cacheSize: 256 });
    expect(env.regexEngine).toBe(re2Engine);
    expect(env.functions).toBe(builtinFunctions);
    expect(Math.abs(env.now() - Date.now() / 1000)).toBeLessThan(5);
  });

  it("is immutable once made", () => {
    const env = createEnvironment({ now: 5 });
    expect(Object.isFrozen(env)).toBe(true);
    expect(Object.isFrozen(env.regexLimits)).toBe(true);
    expect(() => {
      (env as { maxDepth: number }).maxDepth = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(defaultEnvironment)).toBe(true);
  });

  it("rejects an unknown zone and negative limits with a typed error", () => {
    expect(() => createEnvironment({ timeZone: "Not/A_Zone" })).toThrow(EvalOptionError);
    expect(() => createEnvironment({ maxSteps: -1 })).toThrow(EvalOptionError);
    expect(() => createEnvironment({ regex: { limits: { cacheSize: -1 } } })).toThrow(EvalOptionError);
  });

  it("is passed once and used by evaluate, Evaluator, the typed getters, matchPool, Pool and analyze", () => {
    const functions = builtinFunctions.extend().register("answer", () => ({ kind: "int", v: 42 }));
    const env = createEnvironment({ now: 1_000, timeZone: "Asia/Kolkata", functions });
    expect(show("answer() + time()", { environment: env })).toBe(1042);
    expect(show("getHours(absTime(0))", { environment: env })).toBe(5);
    const ev = new Evaluator({ environment: env });
    const tree = parseExpression("answer() + time()");
    expect(ev.evaluate(tree)).toEqual({ kind: "int", v: 1042 });
    const ad = ClassAd.fromJS({});
    ad.setText("X", "answer() + time()");
    expect(ad.getInteger("X", { environment: env })).toBe(1042);
    expect(ad.getInteger("X")).toBeUndefined(); // no such function in the default environment

    const job = ClassAd.fromJS({});
    job.setText("Requirements", "answer() == 42 && time() == 1000");
    const slot = ClassAd.fromJS({ Name: "s" });
    slot.setText("Requirements", "true");
    expect(matchPool(job, [slot], { environment: env }).indices.length).toBe(1);
    expect(matchPool(job, [slot], { environment: env, strategy: "plain" }).indices.length).toBe(1);
    expect(matchPool(job, new Pool([slot], { environment: env })).indices.length).toBe(1);
    expect(matchPool(job, [slot]).indices.length).toBe(0);
    expect(matchAds(job, slot, { environment: env }).symmetric).toBe(true);
    const report = analyze(job, [slot], { environment: env, suggest: false });
    expect(report.now).toBe(1_000);
    expect(report.totals.matched).toBe(1);
  });

  it("lets the flat options override its values", () => {
    const env = createEnvironment({ now: 1_000, timeZone: "UTC", maxDepth: 3 });
    expect(show("time()", { environment: env, now: 7 })).toBe(7);
    expect(show("getHours(absTime(0))", { environment: env, timeZone: "Asia/Kolkata" })).toBe(5);
    expect(show("1 + (2 + (3 + (4 + 5)))", { environment: env })).toBe("error");
    expect(show("1 + (2 + (3 + (4 + 5)))", { environment: env, maxDepth: 400 })).toBe(15);
  });
});

describe("no process-wide setters", () => {
  it("builtinFunctions is read-only; extend() gives a writable copy", () => {
    expect(() => builtinFunctions.register("mine", () => ({ kind: "undefined" }))).toThrow(/read-only.*extend\(\)/);
    expect(builtinFunctions.has("mine")).toBe(false);
    expect(builtinFunctions.extend().register("mine", () => ({ kind: "undefined" })).has("mine")).toBe(true);
  });

  it("setRegexEngine and setRegexLimits throw, naming the environment option", () => {
    expect(() => setRegexEngine(re2Engine)).toThrow(/createEnvironment\(\{ regex: \{ engine \} \}\)/);
    expect(() => setRegexLimits({ cacheSize: 1 })).toThrow(/createEnvironment\(\{ regex: \{ limits/);
  });

  it("two environments never share a regex engine or its cache", () => {
    const compiled: string[] = [];
    const counting: RegexEngine = {
      compile(pattern, options) {
        compiled.push(pattern);
        return re2Engine.compile(pattern, options);
      },
    };
    const mine = createEnvironment({ regex: { engine: counting } });
    expect(show('regexp("a+", "caab")', { environment: mine })).toBe(true);
    expect(show('regexp("a+", "caab")', { environment: mine })).toBe(true);
    expect(show('regexp("a+", "caab")')).toBe(true);
    expect(compiled).toEqual(["a+"]);
  });
});

describe("documented limits", () => {
  it("a pattern longer than maxPatternLength gives ERROR; one at the limit compiles", () => {
    const env = createEnvironment({ regex: { limits: { maxPatternLength: 8 } } });
    expect(show('regexp("aaaaaaaa", "aaaaaaaa")', { environment: env })).toBe(true);
    expect(show('regexp("aaaaaaaaa", "aaaaaaaaa")', { environment: env })).toBe("error");
    expect(show('replace("aaaaaaaaa", "aaaaaaaaa", "b")', { environment: env })).toBe("error");
    // The default: 64 KiB.
    const long = "a".repeat(64 * 1024 + 1);
    expect(show(`regexp("${long}", "${long}")`)).toBe("error");
    expect(show(`regexp("${long.slice(1)}", "${long}")`)).toBe(true);
  });

  it("the compiled-pattern cache holds at most cacheSize patterns, least recently used evicted", () => {
    const compiled: string[] = [];
    const counting: RegexEngine = {
      compile(pattern, options) {
        compiled.push(pattern);
        return re2Engine.compile(pattern, options);
      },
    };
    const env = createEnvironment({ regex: { engine: counting, limits: { cacheSize: 2 } } });
    for (const pattern of ["a", "b", "a", "c", "b", "a"]) {
      evaluate(`regexp("${pattern}", "abc")`, { environment: env });
      expect(environmentCacheSizes(env)?.regexes).toBeLessThanOrEqual(2);
    }
    // a, b compiled; a hit; c evicts b; b evicts a; a compiled again.
    expect(compiled).toEqual(["a", "b", "c", "b", "a"]);
  });

  it("maxCallNesting: deeper nested calls give ERROR and a failed evaluation", () => {
    const nested = (depth: number): string => (depth === 0 ? "1" : `int(${nested(depth - 1)})`);
    const env = createEnvironment({ maxCallNesting: 10 });
    expect(evaluateWithStatus(nested(10), { environment: env })).toEqual({ value: { kind: "int", v: 1 }, failed: false });
    expect(evaluateWithStatus(nested(11), { environment: env })).toEqual({ value: { kind: "error" }, failed: true });
    // The default, 500 (trees built directly: the parser stops at 500 levels of parentheses).
    const tree = (depth: number): Expr => (depth === 0 ? literal(intValue(1)) : call("int", [tree(depth - 1)]));
    expect(evaluateWithStatus(tree(DEFAULT_MAX_CALL_NESTING)).failed).toBe(false);
    expect(evaluateWithStatus(tree(DEFAULT_MAX_CALL_NESTING + 1))).toEqual({
      value: { kind: "error" },
      failed: true,
    });
  });

  it("an environment's zone and name caches stay bounded", () => {
    const env = createEnvironment({ timeZone: "UTC" });
    for (let i = 0; i < 150_000; i++) env.foldName(`Name${i}`);
    const zones = ["Europe/Paris", "Asia/Kolkata", "America/Chicago", "Australia/Sydney"];
    for (let i = 0; i < 200; i++) env.zoneOffset(0, i % 2 === 0 ? (zones[i % 4] as string) : `Etc/GMT+${i % 12}`);
    const sizes = environmentCacheSizes(env);
    expect(sizes?.names).toBeLessThanOrEqual(100_000);
    expect(sizes?.zones).toBeLessThanOrEqual(64);
  });
});
