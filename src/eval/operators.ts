/**
 * The value-level rules of ClassAd operators, as HTCondor's `operators.cpp` applies them once
 * the operands are evaluated: strictness, promotion, 64-bit integer wrap, real-arithmetic errors,
 * time arithmetic, comparisons and bitwise operations. The evaluator decides which operands to
 * evaluate (short circuits); these functions only combine values.
 */
import type { BinaryOp } from "../model/nodes.js";
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  absTimeValue,
  intAsBigInt,
  intAsNumber,
  intValue,
  realValue,
  relTimeValue,
  type AbsTimeValue,
  type IntValue,
  type Value,
} from "../model/value.js";
import { compareBytes, compareBytesCaseless } from "../model/bytes.js";
import { doubleToInt32, INT32_MIN, INT64_MAX, INT64_MIN } from "../model/c-types.js";


/**
 * `IsBooleanValueEquiv`: booleans are themselves, integers and reals are true when non-zero
 * (NaN is true), everything else has no boolean meaning (null).
 */
export function booleanEquiv(value: Value): boolean | null {
  switch (value.kind) {
    case "bool":
      return value.v;
    case "int":
      return value.v !== 0 && value.v !== 0n;
    case "real":
      return value.v !== 0;
    default:
      return null;
  }
}

/** Normalises -0 (JS) to 0: C integers have no negative zero. */
function intFromSafe(n: number): IntValue {
  return { kind: "int", v: n === 0 ? 0 : n };
}

// ---------------------------------------------------------------- integer arithmetic

function addInt(a: IntValue, b: IntValue): IntValue {
  if (typeof a.v === "number" && typeof b.v === "number") {
    const r = a.v + b.v;
    if (Number.isSafeInteger(r)) return intFromSafe(r);
  }
  return intValue(intAsBigInt(a) + intAsBigInt(b));
}

function subInt(a: IntValue, b: IntValue): IntValue {
  if (typeof a.v === "number" && typeof b.v === "number") {
    const r = a.v - b.v;
    if (Number.isSafeInteger(r)) return intFromSafe(r);
  }
  return intValue(intAsBigInt(a) - intAsBigInt(b));
}

function mulInt(a: IntValue, b: IntValue): IntValue {
  if (typeof a.v === "number" && typeof b.v === "number") {
    // A product beyond 2^53 rounds to a value that is not a safe integer, so this test is exact.
    const r = a.v * b.v;
    if (Number.isSafeInteger(r)) return intFromSafe(r);
  }
  return intValue(intAsBigInt(a) * intAsBigInt(b));
}

function divInt(a: IntValue, b: IntValue): Value {
  if (b.v === 0 || b.v === 0n) return ERROR;
  if (typeof a.v === "number" && typeof b.v === "number") {
    // a - a % b is an exact multiple of b, so the division is exact: C's truncation toward zero.
    return intFromSafe((a.v - (a.v % b.v)) / b.v);
  }
  const x = intAsBigInt(a);
  const y = intAsBigInt(b);
  if (x === INT64_MIN && y === -1n) return intValue(INT64_MAX);
  return intValue(x / y);
}

function modInt(a: IntValue, b: IntValue): Value {
  if (b.v === 0 || b.v === 0n) return ERROR;
  if (typeof a.v === "number" && typeof b.v === "number") return intFromSafe(a.v % b.v);
  const x = intAsBigInt(a);
  const y = intAsBigInt(b);
  if (x === INT64_MIN && y === -1n) return intValue(0);
  return intValue(x % y);
}

export function negateInt(a: IntValue): IntValue {
  if (typeof a.v === "number") return intFromSafe(-a.v);
  return intValue(-a.v);
}

// ---------------------------------------------------------------- arithmetic

type ArithOp = "+" | "-" | "*" | "/" | "%";

function realArith(op: ArithOp, x: number, y: number): Value {
  let r: number;
  switch (op) {
    case "+":
      r = x + y;
      break;
    case "-":
      r = x - y;
      break;
    case "*":
      r = x * y;
      break;
    case "/":
      r = x / y;
      break;
    default:
      return ERROR;
  }
  // HTCondor treats a result equal to HUGE_VAL (+INF) as an error; -INF and NaN survive.
  return r === Infinity ? ERROR : realValue(r);
}

