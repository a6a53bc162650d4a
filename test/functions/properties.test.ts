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

describe("builtin functions never throw", () => {
  it("for any argument values and counts", () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 4 }), (name, args) => {
        const cx = testContext({ timeZone: "Europe/Paris" });
        const exprs: Expr[] = args.map(literal);
        const result = cx.evaluate(call(name, exprs), null);
        expect(typeof result.kind).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });
});
