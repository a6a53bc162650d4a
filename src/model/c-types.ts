/**
 * C's integer types and character classes as HTCondor's library meets them on x86-64 Linux:
 * the 64-bit `long long` range, the conversions a cast performs, and `<ctype.h>` in the C locale.
 * Every layer that mimics a C conversion takes it from here, so the rule is written once.
 */

/** The smallest `long long`. */
export const INT64_MIN = -(2n ** 63n);
/** The largest `long long`. */
export const INT64_MAX = 2n ** 63n - 1n;
/** The smallest `int`. */
export const INT32_MIN = -2147483648;
/** The largest `int`. */
export const INT32_MAX = 2147483647;

/** C's `(int)` of a double on x86-64: truncation, INT_MIN for NaN and out-of-range values. */
export function doubleToInt32(value: number): number {
  if (!(value > -2147483649 && value < 2147483648)) return INT32_MIN;
  const truncated = Math.trunc(value);
  return truncated === 0 ? 0 : truncated;
}

/** C's `(int)` of a 64-bit integer: its low 32 bits, read as signed. */
export function int64ToInt32(value: number | bigint): number {
  return typeof value === "bigint" ? Number(BigInt.asIntN(32, value)) : value | 0;
}

/** `isspace` in the C locale: space, and \t \n \v \f \r. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** `isdigit` in the C locale. */
export function isCDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