function numberOf(value: Value): number {
  switch (value.kind) {
    case "int":
      return intAsNumber(value);
    case "real":
      return value.v;
    case "bool":
      return value.v ? 1 : 0;
    default:
      return NaN;
  }
}

function isArithmeticKind(value: Value): boolean {
  const k = value.kind;
  return k === "int" || k === "real" || k === "bool" || k === "abstime" || k === "reltime";
}

function timeArith(op: ArithOp, a: Value, b: Value): Value {
  if (op === "+") {
    if (a.kind === "abstime" && b.kind === "reltime") return shiftAbs(a, doubleToInt32(b.secs));
    if (a.kind === "reltime" && b.kind === "abstime") return shiftAbs(b, doubleToInt32(a.secs));
    if (a.kind === "reltime" && b.kind === "reltime") return relTimeValue(a.secs + b.secs);
  } else if (op === "-") {
    if (a.kind === "abstime" && b.kind === "abstime") return relTimeValue(a.secs - b.secs);
    if (a.kind === "abstime" && b.kind === "reltime") return shiftAbs(a, -doubleToInt32(b.secs));
    if (a.kind === "reltime" && b.kind === "reltime") return relTimeValue(a.secs - b.secs);
  } else if (op === "*" || op === "/") {
    if (a.kind === "reltime" && (b.kind === "int" || b.kind === "real")) {
      const n = numberOf(b);
      return relTimeValue(op === "*" ? a.secs * n : a.secs / n);
    }
    if (op === "*" && b.kind === "reltime" && (a.kind === "int" || a.kind === "real")) {
      return relTimeValue(numberOf(a) * b.secs);
    }
  }
  return ERROR;
}

function shiftAbs(a: AbsTimeValue, delta: number): AbsTimeValue {
  return absTimeValue(a.secs + delta, a.offset);
}

/** `+ - * / %` on two evaluated operands (strict). */
export function arithmetic(op: ArithOp, a: Value, b: Value): Value {
  if (a.kind === "int" && b.kind === "int") return intArith(op, a, b);
  if (a.kind === "real" && b.kind === "real") return realArith(op, a.v, b.v);
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (a.kind === "undefined" || b.kind === "undefined") return UNDEFINED;
  if (!isArithmeticKind(a) || !isArithmeticKind(b)) return ERROR;
  if (a.kind === "abstime" || b.kind === "abstime" || a.kind === "reltime" || b.kind === "reltime") {
    return timeArith(op, a, b);
  }
  const ia = a.kind === "bool" ? intValue(a.v ? 1 : 0) : a;
  const ib = b.kind === "bool" ? intValue(b.v ? 1 : 0) : b;
  if (ia.kind === "int" && ib.kind === "int") return intArith(op, ia, ib);
  return realArith(op, numberOf(ia), numberOf(ib));
}

function intArith(op: ArithOp, a: IntValue, b: IntValue): Value {
  switch (op) {
    case "+":
      return addInt(a, b);
    case "-":
      return subInt(a, b);
    case "*":
      return mulInt(a, b);
    case "/":
      return divInt(a, b);
    case "%":
      return modInt(a, b);
  }
}

// ---------------------------------------------------------------- comparison

type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

function verdict(op: CompareOp | "is" | "isnt", cmp: number): Value {
  switch (op) {
    case "<":
      return cmp < 0 ? TRUE : FALSE;
    case "<=":
      return cmp <= 0 ? TRUE : FALSE;
    case ">":
      return cmp > 0 ? TRUE : FALSE;
    case ">=":
      return cmp >= 0 ? TRUE : FALSE;
    case "==":
    case "is":
      return cmp === 0 ? TRUE : FALSE;
    case "!=":
    case "isnt":
      return cmp !== 0 ? TRUE : FALSE;
  }
}

/** Doubles compared as C does: every comparison with NaN is false except `!=`. */
function compareNumbers(op: CompareOp | "is" | "isnt", x: number, y: number): Value {
  switch (op) {
    case "<":
      return x < y ? TRUE : FALSE;
    case "<=":
      return x <= y ? TRUE : FALSE;
    case ">":
      return x > y ? TRUE : FALSE;
    case ">=":
      return x >= y ? TRUE : FALSE;
    case "==":
    case "is":
      return x === y ? TRUE : FALSE;
    case "!=":
    case "isnt":
      return x !== y ? TRUE : FALSE;
  }
}

