/**
 * ClassAd values: the ten types of HTCondor's `classad::Value`.
 *
 * Integers are exact signed 64-bit: `v` is a JS number while the value is a safe integer
 * (|v| <= 2^53 - 1) and a bigint only outside that range. Keeping that invariant lets the hot
 * path stay on plain numbers, while `9223372036854775807 + 1` still wraps exactly as in C++.
 * Use {@link intValue} to build one; it normalises the representation.
 *
 * Strings are byte strings (one JS char per byte, 0-255), as HTCondor's are; see `src/model/bytes.ts`.
 */
import type { Expr } from "./nodes.js";
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
 */
export interface ListValue {
  readonly kind: "list";
  readonly items: readonly Expr[];
  readonly scope: ClassAd | null;
  /** See {@link ClassAdValue.owned}. */
  readonly owned?: boolean;
}
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
      return { kind: "int", v: INT64_MIN };
    }
    return intValue(BigInt(Math.trunc(v)));
  }
  const wrapped = v < INT64_MIN || v > INT64_MAX ? BigInt.asIntN(64, v) : v;
  const n = Number(wrapped);
  return { kind: "int", v: Number.isSafeInteger(n) ? n : wrapped };
}

export function realValue(v: number): RealValue {
  return { kind: "real", v };
}

export function stringValue(v: string): StringValue {
  return { kind: "string", v };
}

export function listValue(items: readonly Expr[], scope: ClassAd | null = null, owned = false): ListValue {
  return owned ? { kind: "list", items, scope, owned } : { kind: "list", items, scope };
}

export function classAdValue(ad: ClassAd, owned = false): ClassAdValue {
  return owned ? { kind: "classad", ad, owned } : { kind: "classad", ad };
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
