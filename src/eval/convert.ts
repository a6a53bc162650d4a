/**
 * Converting between ClassAd values and plain JS values.
 *
 * | ClassAd            | JS                                                      |
 * |--------------------|---------------------------------------------------------|
 * | undefined          | `null` (and `undefined` is accepted on the way in)      |
 * | error              | {@link CLASSAD_ERROR}                                    |
 * | boolean            | `boolean`                                               |
 * | integer            | `number` when safe, else `bigint`                       |
 * | real               | `number` (a JS number that is an integer converts to an integer on the way in) |
 * | string             | `string` (UTF-8 bytes decoded; invalid bytes become U+FFFD) |
 * | list               | array of the evaluated elements                         |
 * | classad            | plain object of the evaluated attributes                |
 * | absolute time      | {@link AbsTime}                                          |
 * | relative time      | {@link RelTime}                                          |
 */
import { literal } from "../ast/build.js";
import type { Expr } from "../ast/nodes.js";
import { fromByteString, toByteString } from "../ast/bytes.js";
import type { EvaluateOptions } from "./evaluate.js";
import { evalSettings, newState } from "./evaluate.js";
import { ClassAd } from "./classad.js";
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
  type Value,
} from "./value.js";

/** The JS stand-in for ClassAd's ERROR value. */
export const CLASSAD_ERROR: { readonly classadError: true } = Object.freeze({ classadError: true as const });

/** An absolute time: seconds since the epoch and the UTC offset (seconds east) it is shown in. */
export class AbsTime {
  constructor(
    readonly secs: number,
    readonly offset: number = 0,
  ) {}
  toDate(): Date {
    return new Date(this.secs * 1000);
  }
}

/** A relative time in seconds. */
export class RelTime {
  constructor(readonly secs: number) {}
}

export type JSValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | AbsTime
  | RelTime
  | typeof CLASSAD_ERROR
  | JSValue[]
  | { [name: string]: JSValue };

/** Nested lists and ads are converted to this depth; deeper ones become {@link CLASSAD_ERROR}. */
const MAX_CONVERSION_DEPTH = 200;

/**
 * A ClassAd value as a plain JS value. List elements and ad attributes are evaluated (in the
 * scope they belong to, with `options` for the clock, time zone, ...).
 */
export function toJSValue(value: Value, options: EvaluateOptions = {}): JSValue {
  return convertOut(value, options, 0);
}

function convertOut(value: Value, options: EvaluateOptions, depth: number): JSValue {
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
      return fromByteString(value.v);
    case "abstime":
      return new AbsTime(value.secs, value.offset);
    case "reltime":
      return new RelTime(value.secs);
    case "list": {
      if (depth >= MAX_CONVERSION_DEPTH) return CLASSAD_ERROR;
      const state = newState(evalSettings(options), { ...options, my: value.scope ?? undefined });
      if (value.scope === null) state.setScopes(null);
      return value.items.map((item) => convertOut(evaluateIn(state, item), options, depth + 1));
    }
    case "classad":
      if (depth >= MAX_CONVERSION_DEPTH) return CLASSAD_ERROR;
      return adToJS(value.ad, options, depth + 1);
  }
}

function evaluateIn(state: ReturnType<typeof newState>, expr: Expr): Value {
  const failedBefore = state.failed;
  let value: Value;
  try {
    value = state.eval(expr);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return ERROR;
  }
  if (state.failed && !failedBefore) {
    state.failed = false;
    return ERROR;
  }
  return value;
}

/** Every attribute of `ad` evaluated and converted (names decoded from UTF-8). */
export function adToJS(ad: ClassAd, options: EvaluateOptions = {}, depth = 0): { [name: string]: JSValue } {
  const entries: [string, JSValue][] = [];
  for (const name of ad.names()) {
    const state = newState(evalSettings(options), { ...options, my: ad, target: undefined, match: undefined });
    const expr = ad.lookup(name);
    const value = expr === undefined ? UNDEFINED : evaluateIn(state, expr);
    entries.push([fromByteString(name), convertOut(value, options, depth)]);
  }
  // Object.fromEntries defines own properties, so a name like "__proto__" stays plain data.
  return Object.fromEntries(entries);
}

/**
 * A plain JS value as a ClassAd value: arrays become lists, plain objects and `Map`s become ads
 * (see {@link adFromJS}), `null`/`undefined` UNDEFINED, {@link CLASSAD_ERROR} ERROR. A number that
 * is an integer becomes an integer; `Date` becomes an absolute time in UTC. Anything else
 * (functions, symbols) is ERROR.
 */
export function fromJSValue(x: unknown): Value {
  return convertIn(x, 0);
}

function convertIn(x: unknown, depth: number): Value {
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
  if (x === CLASSAD_ERROR) return ERROR;
  if (depth >= MAX_CONVERSION_DEPTH) return ERROR;
  if (x instanceof ClassAd) return classAdValue(x);
  if (x instanceof AbsTime) return absTimeValue(x.secs, x.offset);
  if (x instanceof RelTime) return relTimeValue(x.secs);
  if (x instanceof Date) return absTimeValue(Math.floor(x.getTime() / 1000), 0);
  if (Array.isArray(x)) return listValue(x.map((item) => literal(convertIn(item, depth + 1))));
  return classAdValue(adFromJSAt(x as object, depth + 1));
}

/**
 * An ad from a plain object (own enumerable string keys) or a `Map` with string keys; values
 * are converted with {@link fromJSValue}. Names are encoded as UTF-8 bytes.
 */
export function adFromJS(obj: object): ClassAd {
  return adFromJSAt(obj, 0);
}

function adFromJSAt(obj: object, depth: number): ClassAd {
  const ad = new ClassAd();
  const entries: Iterable<[unknown, unknown]> = obj instanceof Map ? obj.entries() : Object.entries(obj);
  for (const [name, x] of entries) {
    if (typeof name !== "string") continue;
    const value = convertIn(x, depth);
    if (value.kind === "classad" && !(x instanceof ClassAd)) value.ad.parent = ad;
    ad.set(toByteString(name), literal(value));
  }
  return ad;
}
