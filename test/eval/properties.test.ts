/** Properties of evaluation over generated expressions (fast-check; runs set in test/setup.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unparse, unparseValue } from "../../src/ast/print.js";
import type { Expr } from "../../src/model/nodes.js";
import { evaluateWithStatus } from "../../src/classad/evaluate.js";
import { parseExpression } from "../../src/parser/index.js";
import { ad } from "./helpers.js";

const OPTIONS = { now: 1_700_000_000, timeZone: "UTC" } as const;
const CONTEXT = ad('[ x = 5; y = 2.5; s = "Hello"; l = { 1, 2, 3 }; n = [ a = 1; b = x ]; c = d; d = c ]');
const TARGET = ad('[ t = 7; x = 100; name = "slot1" ]');

const scalarLiteral = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }).map((n) => n.toString()),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))).filter((t) => !/e/i.test(t) || /\./.test(t)),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom("true", "false", "undefined", "error", "TRUE", "Undefined"),
);

const names = fc.constantFrom("x", "y", "s", "l", "n", "c", "t", "name", "missing", "MY.x", "TARGET.x", "n.b", "l[1]", "self", "parent");
const binaryOps = fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "=?=", "=!=", "is", "isnt", "&&", "||", "&", "|", "^", "<<", ">>", ">>>");
const functions = fc.constantFrom("isUndefined", "size", "strcat", "int", "real", "string", "ifThenElse", "member", "floor", "toUpper");

/** Expression text built from a small grammar; every node is parenthesised where needed. */
const expressionText: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalarLiteral,
    names,
    fc.tuple(tie("expr"), binaryOps, tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom("-", "+", "!", "~"), tie("expr")).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a} ?: ${b})`),
    fc.array(tie("expr"), { maxLength: 3 }).map((items) => `{${items.join(", ")}}`),
    fc.array(tie("expr"), { maxLength: 2 }).map((items) => `[${items.map((e, i) => `a${i} = ${e}`).join("; ")}]`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a})[${b}]`),
    fc.tuple(functions, fc.array(tie("expr"), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(", ")})`),
  ),
})).expr;

function tryParse(text: string): Expr | null {
  try {
    return parseExpression(text);
  } catch {
    return null;
  }
}

function run(expr: Expr): string {
  return unparseValue(evaluateWithStatus(expr, { ...OPTIONS, my: CONTEXT, target: TARGET }).value);
}

describe("evaluation properties", () => {
  it("is deterministic", () => {
    fc.assert(
      fc.property(expressionText, (text) => {
        const expr = tryParse(text);
        if (expr === null) return;
        expect(run(expr)).toBe(run(expr));
      }),
    );
  });

  it("x =?= x is true for every scalar literal but NaN", () => {
    fc.assert(
      fc.property(scalarLiteral, (text) => {
        const expr = tryParse(`(${text}) =?= (${text})`);
        if (expr === null) return;
        expect(run(expr)).toBe("true");
      }),
    );
  });

  it("evaluating the unparsed form gives the same value", () => {
    fc.assert(
      fc.property(expressionText, (text) => {
        const expr = tryParse(text);
        if (expr === null) return;
        const again = parseExpression(unparse(expr));
        expect(run(again)).toBe(run(expr));
      }),
    );
  });

  it("no input throws anything but a typed parse error", () => {
    const anyText = fc.oneof(expressionText, fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom(..."()[]{}+-*/.,;=?:!<>&|~^\"'ab1 "), maxLength: 40 }));
    fc.assert(
      fc.property(anyText, (text) => {
        let expr: Expr;
        try {
          expr = parseExpression(text);
        } catch (error) {
          expect(error).toHaveProperty("code");
          return;
        }
        expect(() => run(expr)).not.toThrow();
      }),
    );
  });
});
