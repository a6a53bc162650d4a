/**
 * ClassAd values: the ten types of HTCondor's `classad::Value`.
 *
 * Integers are exact signed 64-bit: `v` is a JS number while the value is a safe integer
 * (|v| <= 2^53 - 1) and a bigint only outside that range. Keeping that invariant lets the hot
 * path stay on plain numbers, while `9223372036854775807 + 1` still wraps exactly as in C++.
 * Use {@link intValue} to build one; it normalises the representation.
 *
 * Strings are byte strings (one JS char per byte, 0-255), as HTCondor's are (`src/model/bytes.ts`),
 * except in the values the public API hands out, which hold text (see {@link TextStringValue}).
 *
 * `JSON.stringify` gives every value as a plain, acyclic document: `{ kind, v }` for the
 * scalars (an integer beyond the safe range with `v` as a decimal string), `{ kind, secs,
 * offset }` / `{ kind, secs }` for times, `{ kind: "list", v: [...] }` and
 * `{ kind: "classad", v: {...} }` (see {@link ListValue} and {@link ClassAdValue}).
 */
import type { Expr } from "./nodes.js";
import { fromByteString } from "./bytes.js";
import type { ClassAd } from "./classad.js";
import { doubleToInt32, INT64_MAX, INT64_MIN } from "./c-types.js";

export type Value =
  | UndefinedValue
  | ErrorValue
  | BoolValue
  | IntValue
  | RealValue
  | StringValue
  | ListValue
  | ClassAdValue
  | AbsTimeValue
  | RelTimeValue;

export type ValueKind = Value["kind"];

export interface UndefinedValue {
  readonly kind: "undefined";
}
export interface ErrorValue {
  readonly kind: "error";
}
export interface BoolValue {
  readonly kind: "bool";
  readonly v: boolean;
}
export interface IntValue {
  readonly kind: "int";
  /** A number when it is a safe integer, otherwise a bigint in the signed 64-bit range. */
  readonly v: number | bigint;
}
export interface RealValue {
  readonly kind: "real";
  readonly v: number;
}
export interface StringValue {
  readonly kind: "string";
  readonly v: string;
}
/**
 * A list keeps its elements unevaluated, together with the ad they are evaluated in
 * (`scope`; null for lists of constants built by code).
 *
 * JSON: `{ kind: "list", v: [...] }`, each element a literal's value in this same form, or, for
 * an element that is an expression, `{ kind: "expression", tree }` (its `Expr`); no scope.
 */
export interface ListValue {
  readonly kind: "list";
  readonly items: readonly Expr[];
  readonly scope: ClassAd | null;
  /** See {@link ClassAdValue.owned}. */
  readonly owned?: boolean;
  /** The same as `items`, so that every value with a payload has a `v`. */
  readonly v: readonly Expr[];
}
/** JSON: `{ kind: "classad", v: {...} }`, the ad as `JSON.stringify(ad)` gives it. */
export interface ClassAdValue {
  readonly kind: "classad";
  readonly ad: ClassAd;
  /**
   * True for a list or ad the value holds itself (HTCondor's `SLIST_VALUE`/`SCLASSAD_VALUE`: one
   * a function built, such as `split(...)`, or the copy `ad["name"]` makes), false for one that
   * points into an expression (a literal, an attribute). HTCondor keeps the two as different
   * value types, and `=?=`/`=!=` compare types first: a literal list `is` a function's list is
   * `false`, while two of the same kind are `error`.
   */
  readonly owned?: boolean;
  /** The same as `ad`, so that every value with a payload has a `v`. */
  readonly v: ClassAd;
}
/** Seconds since the epoch (UTC) and the offset east of UTC, in seconds, it is shown in. */
export interface AbsTimeValue {
  readonly kind: "abstime";
  readonly secs: number;
  readonly offset: number;
}
export interface RelTimeValue {
  readonly kind: "reltime";
  readonly secs: number;
}

export const UNDEFINED: UndefinedValue = Object.freeze({ kind: "undefined" });
export const ERROR: ErrorValue = Object.freeze({ kind: "error" });
export const TRUE: BoolValue = Object.freeze({ kind: "bool", v: true });
export const FALSE: BoolValue = Object.freeze({ kind: "bool", v: false });


/**
 * An integer outside the safe range (a bigint). Its own class only so that `JSON.stringify`
 * does not throw on it: the JSON gives `v` as a decimal string.
 */
class WideIntValue implements IntValue {
  readonly kind = "int";
  constructor(readonly v: bigint) {}
  toJSON(): { kind: "int"; v: string } {
    return { kind: "int", v: this.v.toString() };
  }
}

class ListValueImpl implements ListValue {
  readonly kind = "list";
  declare readonly owned?: boolean;
  constructor(
    readonly items: readonly Expr[],
    readonly scope: ClassAd | null,
    owned: boolean,
  ) {
    // Only owned values carry the flag, so a literal's list compares equal to `{ kind, items, scope }`.
    if (owned) (this as { owned?: boolean }).owned = true;
  }
  get v(): readonly Expr[] {
    return this.items;
  }
  toJSON(): { kind: "list"; v: unknown[] } {
    return { kind: "list", v: this.items.map(elementJSON) };
  }
}

