/**
 * Each builtin evaluates each argument expression at most once (issue #15: `join(x)` with one
 * non-list argument evaluated it twice, so nesting cost 2^depth). Every builtin is called with
 * arguments that count their own evaluations, for several argument types and arities. The
 * functions that evaluate an expression once per element or context by definition
 * (`evalInEachContext`, `countMatches`) are checked to evaluate their other arguments once.
 */
import { describe, expect, it } from "vitest";
import { builtinFunctions } from "../../src/functions/registry.js";
import { createEnvironment } from "../../src/classad/environment.js";
import { evaluateWithStatus } from "../../src/classad/evaluate.js";
import { evalArg } from "../../src/functions/support.js";

/** Functions that evaluate one argument in several contexts by definition, and which one. */
const PER_CONTEXT = new Map([
  ["evalineachcontext", 0],
  ["countmatches", 0],
]);

const SAMPLES = ['"a b,c"', "3", "2.5", "{ 1, 2 }", '{ "a", "b" }', "[ a = 1 ]", "undefined", "true", 'absTime("2024-01-02T03:04:05Z")'];

describe("builtins evaluate each argument once", () => {
  it("for every builtin, arity 1 to 4, each argument type", () => {
    let counts: number[] = [];
    const functions = builtinFunctions.extend().register("tick", (args, cx) => {
      const which = args[0];
      const value = args[1];
      if (which === undefined || value === undefined) return { kind: "error" };
      const index = evalArg(cx, which);
      if (index.kind === "int") counts[Number(index.v)] = (counts[Number(index.v)] ?? 0) + 1;
      return evalArg(cx, value);
    });
    // A function that evaluates its argument twice, to show the count sees it.
    functions.register("twiceForTest", (args, cx) => (args[0] === undefined ? { kind: "error" } : (evalArg(cx, args[0]), evalArg(cx, args[0]))));
    const environment = createEnvironment({ functions, now: 1783286200, timeZone: "UTC" });
    counts = [];
    expect(evaluateWithStatus('strcat(tick(0, "a"), tick(1, "b"))', { environment }).value).toEqual({ kind: "string", v: "ab" });
    expect(counts).toEqual([1, 1]);
    counts = [];
    evaluateWithStatus('twiceForTest(tick(0, "a"))', { environment });
    expect(counts).toEqual([2]);
    const twice: string[] = [];
    for (const name of builtinFunctions.names()) {
      if (name === "random") continue;
      for (let arity = 1; arity <= 4; arity++) {
        for (const sample of SAMPLES) {
          counts = [];
          const args = Array.from({ length: arity }, (_, i) => `tick(${i}, ${sample})`);
          const text = `${name}(${args.join(", ")})`;
          evaluateWithStatus(text, { environment });
          const skip = PER_CONTEXT.get(name.toLowerCase());
          counts.forEach((n, i) => {
            if (n > 1 && i !== skip) twice.push(`${text}: argument ${i} evaluated ${n} times`);
          });
        }
      }
    }
    expect(twice).toEqual([]);
  });
});
