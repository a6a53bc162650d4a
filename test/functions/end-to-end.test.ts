/**
 * Functions through the real parser and evaluator: things the unit harness cannot show
 * (PrettyPrint text of unparse, references resolved in a match, depth-limited eval, hooks).
 */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/model/nodes.js";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluate } from "../../src/classad/evaluate.js";
import { stringValue, type Value } from "../../src/model/value.js";
import { builtinFunctions } from "../../src/functions/registry.js";
import { parseExpression, parseRecord } from "../../src/parser/index.js";

const my = ClassAd.fromRecord(
  parseRecord(
    '[ l = {1, 2}; n = [ a = 1; bb = { "p" } ]; r = member(x, {1,2}) && TARGET.Memory > y; s = "str"; ' +
      "Gpus = { [ Cap = 4 ], [ Cap = 7 ] }; Want = Cap > 5; x = 1 ]",
  ),
);
const target = ClassAd.fromRecord(parseRecord("[ Memory = 2048; y = 3 ]"));

function run(text: string, options: { target?: ClassAd; debug?: (e: Expr, v: Value) => void } = {}): string {
  return unparseValue(evaluate(parseExpression(text), { my, now: 1_700_000_000, timeZone: "UTC", ...options }));
}

describe("functions through the evaluator", () => {
  it("unparse prints with HTCondor's PrettyPrint indentation", () => {
    expect(run("unparse(l)")).toBe(JSON.stringify("\n   {\n      1,\n      2\n   }"));
    expect(run("unparse(n)")).toBe(
      JSON.stringify('\n    [\n        a = 1; \n        bb = \n           {\n              "p"\n           }\n    ]'),
    );
    expect(run("unparse(s)")).toBe(JSON.stringify('"str"'));
    expect(run("unparse(MY.s)")).toBe('""');
  });

  it("unresolved lists external references, target. dropped", () => {
    // Outside a match TARGET is undefined, so TARGET.Memory is external.
    expect(run("unresolved(r)")).toBe('"Memory,y"');
    expect(run('unresolved(r, "^mem")')).toBe("true");
    // In a match TARGET.Memory resolves in the target ad: no longer external.
    expect(run("unresolved(r)", { target })).toBe('"y"');
    expect(run('unresolved(r, "^mem")', { target })).toBe("false");
    expect(run("unresolved(nothing)")).toBe("undefined");
  });

  it("evalInEachContext and countMatches use the attribute's expression in each ad", () => {
    expect(run("evalInEachContext(Want, Gpus)")).toBe("{ false,true }");
    expect(run("countMatches(Want, Gpus)")).toBe("1");
    expect(run("countMatches(Want, Missing)")).toBe("0");
  });

  it("eval parses new syntax and evaluates in the current ad", () => {
    expect(run('eval("x + 1")')).toBe("2");
    expect(run('eval("1 +")')).toBe("error");
    expect(run("eval(undefined)")).toBe("error");
  });

  it("debug reports to the hook and time comes from the injected clock", () => {
    const seen: string[] = [];
    expect(run("debug(x * 3)", { debug: (_e, v) => seen.push(unparseValue(v)) })).toBe("3");
    expect(seen).toEqual(["3"]);
    expect(run("time()")).toBe("1700000000");
    expect(run("formatTime()")).toBe('"Tue Nov 14 22:13:20 2023"');
  });

  it("user-registered functions are called like builtins", () => {
    const functions = builtinFunctions.extend().register("shout", (args, cx) => {
      const v = args[0] ? cx.evaluate(args[0], cx.scope) : stringValue("");
      return v.kind === "string" ? stringValue(v.v.toUpperCase() + "!") : v;
    });
    const value = evaluate(parseExpression('SHOUT("hi")'), { functions });
    expect(unparseValue(value)).toBe('"HI!"');
  });
});