function compareInts(op: CompareOp | "is" | "isnt", a: IntValue, b: IntValue): Value {
  // JS compares a number with a bigint exactly.
  const x = a.v;
  const y = b.v;
  return verdict(op, x < y ? -1 : x > y ? 1 : 0);
}

/** `== != < <= > >=` on two evaluated operands (strict, with numeric promotion). */
export function comparison(op: CompareOp, a: Value, b: Value): Value {
  if (a.kind === "int" && b.kind === "int") return compareInts(op, a, b);
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (a.kind === "undefined" || b.kind === "undefined") return UNDEFINED;
  const ka = a.kind;
  const kb = b.kind;
  if (ka === "classad" || kb === "classad" || ka === "list" || kb === "list") return ERROR;
  if (ka === "string" || kb === "string") {
    if (a.kind !== "string" || b.kind !== "string") return ERROR;
    return verdict(op, compareBytesCaseless(a.v, b.v));
  }
  if (ka === "abstime" || kb === "abstime") {
    if (a.kind !== "abstime" || b.kind !== "abstime") return ERROR;
    return compareNumbers(op, a.secs, b.secs);
  }
  if (ka === "reltime" || kb === "reltime") {
    if (a.kind !== "reltime" || b.kind !== "reltime") return ERROR;
    return compareNumbers(op, a.secs, b.secs);
  }
  const ia = a.kind === "bool" ? intValue(a.v ? 1 : 0) : a;
  const ib = b.kind === "bool" ? intValue(b.v ? 1 : 0) : b;
  if (ia.kind === "int" && ib.kind === "int") return compareInts(op, ia, ib);
  return compareNumbers(op, numberOf(ia), numberOf(ib));
}

/** `=?=` (`is`) and `=!=` (`isnt`): no promotion, never UNDEFINED. */
export function identity(op: "is" | "isnt", a: Value, b: Value): Value {
  const same = op === "is";
  if (a.kind !== b.kind) return same ? FALSE : TRUE;
  switch (a.kind) {
    case "undefined":
    case "error":
      return same ? TRUE : FALSE;
    case "string":
      return verdict(op, compareBytes(a.v, (b as typeof a).v));
    case "int":
      return compareInts(op, a, b as IntValue);
    case "real":
      return compareNumbers(op, a.v, (b as typeof a).v);
    case "bool":
      return verdict(op, a.v === (b as typeof a).v ? 0 : 1);
    case "abstime": {
      const other = b as AbsTimeValue;
      const equal = a.secs === other.secs && a.offset === other.offset;
      return equal === same ? TRUE : FALSE;
    }
    case "reltime":
      return compareNumbers(op, a.secs, (b as typeof a).secs);
    case "list":
    case "classad":
      // HTCondor compares value types first, and an owned list (or ad) is another type.
      if ((a.owned === true) !== ((b as typeof a).owned === true)) return same ? FALSE : TRUE;
      return ERROR;
  }
}

// ---------------------------------------------------------------- bitwise

type BitOp = "&" | "|" | "^" | "<<" | ">>" | ">>>";

/** `& | ^ << >> >>>` on two evaluated operands (strict; integers only). */
export function bitwise(op: BitOp, a: Value, b: Value): Value {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (a.kind === "undefined" || b.kind === "undefined") return UNDEFINED;
  if (a.kind !== "int" || b.kind !== "int") return ERROR;
  if (op === "&" || op === "|" || op === "^") {
    if (typeof a.v === "number" && typeof b.v === "number" && isInt32(a.v) && isInt32(b.v)) {
      return intFromSafe(op === "&" ? a.v & b.v : op === "|" ? a.v | b.v : a.v ^ b.v);
    }
    const x = intAsBigInt(a);
    const y = intAsBigInt(b);
    return intValue(op === "&" ? x & y : op === "|" ? x | y : x ^ y);
  }
  const x = intAsBigInt(a);
  const count = intAsBigInt(b);
  // x86-64 masks 64-bit shift counts to their low six bits.
  const masked = count & 63n;
  if (op === "<<") return intValue(x << masked);
  if (op === ">>") {
    if (x >= 0n) return intValue(x >> masked);
    // HTCondor shifts a negative value one bit at a time, min(64, count) times.
    if (count <= 0n) return intValue(x);
    return intValue(count >= 64n ? -1n : x >> count);
  }
  if (x >= 0n) return intValue(x >> masked);
  const halved = (x >> 1n) & INT64_MAX;
  return intValue(halved >> ((count - 1n) & 63n));
}

