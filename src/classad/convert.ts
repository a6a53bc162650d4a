/**
 * Converting between ClassAd values and plain JS values.
 *
 * | ClassAd            | JS                                                      |
 * |--------------------|---------------------------------------------------------|
 * | undefined          | `null` (and `undefined` is accepted on the way in)      |
 * | error              | `CLASSAD_ERROR`                                          |
 * | boolean            | `boolean`                                               |
 * | integer            | `number` when safe, else `bigint`                       |
 * | real               | `number` (a JS number that is an integer converts to an integer on the way in) |
 * | string             | `string` (UTF-8 bytes decoded; invalid bytes become U+FFFD) |
 * | list               | array of the evaluated elements                         |
 * | classad            | plain object of the evaluated attributes                |
 * | absolute time      | `AbsTime`                                                |
 * | relative time      | `RelTime`                                                |
 *
 * On the way in, `expr("...")` (a `ClassAdExpression`) stands for an expression.
 */
import { list, literal } from "../ast/build.js";
import { EvalState, type EvalSettings } from "../eval/eval-state.js";
import { prepareState, runNested } from "../eval/run.js";
import type { ClassAd } from "../model/classad.js";
import type { EvaluationScope } from "../model/evaluation.js";
import { AbsTime, CLASSAD_ERROR, ClassAdExpression, RelTime, type JSValue } from "../model/js-value.js";
import { fromByteString, toByteString } from "../model/bytes.js";
import type { NewAd } from "../eval/match-frame.js";
import type { Expr } from "../model/nodes.js";
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  absTimeValue,
  classAdValue,
  intValue,
  listValue,
  realValue,
  relTimeValue,
  stringValue,
  type ListValue,
  type Value,
} from "../model/value.js";

/** Nested lists and ads are converted to this depth; deeper ones become `CLASSAD_ERROR`. */
const MAX_CONVERSION_DEPTH = 200;

/**
 * A ClassAd value as a plain JS value. List elements and ad attributes are evaluated (in the
 * scope they belong to) with `settings`; `scope` gives TARGET or a match for the attributes. The
 * whole conversion is one evaluation: its step and size budgets are shared by every element and
 * attribute, so shared or self-similar values cannot make it explode; what is past a budget
 * becomes `CLASSAD_ERROR`.
 */
export function valueToJS(value: Value, settings: EvalSettings, scope: EvaluationScope = {}): JSValue {
  return new Conversion(settings, scope).value(value, 0);
}

/** Every attribute of `ad` evaluated and converted (names decoded from UTF-8), as one evaluation. */
export function adToJS(ad: ClassAd, settings: EvalSettings, scope: EvaluationScope = {}): { [name: string]: JSValue } {
  return new Conversion(settings, scope).ad(ad, 0);
}

/**
 * What each array or object made, and each element or attribute converted, count against the size
 * budget: about what V8 spends on them plus the evaluation behind each, so that the budget bounds
 * the conversion's time as well as its memory.
 */
const CONTAINER_BYTES = 256;
const ELEMENT_BYTES = 64;

/** One conversion to JS: one evaluation state, whose budgets every element and attribute share. */
class Conversion {
  private readonly state: EvalState;

  constructor(
    settings: EvalSettings,
    private readonly scope: EvaluationScope,
  ) {
    this.state = new EvalState(settings);
  }

  value(value: Value, depth: number): JSValue {
    switch (value.kind) {
      case "undefined":
        return null;
      case "error":
        return CLASSAD_ERROR;
      case "bool":
        return value.v;
      case "int":
        return value.v;
      case "real":
        return value.v;
      case "string":
        return this.state.charge(value.v.length) ? fromByteString(value.v) : CLASSAD_ERROR;
      case "abstime":
        return new AbsTime(value.secs, value.offset);
      case "reltime":
        return new RelTime(value.secs);
      case "list":
        if (depth >= MAX_CONVERSION_DEPTH || !this.state.charge(CONTAINER_BYTES)) return CLASSAD_ERROR;
        return this.list(value, depth + 1);
      case "classad":
        if (depth >= MAX_CONVERSION_DEPTH || !this.state.charge(CONTAINER_BYTES)) return CLASSAD_ERROR;
        return this.ad(value.ad, depth + 1);
    }
  }

  ad(ad: ClassAd, depth: number): { [name: string]: JSValue } {
    const entries: [string, JSValue][] = [];
    for (const name of ad.names()) {
      if (!this.state.charge(ELEMENT_BYTES + name.length)) break;
      const expr = ad.lookup(name);
      let value: Value = UNDEFINED;
      if (expr !== undefined) {
        this.enter({ ...this.scope, my: ad, target: undefined, match: undefined });
        value = this.run(expr);
      }
      entries.push([fromByteString(name), this.value(value, depth)]);
    }
    // Object.fromEntries defines own properties, so a name like "__proto__" stays plain data.
    return Object.fromEntries(entries);
  }

