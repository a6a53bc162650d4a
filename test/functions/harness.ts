/**
 * A tiny evaluation context for unit-testing builtin functions without the full evaluator:
 * literals, lists, records, unscoped attribute references, parentheses, calls, and binary
 * operators on evaluated operands (through the evaluator's value rules).
 */
import { call, list, literal } from "../../src/ast/build.js";
import type { Expr, RecordNode } from "../../src/model/nodes.js";
import { NO_POSITION } from "../../src/model/nodes.js";
import { ClassAd } from "../../src/classad/classad.js";
import { identity, strictBinary, unaryMinus } from "../../src/eval/operators.js";
import {
  ERROR,
  UNDEFINED,
  boolValue,
  classAdValue,
  intValue,
  listValue,
  realValue,
  stringValue,
  type Value,
} from "../../src/model/value.js";
import { builtinFunctions } from "../../src/functions/registry.js";
import type { EvalContext } from "../../src/model/evaluation.js";
import { createEnvironment } from "../../src/classad/environment.js";

export interface TestContextOptions {
  readonly now?: number;
  readonly timeZone?: string;
  readonly scope?: ClassAd | null;
  readonly random?: () => number;
}

export interface TestContext extends EvalContext {
  readonly failures: number;
  readonly debugged: Array<[Expr, Value]>;
}

export function testContext(options: TestContextOptions = {}): TestContext {
  const environment = createEnvironment({ timeZone: "UTC" });
  const zone = options.timeZone ?? "UTC";
  const debugged: Array<[Expr, Value]> = [];
  let failures = 0;
  const evaluateIn = (expr: Expr, scope: ClassAd | null, depth: number): Value => {
    if (depth > 200) return ERROR;
    const cx = contextFor(scope);
    switch (expr.kind) {
      case "literal":
        return expr.value;
      case "paren":
        return evaluateIn(expr.inner, scope, depth + 1);
      case "list":
        return listValue(expr.items, scope);
      case "record":
        return classAdValue(ClassAd.fromRecord(expr, scope));
      case "attr": {
        if (expr.scope !== null) return ERROR;
        for (let ad = scope; ad; ad = ad.parent) {
          const found = ad.lookup(expr.name);
          if (found) return evaluateIn(found, ad, depth + 1);
        }
        return UNDEFINED;
      }
      case "call": {
        const fn = builtinFunctions.get(expr.name);
        return fn ? fn(expr.args, cx) : ERROR;
      }
      case "unary":
        return expr.op === "-" ? unaryMinus(evaluateIn(expr.operand, scope, depth + 1)) : ERROR;
      case "binary": {
        const a = evaluateIn(expr.left, scope, depth + 1);
        const b = evaluateIn(expr.right, scope, depth + 1);
        if (expr.op === "is" || expr.op === "isnt") return identity(expr.op, a, b);
        if (expr.op === "&&" || expr.op === "||") return ERROR;
        return strictBinary(expr.op, a, b);
      }
      default:
        return ERROR;
    }
  };
  const contextFor = (scope: ClassAd | null): TestContext => ({
    evaluate: (expr, where) => evaluateIn(expr, where, 0),
    scope,
    now: () => options.now ?? 1_600_000_000,
    timeZone: zone,
    zoneOffset: (epochSecs) => environment.zoneOffset(epochSecs, zone),
    regex: (pattern, regexOptions) => environment.compileRegex(pattern, regexOptions),
    fail: () => {
      failures++;
      return ERROR;
    },
    debug: (expr, value) => {
      debugged.push([expr, value]);
    },
    newAd: (attrs) => new ClassAd(attrs),
    random: options.random,
    get failures() {
      return failures;
    },
    debugged,
  });
  return contextFor(options.scope ?? null);
}

// Builders for argument expressions.
export const U: Expr = literal(UNDEFINED);
export const E: Expr = literal(ERROR);
export const I = (v: number | bigint): Expr => literal(intValue(v));
export const R = (v: number): Expr => literal(realValue(v));
export const S = (v: string): Expr => literal(stringValue(v));
export const B = (v: boolean): Expr => literal(boolValue(v));
export const L = (...items: Expr[]): Expr => list(items);
export const Rec = (attrs: Record<string, Expr>): Expr => {
  const node: RecordNode = {
    kind: "record",
    attrs: Object.entries(attrs).map(([name, expr]) => ({ name, expr })),
    start: NO_POSITION,
    end: NO_POSITION,
  };
  return node;
};
export const A = (name: string): Expr => ({ kind: "attr", name, scope: null, absolute: false, start: -1, end: -1 });

/** Call a builtin by name on argument expressions in a fresh (or given) context. */
export function run(name: string, args: Expr[], cx: EvalContext = testContext()): Value {
  return cx.evaluate(call(name, args), cx.scope);
}

/** A compact text of a value for assertions (not HTCondor's unparser). */
export function show(value: Value): string {
  switch (value.kind) {
    case "undefined":
    case "error":
      return value.kind;
    case "bool":
      return String(value.v);
    case "int":
      return `int:${value.v}`;
    case "real":
      return `real:${value.v}`;
    case "string":
      return JSON.stringify(value.v);
    case "abstime":
      return `abstime:${value.secs}@${value.offset}`;
    case "reltime":
      return `reltime:${value.secs}`;
    case "list":
      return `{${value.items.map((item) => (item.kind === "literal" ? show(item.value) : item.kind)).join(",")}}`;
    case "classad":
      return `[${value.ad
        .names()
        .map((name) => {
          const expr = value.ad.lookup(name);
          return `${name}=${expr && expr.kind === "literal" ? show(expr.value) : "?"}`;
        })
        .join(";")}]`;
  }
}
