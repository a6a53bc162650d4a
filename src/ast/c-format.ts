/**
 * C `printf` number conversions HTCondor's printing relies on: `%.<p>E` and `%.<p>G`/`%g`,
 * with glibc's rounding (the exact binary value, ties to even).
 */

/** Digits and exponent of `value` rounded to `digits` significant digits, as glibc does. */
function roundSignificant(value: number, digits: number): { mantissa: string; exponent: number } {
  let text = value.toExponential(digits - 1);
  // toExponential rounds exact ties away from zero; glibc rounds them to even.
  const longer = value.toExponential(digits);
  const lastLonger = longer.charCodeAt(longer.indexOf("e") - 1);
  if (lastLonger === 0x35 /* 5 */) {
    const exact = value.toExponential(Math.min(100, digits + 40));
    const tail = exact.slice(exact.indexOf(".") + digits, exact.indexOf("e"));
    if (/^50*$/.test(tail)) {
      const kept = longer.slice(0, longer.indexOf("e") - 1);
      const lastKept = kept.charCodeAt(kept.length - 1);
      if ((lastKept - 0x30) % 2 === 0) {
        // round down: truncate
        const exponentPart = longer.slice(longer.indexOf("e"));
        text = (kept.endsWith(".") ? kept.slice(0, -1) : kept) + exponentPart;
      }
    }
  }
  const e = text.indexOf("e");
  return { mantissa: text.slice(0, e).replace("-", ""), exponent: Number(text.slice(e + 1)) };
}

function exponentText(exponent: number, upper: boolean): string {
  const sign = exponent < 0 ? "-" : "+";
  const abs = Math.abs(exponent);
  return (upper ? "E" : "e") + sign + (abs < 10 ? "0" : "") + abs;
}

/** `%.<precision>E` (or `%e`). Finite values only. */
export function formatExponential(value: number, precision: number, upper = true): string {
  const negative = value < 0 || Object.is(value, -0);
  if (value === 0) {
    return (negative ? "-" : "") + (precision > 0 ? "0." + "0".repeat(precision) : "0") + exponentText(0, upper);
  }
  const { mantissa, exponent } = roundSignificant(Math.abs(value), precision + 1);
  return (negative ? "-" : "") + mantissa + exponentText(exponent, upper);
}

/** `%.<precision>G` (or `%g`): shortest of fixed/exponential, trailing zeros removed. Finite values only. */
export function formatGeneral(value: number, precision = 6, upper = true): string {
  const p = precision === 0 ? 1 : precision;
  const negative = value < 0 || Object.is(value, -0);
  const sign = negative ? "-" : "";
  if (value === 0) return sign + "0";
  const { mantissa, exponent } = roundSignificant(Math.abs(value), p);
  const digits = mantissa.replace(".", "");
  if (exponent < -4 || exponent >= p) {
    let m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    if (m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, "");
    return sign + m + exponentText(exponent, upper);
  }
  let fixed: string;
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    fixed = fraction.length > 0 ? whole + "." + fraction : whole;
  } else {
    fixed = "0." + "0".repeat(-exponent - 1) + digits;
  }
  if (fixed.includes(".")) fixed = fixed.replace(/0+$/, "").replace(/\.$/, "");
  return sign + fixed;
}