function isInt32(n: number): boolean {
  return (n | 0) === n;
}

// ---------------------------------------------------------------- unary

/** Unary `-`: integers wrap, reals and relative times negate, booleans are ERROR. */
export function unaryMinus(a: Value): Value {
  switch (a.kind) {
    case "int":
      return negateInt(a);
    case "real":
      return realValue(-a.v);
    case "reltime":
      return relTimeValue(-a.secs);
    case "undefined":
    case "error":
      return a;
    default:
      return ERROR;
  }
}

/** Unary `+`: the operand itself for numbers, relative times, UNDEFINED and ERROR. */
export function unaryPlus(a: Value): Value {
  switch (a.kind) {
    case "int":
    case "real":
    case "reltime":
    case "undefined":
    case "error":
      return a;
    default:
      return ERROR;
  }
}

/** `!`: boolean-equivalent negation; UNDEFINED and ERROR pass through; anything else ERROR. */
export function logicalNot(a: Value): Value {
  if (a.kind === "undefined" || a.kind === "error") return a;
  const b = booleanEquiv(a);
  if (b === null) return ERROR;
  return b ? FALSE : TRUE;
}

/** `~`: 64-bit complement of an integer. */
export function bitwiseNot(a: Value): Value {
  if (a.kind === "undefined" || a.kind === "error") return a;
  if (a.kind !== "int") return ERROR;
  if (typeof a.v === "number") return intValue(-a.v - 1);
  return intValue(~a.v);
}

// ---------------------------------------------------------------- logical (after evaluation)

/**
 * `&&` once both operands are known (the left one did not short-circuit): the left operand is
 * TRUE, UNDEFINED or something without a boolean meaning.
 */
export function logicalAndRest(a: Value, b: Value): Value {
  const ba = booleanEquiv(a);
  if (ba === null && a.kind !== "undefined" && a.kind !== "error") return ERROR;
  const bb = booleanEquiv(b);
  if (bb === null && b.kind !== "undefined" && b.kind !== "error") return ERROR;
  if (ba === false) return FALSE;
  if (a.kind === "error") return ERROR;
  if (ba === true) return bb === null ? b : bb ? TRUE : FALSE;
  // left UNDEFINED
  if (bb === null) return b;
  return bb ? UNDEFINED : FALSE;
}

/** `||` once both operands are known (see {@link logicalAndRest}). */
export function logicalOrRest(a: Value, b: Value): Value {
  const ba = booleanEquiv(a);
  if (ba === null && a.kind !== "undefined" && a.kind !== "error") return ERROR;
  const bb = booleanEquiv(b);
  if (bb === null && b.kind !== "undefined" && b.kind !== "error") return ERROR;
  if (ba === true) return TRUE;
  if (a.kind === "error") return ERROR;
  if (ba === false) return bb === null ? b : bb ? TRUE : FALSE;
  if (bb === null) return b;
  return bb ? TRUE : UNDEFINED;
}

/** Any strict binary operator (everything but `&& || is isnt`) on evaluated operands. */
export function strictBinary(op: BinaryOp, a: Value, b: Value): Value {
  switch (op) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "%":
      return arithmetic(op, a, b);
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return comparison(op, a, b);
    case "&":
    case "|":
    case "^":
    case "<<":
    case ">>":
    case ">>>":
      return bitwise(op, a, b);
    case "is":
    case "isnt":
      return identity(op, a, b);
    case "&&":
      return booleanEquiv(a) === false ? FALSE : a.kind === "error" ? ERROR : logicalAndRest(a, b);
    case "||":
      return booleanEquiv(a) === true ? TRUE : a.kind === "error" ? ERROR : logicalOrRest(a, b);
  }
}