/**
 * A list element in a value's JSON: a literal as its value (a string as text, as the public API
 * hands strings out), anything else as its tree (tree level: byte strings).
 */
function elementJSON(item: Expr): unknown {
  switch (item.kind) {
    case "literal":
      return item.value.kind === "string" && !(item.value instanceof TextStringValue)
        ? { kind: "string", v: fromByteString(item.value.v) }
        : item.value;
    case "list":
      return { kind: "list", v: item.items.map(elementJSON) };
    default:
      return { kind: "expression", tree: item };
  }
}

class ClassAdValueImpl implements ClassAdValue {
  readonly kind = "classad";
  declare readonly owned?: boolean;
  constructor(
    readonly ad: ClassAd,
    owned: boolean,
  ) {
    if (owned) (this as { owned?: boolean }).owned = true;
  }
  get v(): ClassAd {
    return this.ad;
  }
  toJSON(): { kind: "classad"; v: ClassAd } {
    return { kind: "classad", v: this.ad };
  }
}

/**
 * A string value holding text (an ordinary JS string), as the public API hands values out:
 * `evaluate('"José"').v` is `"José"`, where the evaluator's own value holds the UTF-8 bytes
 * `"JosÃ©"`. Only made for strings that are not ASCII (ASCII text and its bytes are the same
 * string). It keeps the exact bytes it was decoded from, so a value handed back to the library
 * (`literal(value)`, `unparseValue(value)`) means exactly what the evaluator computed, invalid
 * UTF-8 included.
 */
export class TextStringValue implements StringValue {
  readonly kind = "string";
  readonly #bytes: string;
  constructor(
    readonly v: string,
    bytes: string,
  ) {
    this.#bytes = bytes;
  }
  /** The byte string this text stands for. */
  static bytesOf(value: TextStringValue): string {
    return value.#bytes;
  }
}

export function boolValue(v: boolean): BoolValue {
  return v ? TRUE : FALSE;
}

/**
 * An integer value stored as a number when it is safe.
 * - a bigint is wrapped to signed 64 bits (two's complement, as integer arithmetic wraps in C++);
 * - a number is truncated toward zero, and one outside the 64-bit range (or NaN, or infinite)
 *   becomes -2^63, which is what a C++ double-to-`long long` conversion gives on x86-64.
 */
export function intValue(v: number | bigint): IntValue {
  if (typeof v === "number") {
    // `v === 0` also catches -0: C integers have no negative zero.
    if (Number.isSafeInteger(v)) return { kind: "int", v: v === 0 ? 0 : v };
    if (!Number.isFinite(v) || v >= 9223372036854775808 || v < -9223372036854775808) {
      return new WideIntValue(INT64_MIN);
    }
    return intValue(BigInt(Math.trunc(v)));
  }
  const wrapped = v < INT64_MIN || v > INT64_MAX ? BigInt.asIntN(64, v) : v;
  const n = Number(wrapped);
  return Number.isSafeInteger(n) ? { kind: "int", v: n } : new WideIntValue(wrapped);
}

export function realValue(v: number): RealValue {
  return { kind: "real", v };
}

export function stringValue(v: string): StringValue {
  return { kind: "string", v };
}

export function listValue(items: readonly Expr[], scope: ClassAd | null = null, owned = false): ListValue {
  return new ListValueImpl(items, scope, owned);
}

export function classAdValue(ad: ClassAd, owned = false): ClassAdValue {
  return new ClassAdValueImpl(ad, owned);
}

/** The same list or ad held by the value itself (see {@link ClassAdValue.owned}). */
export function ownedValue(value: ListValue | ClassAdValue): ListValue | ClassAdValue {
  return value.kind === "list" ? listValue(value.items, value.scope, true) : classAdValue(value.ad, true);
}

export function absTimeValue(secs: number, offset: number): AbsTimeValue {
  return { kind: "abstime", secs, offset };
}

export function relTimeValue(secs: number): RelTimeValue {
  return { kind: "reltime", secs };
}

/**
 * The value a literal made from `value` holds (HTCondor's `Literal::MakeLiteral`, used to print a
 * result and wherever a computed value is put back into a tree, where lists and ads are copied
 * as expressions): a relative time keeps only its whole seconds, read as a C `int` (truncated;
 * NaN and out-of-range values become INT_MIN); a list or ad is no longer owned; every other
 * value is itself.
 */
export function asLiteralValue(value: Value): Value {
  switch (value.kind) {
    case "reltime":
      return relTimeValue(doubleToInt32(value.secs));
    // A list or ad put back into a tree is a copy of its expression: no longer owned.
    case "list":
      return value.owned ? listValue(value.items, value.scope) : value;
    case "classad":
      return value.owned ? classAdValue(value.ad) : value;
    default:
      return value;
  }
}

/** The integer as a bigint, whatever its stored representation. */
export function intAsBigInt(value: IntValue): bigint {
  return typeof value.v === "bigint" ? value.v : BigInt(value.v);
}

/** The integer as a (possibly rounded) double, as C++ converts `long long` to `double`. */
export function intAsNumber(value: IntValue): number {
  return typeof value.v === "number" ? value.v : Number(value.v);
}
