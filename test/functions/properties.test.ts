import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { call, literal } from "../../src/ast/build.js";
import type { Expr } from "../../src/model/nodes.js";
import { ClassAd } from "../../src/classad/classad.js";
import {
  ERROR,
  UNDEFINED,
  absTimeValue,
  boolValue,
  classAdValue,
  intValue,
  listValue,
  realValue,
  relTimeValue,
  stringValue,
  type Value,
} from "../../src/model/value.js";
import { builtinFunctions } from "../../src/functions/registry.js";
import { testContext } from "./harness.js";
import { unparse, unparseValue } from "../../src/ast/print.js";
import { parseExpression } from "../../src/parser/index.js";

const byteString = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 12 });
const interesting = fc.constantFrom("", "a", "(", "1.5", " 0x10 ", "a, b ,c", "%c %Y %s", "x*", "^$", "A=1 B=2", "'", "$$(X)", "\\1", "(a+)+$");

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(UNDEFINED),
  fc.constant(ERROR),
  fc.boolean().map(boolValue),
  fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31))).map(intValue),
  fc.oneof(fc.double(), fc.constantFrom(0.5, -0.0, NaN, Infinity, 1e300)).map(realValue),
  fc.oneof(byteString, interesting).map(stringValue),
  fc.tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -50000, max: 50000 })).map(([s, o]) => absTimeValue(s, o)),
  fc.oneof(fc.double(), fc.integer()).map(relTimeValue),
);

const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }).map((items) => listValue(items.map(literal))) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom("Year", "Month", "Day", "Seconds", "a"), scalar), { maxLength: 3 })
      .map((attrs) => classAdValue(new ClassAd(attrs.map(([name, v]) => [name, literal(v)] as const)))),
  },
);

const names = builtinFunctions.names();
/** Every builtin but `random`, whose answer is chance. */
const deterministic = names.filter((name) => name !== "random");

/**
 * Whether `text` prints back to itself once parsed (a fixed point of parse and print). Four
 * printed forms are HTCondor's own that its parser does not read back, and are let through: a
 * NUL byte in a string (`"\000"`), a relative time of INT_MIN seconds or beyond
 * (`relTime("--24855+...")`), and an absolute time whose year is not four digits (glibc's `%Y`
 * prints `92`, `10000` or `-1`; the time parser reads four digits) or whose offset is 100 hours
 * or more (`-596523:14`; the parser reads two hour digits). A fifth: the wall time one second
 * before the epoch (`absTime("1969-12-31T23:59:59...")`, with the tests' TZ=UTC), which HTCondor's
 * time parser takes for mktime's failure value and refuses (docs/quirks.md). A sixth: a relative
 * time of a tiny fraction of a second (a generated value no expression makes), whose seconds
 * `relTimeToString`'s `%g` prints with an exponent the parser does not read; and a relative
 * time past INT_MAX seconds once rounded (`relTime("24855+03:14:08")`, or wrapped as a C `int`:
 * `relTime("-24855+-3:-14:-8")`), which the parser refuses as it refuses INT_MIN and beyond.
 */
function printsBack(text: string): boolean {
  if (text.includes("\\000") || text.includes('relTime("--') || text.startsWith('absTime("1969-12-31T23:59:59')) return true;
  if (/relTime\("[^"]*(e[-+]|[+:]-)/.test(text)) return true;
  for (const m of text.matchAll(/relTime\("-?(?:(\d+)\+)?(\d+):(\d+):(\d+)/g)) {
    const seconds = Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    if (seconds >= 2 ** 31) return true;
  }
  if (/absTime\("(-|\d{5}|\d{1,3}-)/.test(text) || /absTime\("[^"]*[+-]\d{3,}:\d\d"\)/.test(text)) return true;
  try {
    return unparse(parseExpression(text)) === text;
  } catch {
    return false;
  }
}

describe("builtin functions on any arguments", () => {
  it("answer with a value whose printed form reads back to itself, never by throwing", () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 4 }), (name, args) => {
        const cx = testContext({ timeZone: "Europe/Paris" });
        const exprs: Expr[] = args.map(literal);
        const result = cx.evaluate(call(name, exprs), null);
        const printed = unparseValue(result);
        // A real is printed with 16 significant digits: it reads back to a value that prints the same.
        expect(printsBack(printed), `${name}(${args.map((a) => unparseValue(a)).join(", ")}) = ${printed}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("answer the same whatever was evaluated before (a fresh context and a used one agree)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...deterministic), fc.array(value, { maxLength: 4 }), fc.array(fc.constantFrom(...names), { maxLength: 3 }), (name, args, before) => {
        const exprs: Expr[] = args.map(literal);
        const used = testContext({ timeZone: "Europe/Paris" });
        for (const other of before) used.evaluate(call(other, exprs), null);
        const fresh = testContext({ timeZone: "Europe/Paris" });
        expect(unparseValue(used.evaluate(call(name, exprs), null))).toBe(unparseValue(fresh.evaluate(call(name, exprs), null)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("string functions against independent definitions (ASCII byte strings)", () => {
  const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
  const run = (name: string, ...args: Value[]): string => unparseValue(testContext().evaluate(call(name, args.map(literal)), null));

  it("strcat joins, size counts bytes, toUpper/toLower fold ASCII letters only", () => {
    fc.assert(
      fc.property(ascii, ascii, (a, b) => {
        expect(run("strcat", stringValue(a), stringValue(b))).toBe(unparseValue(stringValue(a + b)));
        expect(run("size", stringValue(a))).toBe(String(a.length));
        expect(run("toUpper", stringValue(a))).toBe(unparseValue(stringValue(a.replace(/[a-z]/g, (c) => c.toUpperCase()))));
        expect(run("toLower", stringValue(a))).toBe(unparseValue(stringValue(a.replace(/[A-Z]/g, (c) => c.toLowerCase()))));
      }),
    );
  });

  it("substr(s, offset, length) takes C-style offsets (negative from the end) and clips", () => {
    fc.assert(
      fc.property(ascii, fc.integer({ min: -15, max: 15 }), fc.integer({ min: -15, max: 15 }), (s, offset, length) => {
        let start = offset < 0 ? s.length + offset : offset;
        if (start < 0) start = 0;
        let end = length < 0 ? s.length + length : start + length;
        if (end > s.length) end = s.length;
        const expected = start >= s.length || end <= start ? "" : s.slice(start, end);
        expect(run("substr", stringValue(s), intValue(offset), intValue(length))).toBe(unparseValue(stringValue(expected)));
      }),
    );
  });

  it("split and join, and argsToList and listToArgs, are inverse on simple words", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const list = listValue(words.map((w) => literal(stringValue(w))));
        const joined = testContext().evaluate(call("join", [literal(stringValue(" ")), literal(list)]), null);
        expect(unparseValue(testContext().evaluate(call("split", [literal(joined)]), null))).toBe(unparseValue(list));
        const args = testContext().evaluate(call("listToArgs", [literal(list)]), null);
        expect(unparseValue(testContext().evaluate(call("argsToList", [literal(args)]), null))).toBe(unparseValue(list));
      }),
    );
  });
});
