/**
 * C library number parsing and printing as HTCondor's functions use them: `strtod` (the
 * conversion behind `int("12abc")`, `real(" 0x10")` and `stringListSum`), and `printf`'s `%E`.
 * Inputs are byte strings; only ASCII matters to these routines.
 */
import { doubleToInt32, isCSpace } from "../model/c-types.js";


/** The result of {@link strtod}: the value and how many characters were consumed (0: nothing parsed). */
export interface StrtodResult {
  readonly value: number;
  readonly consumed: number;
}

const NOTHING: StrtodResult = { value: 0, consumed: 0 };

/**
 * C `strtod`: leading white space, a sign, then a decimal or hexadecimal number, `inf`,
 * `infinity` or `nan[(chars)]` (case-insensitive). The longest valid prefix is used.
 */
export function strtod(text: string): StrtodResult {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  const signChar = text[i];
  if (signChar === "+" || signChar === "-") {
    negative = signChar === "-";
    i++;
  }
  const body = parseUnsigned(text, i);
  if (body === null) return NOTHING;
  return { value: negative ? -body.value : body.value, consumed: body.end };
}

/**
 * `sscanf(text, "%lf")`: like {@link strtod}, except that glibc's scanf fails on a `0x` prefix
 * with no hexadecimal digit after it (strtod would read the `0`). Null when nothing converts.
 */
export function scanDouble(text: string): number | null {
  const parsed = strtod(text);
  if (parsed.consumed === 0) return null;
  if (/^[\t\n\v\f\r ]*[+-]?0[xX]/.test(text) && parsed.consumed <= text.search(/[xX]/)) return null;
  return parsed.value;
}

function parseUnsigned(text: string, start: number): { value: number; end: number } | null {
  const rest = text.slice(start, start + 8).toLowerCase();
  if (rest.startsWith("inf")) {
    return { value: Infinity, end: start + (rest.startsWith("infinity") ? 8 : 3) };
  }
  if (rest.startsWith("nan")) {
    let end = start + 3;
    if (text[end] === "(") {
      let j = end + 1;
      while (j < text.length && /[0-9A-Za-z_]/.test(text[j] ?? "")) j++;
      if (text[j] === ")") end = j + 1;
    }
    return { value: NaN, end };
  }
  if (text[start] === "0" && (text[start + 1] === "x" || text[start + 1] === "X")) {
    const hex = parseHex(text, start + 2);
    // "0x" without hex digits parses as the number 0 followed by "x".
    return hex ?? { value: 0, end: start + 1 };
  }
  return parseDecimal(text, start);
}

function parseDecimal(text: string, start: number): { value: number; end: number } | null {
  let i = start;
  let digits = 0;
  while (isDigit(text, i)) {
    i++;
    digits++;
  }
  if (text[i] === ".") {
    let j = i + 1;
    while (isDigit(text, j)) {
      j++;
      digits++;
    }
    if (digits > 0) i = j;
  }
  if (digits === 0) return null;
  const mantissaEnd = i;
  if (text[i] === "e" || text[i] === "E") {
    let j = i + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    if (isDigit(text, j)) {
      while (isDigit(text, j)) j++;
      i = j;
    }
  }
  const literal = text.slice(start, i);
  const value = Number(literal.startsWith(".") ? "0" + literal : literal.endsWith(".") ? literal + "0" : literal);
  if (Number.isNaN(value)) return { value: Number(text.slice(start, mantissaEnd)), end: mantissaEnd };
  return { value, end: i };
}

function parseHex(text: string, start: number): { value: number; end: number } | null {
  let i = start;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (hexDigit(text, i) >= 0) {
    mantissa = mantissa * 16 + hexDigit(text, i);
    i++;
    digits++;
  }
  if (text[i] === ".") {
    let j = i + 1;
    while (hexDigit(text, j) >= 0) {
      mantissa = mantissa * 16 + hexDigit(text, j);
      scale -= 4;
      j++;
      digits++;
    }
    if (digits > 0) i = j;
  }
  if (digits === 0) return null;
  if (text[i] === "p" || text[i] === "P") {
    let j = i + 1;
    let sign = 1;
    if (text[j] === "+" || text[j] === "-") {
      sign = text[j] === "-" ? -1 : 1;
      j++;
    }
    if (isDigit(text, j)) {
      let exponent = 0;
      while (isDigit(text, j)) {
        exponent = Math.min(exponent * 10 + (text.charCodeAt(j) - 48), 100000);
        j++;
      }
      scale += sign * exponent;
      i = j;
    }
  }
  return { value: mantissa * Math.pow(2, scale), end: i };
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function hexDigit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}


/**
 * A relative time's seconds as HTCondor reads them back (`Value::IsRelativeTimeValue(time_t&)`
 * casts the stored double to `int`): truncated, with INT_MIN for NaN and out-of-range values.
 */
export function relTimeSeconds(secs: number): number {
  return doubleToInt32(secs);
}
