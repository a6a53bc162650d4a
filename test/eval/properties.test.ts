/** Properties of evaluation over generated expressions (fast-check; runs set in test/setup.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unparse, unparseValue } from "../../src/ast/print.js";
import type { Expr } from "../../src/model/nodes.js";
import { evaluateWithStatus } from "../../src/classad/evaluate.js";
import { Evaluator } from "../../src/classad/evaluator.js";
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

/** An integer expression and its value computed independently, in signed 64-bit C arithmetic. */
interface IntCase {
  readonly text: string;
  /** The printed value: a decimal integer, or `error`. */
  readonly value: string;
}

const INT64 = (n: bigint): bigint => BigInt.asIntN(64, n);
const MIN64 = -(2n ** 63n);
const MAX64 = 2n ** 63n - 1n;

/** C's `/` and `%` on long long, with HTCondor's answers where C has none (docs/language.md). */
function cDivide(op: "/" | "%", a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  if (a === MIN64 && b === -1n) return op === "/" ? MAX64 : 0n;
  return op === "/" ? a / b : a % b;
}

function combine(op: string, a: bigint | null, b: bigint | null): bigint | null {
  if (a === null || b === null) return null;
  switch (op) {
    case "+": return INT64(a + b);
    case "-": return INT64(a - b);
    case "*": return INT64(a * b);
    case "/": case "%": return cDivide(op, a, b);
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "<<": return INT64(a << b);
    case ">>": return a >> b;
    // HTCondor's unsigned shift of a negative value: one place, clear the sign bit, then the
    // remaining count - 1 places, that count masked to 6 bits as x86-64 does (so `>>> 0` is 0).
    case ">>>": return a >= 0n ? a >> b : ((a >> 1n) & MAX64) >> ((b - 1n) & 63n);
    default: throw new Error(op);
  }
}

const intLeaf: fc.Arbitrary<{ text: string; value: bigint | null }> = fc
  .oneof(fc.bigInt({ min: MIN64 + 1n, max: MAX64 }), fc.integer({ min: -20, max: 20 }).map(BigInt), fc.constantFrom(0n, 1n, -1n, MAX64))
  .map((n) => ({ text: n < 0n ? `(${n})` : String(n), value: n }));

const intExpr: fc.Arbitrary<{ text: string; value: bigint | null }> = fc.letrec<{ e: { text: string; value: bigint | null } }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    intLeaf,
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "%", "&", "|", "^"), tie("e")).map(([a, op, b]) => ({ text: `(${a.text} ${op} ${b.text})`, value: combine(op, a.value, b.value) })),
    // Shift counts 0-63, where C and HTCondor agree on every platform.
    fc.tuple(tie("e"), fc.constantFrom("<<", ">>", ">>>"), fc.integer({ min: 0, max: 63 })).map(([a, op, c]) => ({ text: `(${a.text} ${op} ${c})`, value: combine(op, a.value, BigInt(c)) })),
    tie("e").map((a) => ({ text: `-(${a.text})`, value: a.value === null ? null : INT64(-a.value) })),
    tie("e").map((a) => ({ text: `~(${a.text})`, value: a.value === null ? null : ~a.value })),
  ),
})).e;

const intCase: fc.Arbitrary<IntCase> = intExpr.map(({ text, value }) => ({ text, value: value === null ? "error" : String(value) }));

describe("evaluation properties", () => {
  it("integer arithmetic agrees with an independent signed 64-bit model (wrapping, truncating division, zero divisors)", () => {
    fc.assert(
      fc.property(intCase, ({ text, value }) => {
        expect(run(parseExpression(text))).toBe(value);
      }),
    );
  });

  it("comparisons of integers agree with the model's values", () => {
    fc.assert(
      fc.property(intExpr, fc.constantFrom("<", "<=", ">", ">=", "==", "!=", "=?=", "=!="), intExpr, (a, op, b) => {
        const got = run(parseExpression(`${a.text} ${op} ${b.text}`));
        if (a.value === null || b.value === null) {
          // Strict operators give ERROR; the meta operators compare ERROR as a value.
          const bothError = a.value === null && b.value === null;
          const expected = op === "=?=" ? String(bothError) : op === "=!=" ? String(!bothError) : "error";
          expect(got).toBe(expected);
          return;
        }
        const x = a.value;
        const y = b.value;
        const truth = { "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y, "==": x === y, "!=": x !== y, "=?=": x === y, "=!=": x !== y }[op];
        expect(got).toBe(String(truth));
      }),
    );
  });

  it("a reused evaluator answers every expression as a fresh evaluation does (no state leaks between evaluations)", () => {
    fc.assert(
      fc.property(fc.array(expressionText, { minLength: 2, maxLength: 6 }), (texts) => {
        const exprs = texts.map(tryParse).filter((e): e is Expr => e !== null);
        const evaluator = new Evaluator(OPTIONS);
        const reused = exprs.map((expr) => unparseValue(evaluator.evaluate(expr, { my: CONTEXT, target: TARGET })));
        expect(reused).toEqual(exprs.map(run));
      }),
    );
  });

  it("a reused evaluator answers every pair of ads in turn as a fresh evaluation does (its match frame is reused)", () => {
    const pairs = [
      [CONTEXT, TARGET],
      [TARGET, CONTEXT],
      [ad("[ x = 1; t = MY.x + TARGET.x ]"), TARGET],
      [CONTEXT, ad('[ x = "other"; name = "slot2"; t = x ]')],
    ] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(expressionText, fc.nat({ max: pairs.length - 1 })), { minLength: 2, maxLength: 6 }), (cases) => {
        const evaluator = new Evaluator(OPTIONS);
        for (const [text, p] of cases) {
          const expr = tryParse(text);
          if (expr === null) continue;
          const [my, target] = pairs[p] as (typeof pairs)[number];
          const fresh = unparseValue(evaluateWithStatus(expr, { ...OPTIONS, my, target }).value);
          expect(unparseValue(evaluator.evaluateInMatch(expr, my, target))).toBe(fresh);
        }
      }),
    );
  });

  it("a record a match evaluation returned keeps its own pair when the evaluator goes on to others", () => {
    const evaluator = new Evaluator(OPTIONS);
    const held = evaluator.evaluateInMatch("lCtx", CONTEXT, TARGET);
    evaluator.evaluateInMatch("x", TARGET, ad("[ x = 99 ]"));
    expect(held.kind).toBe("classad");
    if (held.kind !== "classad") return;
    expect(unparseValue(evaluator.evaluate("target.x", { my: held.v }))).toBe("100");
    expect(unparseValue(evaluator.evaluate("my.s", { my: held.v }))).toBe('"Hello"');
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
        // The answer is a value (printable, reads back), whatever the input.
        const printed = run(expr);
        expect(tryParse(printed) ?? printed).not.toBe(null);
        expect(evaluateWithStatus(expr, { ...OPTIONS, my: CONTEXT, target: TARGET }).value.kind).toMatch(
          /^(undefined|error|bool|int|real|string|list|classad|abstime|reltime)$/,
        );
      }),
    );
  });
});