  private list(list: ListValue, depth: number): JSValue[] {
    const out: JSValue[] = [];
    for (const item of list.items) {
      if (!this.state.charge(ELEMENT_BYTES)) {
        out.push(CLASSAD_ERROR);
        break;
      }
      this.enter({ ...this.scope, my: list.scope ?? undefined });
      if (list.scope === null) this.state.setScopes(null);
      out.push(this.value(this.run(item), depth));
    }
    return out;
  }

  /** Point the shared state at a new scope (its budgets go on). */
  private enter(scope: EvaluationScope): void {
    this.state.match = null;
    prepareState(this.state, scope);
  }

  /** One element or attribute: its failure makes only it ERROR; an exhausted budget stays so. */
  private run(expr: Expr): Value {
    if (this.state.stepsLeft < 0 || this.state.bytesLeft < 0) return ERROR;
    return runNested(this.state, expr);
  }
}

/**
 * A plain JS value as a ClassAd value: arrays become lists, plain objects and `Map`s become ads
 * (made by `newAd`), `null`/`undefined` UNDEFINED, `CLASSAD_ERROR` ERROR. A number that is an
 * integer becomes an integer; `Date` becomes an absolute time in UTC. Anything else (functions,
 * symbols) is ERROR. An object for which `isAd` holds is taken as the ad it is. A
 * {@link ClassAdExpression} (`expr("...")`) is its expression where an expression can stand (an
 * attribute, a list element); as a value on its own it is ERROR.
 */
export function valueFromJS(x: unknown, newAd: NewAd, isAd: (x: unknown) => x is ClassAd): Value {
  return convertIn(x, newAd, isAd, 0);
}

function convertIn(x: unknown, newAd: NewAd, isAd: (x: unknown) => x is ClassAd, depth: number): Value {
  if (x === null || x === undefined) return UNDEFINED;
  switch (typeof x) {
    case "boolean":
      return x ? TRUE : FALSE;
    case "number":
      return Number.isInteger(x) && Number.isSafeInteger(x) ? intValue(x) : realValue(x);
    case "bigint":
      return intValue(x);
    case "string":
      return stringValue(toByteString(x));
    case "object":
      break;
    default:
      return ERROR;
  }
  if (x === CLASSAD_ERROR || x instanceof ClassAdExpression) return ERROR;
  if (depth >= MAX_CONVERSION_DEPTH) return ERROR;
  if (isAd(x)) return classAdValue(x);
  if (x instanceof AbsTime) return absTimeValue(x.secs, x.offset);
  if (x instanceof RelTime) return relTimeValue(x.secs);
  if (x instanceof Date) return absTimeValue(Math.floor(x.getTime() / 1000), 0);
  if (Array.isArray(x)) return listValue(x.map((item) => exprIn(item, newAd, isAd, depth + 1)));
  return classAdValue(adFromJSAt(x as object, newAd, isAd, depth + 1));
}

/**
 * An ad from a plain object (own enumerable string keys) or a `Map` with string keys; values
 * are converted with {@link valueFromJS}. Names are encoded as UTF-8 bytes.
 */
export function adFromJS(obj: object, newAd: NewAd, isAd: (x: unknown) => x is ClassAd): ClassAd {
  return adFromJSAt(obj, newAd, isAd, 0);
}

function adFromJSAt(obj: object, newAd: NewAd, isAd: (x: unknown) => x is ClassAd, depth: number): ClassAd {
  const ad = newAd();
  const entries: Iterable<[unknown, unknown]> = obj instanceof Map ? obj.entries() : Object.entries(obj);
  for (const [name, x] of entries) {
    if (typeof name !== "string") continue;
    if (x instanceof ClassAdExpression || holdsExpression(x)) {
      ad.set(toByteString(name), exprIn(x, newAd, isAd, depth));
      continue;
    }
    const value = convertIn(x, newAd, isAd, depth);
    if (value.kind === "classad" && !isAd(x)) value.ad.parent = ad;
    ad.set(toByteString(name), literal(value));
  }
  return ad;
}

/**
 * An attribute or list element: an `expr()` as its expression; an array holding one as a list
 * expression (so its elements are evaluated in the ad, as those of a parsed `{ ... }` are);
 * anything else as a literal of its value.
 */
function exprIn(x: unknown, newAd: NewAd, isAd: (x: unknown) => x is ClassAd, depth: number): Expr {
  if (x instanceof ClassAdExpression) return x.tree;
  if (holdsExpression(x) && depth < MAX_CONVERSION_DEPTH) return list(x.map((item) => exprIn(item, newAd, isAd, depth + 1)));
  return literal(convertIn(x, newAd, isAd, depth));
}

/** An array with an `expr()` among its elements, or in an array among them. */
function holdsExpression(x: unknown, depth = 0): x is unknown[] {
  if (!Array.isArray(x) || depth >= MAX_CONVERSION_DEPTH) return false;
  return x.some((item) => item instanceof ClassAdExpression || holdsExpression(item, depth + 1));
}
