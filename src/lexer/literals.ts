/**
 * Scanners for ClassAd literals, written to match HTCondor's lexer (`src/classad/lexer.cpp`)
 * character for character: numbers, string literals in the three lexer modes, and their
 * escape conversions. Every function works on byte strings (one char per byte).
 */
import { INT64_MAX, INT64_MIN, isCDigit, isCSpace } from "../model/c-types.js";
import type { Value } from "../model/value.js";
import { intValue, realValue } from "../model/value.js";


function isOctalDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x37;
}

function isHexDigit(code: number): boolean {
  return isCDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** Why a number scan failed, for error messages. */
export type NumberProblem = "leading-zero" | "no-fraction-digit" | "no-exponent-digit" | "no-hex-digit" | "bad-octal";

/** The outcome of {@link scanNumber}. */
export type NumberScan =
  | { readonly kind: "number"; readonly end: number; readonly value: Value }
  | { readonly kind: "not-a-number" }
  | { readonly kind: "error"; readonly end: number; readonly problem: NumberProblem };

const NOT_A_NUMBER: NumberScan = { kind: "not-a-number" };

/**
 * Scan a numeric literal at `start` the way `Lexer::tokenizeNumber` does with HTCondor's
 * old-ClassAd semantics (`-` is included only when the caller decided it may start a number).
 * Integers whose text starts with `0` and is longer than one character are errors; an integer
 * outside the signed 64-bit range is 0 (`std::from_chars` failing leaves the value untouched).
 */
export function scanNumber(text: string, start: number): NumberScan {
  const length = text.length;
  let och = text.charCodeAt(start);
  let i = start + 1;
  if (och === 0x2d /* - */) {
    const next = text.charCodeAt(i);
    if (isCDigit(next)) {
      och = next;
      i++;
    } else if (next !== 0x2e || !isCDigit(text.charCodeAt(i + 1))) {
      return NOT_A_NUMBER;
    }
  }
  let type: "none" | "int" | "real" = "none";
  let hex = false;
  if (och === 0x30 /* 0 */) {
    const c = text.charCodeAt(i);
    if (c === 0x78 || c === 0x58) {
      type = "int";
      hex = true;
      i++;
      if (!isHexDigit(text.charCodeAt(i))) return { kind: "error", end: i, problem: "no-hex-digit" };
      while (i < length && isHexDigit(text.charCodeAt(i))) i++;
    } else {
      type = "int";
      while (i < length && isCDigit(text.charCodeAt(i))) {
        if (type === "int" && !isOctalDigit(text.charCodeAt(i))) type = "real";
        i++;
      }
      const after = text.charCodeAt(i);
      if (after === 0x2e || after === 0x65 || after === 0x45) {
        type = "real";
      } else if (type === "real") {
        return { kind: "error", end: i, problem: "bad-octal" };
      }
    }
  } else if (isCDigit(och)) {
    while (i < length && isCDigit(text.charCodeAt(i))) i++;
    const after = text.charCodeAt(i);
    type = after === 0x2e || after === 0x65 || after === 0x45 ? "real" : "int";
  } else if (och !== 0x2e && och !== 0x2d) {
    return NOT_A_NUMBER;
  }
  if (och === 0x2e || text.charCodeAt(i) === 0x2e) {
    if (text.charCodeAt(i) === 0x2e) i++;
    if (isCDigit(text.charCodeAt(i))) {
      type = "real";
      while (i < length && isCDigit(text.charCodeAt(i))) i++;
    } else {
      if (type !== "none") return { kind: "error", end: i, problem: "no-fraction-digit" };
      return NOT_A_NUMBER; // `.` (or `..`) not followed by a digit: the selection operator
    }
  }
  if (type === "real") {
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isCDigit(text.charCodeAt(i))) return { kind: "error", end: i, problem: "no-exponent-digit" };
      while (i < length && isCDigit(text.charCodeAt(i))) i++;
    }
  }
  const image = text.slice(start, i);
  if (type === "int") {
    if (image.charCodeAt(0) === 0x30 && image.length > 1) {
      return { kind: "error", end: i, problem: "leading-zero" };
    }
    return { kind: "number", end: i, value: intValue(parseInt64Prefix(image)) };
  }
  return { kind: "number", end: i, value: realValue(realFromImage(image, hex)) };
}

/** `strtod` of a real literal's text. `..5` (two dots, which HTCondor's lexer accepts) converts nothing: 0. */
function realFromImage(image: string, hex: boolean): number {
  if (hex) return parseHexFloat(image);
  const value = Number(image);
  return Number.isNaN(value) ? 0 : value;
}

/** `std::from_chars(..., base 10)` on a literal's text: the decimal prefix, 0 when out of range. */
function parseInt64Prefix(image: string): number | bigint {
  const first = image.charCodeAt(0) === 0x2d ? 1 : 0;
  let end = first;
  while (end < image.length && isCDigit(image.charCodeAt(end))) end++;
  const digits = image.slice(0, end);
  // Up to 15 digits is always below 2^53, so a double holds it exactly.
  if (end - first <= 15) return Number(digits);
  const big = BigInt(digits);
  if (big < INT64_MIN || big > INT64_MAX) return 0;
  return big;
}

/** `strtod` of a hexadecimal real such as `0x1.8` (reachable only as `0x1.8` or `-0x1.8e3`). */
function parseHexFloat(image: string): number {
  const negative = image.startsWith("-");
  const body = image.slice(negative ? 3 : 2);
  const dot = body.indexOf(".");
  const whole = dot < 0 ? body : body.slice(0, dot);
  const fraction = dot < 0 ? "" : body.slice(dot + 1);
  let value = 0;
  for (const ch of whole) value = value * 16 + parseInt(ch, 16);
  let scale = 1 / 16;
  for (const ch of fraction) {
    value += parseInt(ch, 16) * scale;
    scale /= 16;
  }
  return negative ? -value : value;
}

/** The outcome of a string-literal scan. */
export type StringScan =
  | { readonly kind: "string"; readonly end: number; readonly value: string; readonly quotedExpr: boolean }
  | { readonly kind: "error"; readonly end: number; readonly problem: "unterminated" | "nul-escape" | "bad-unicode-escape" };

/**
 * New-syntax (and JSON) string scan: the raw text up to the matching delimiter (a backslash
 * protects the next character), adjacent literals with the same delimiter joined (raw texts are
 * joined before escapes are converted, as HTCondor does), then the escapes converted.
 */
export function scanString(text: string, start: number, json: boolean): StringScan {
  const delim = text.charCodeAt(start);
  const length = text.length;
  let raw = "";
  let i = start + 1;
  for (;;) {
    const pieceStart = i;
    let odd = false;
    for (;;) {
      if (i >= length) return { kind: "error", end: i, problem: "unterminated" };
      const c = text.charCodeAt(i);
      if (c === 0) return { kind: "error", end: i, problem: "unterminated" };
      if (c === delim && !odd) break;
      odd = !odd && c === 0x5c;
      i++;
    }
    raw += text.slice(pieceStart, i);
    i++; // the closing delimiter
    let j = i;
    while (j < length && isCSpace(text.charCodeAt(j))) j++;
    if (j < length && text.charCodeAt(j) === delim) {
      i = j + 1;
      continue;
    }
    break;
  }
  if (json) {
    const converted = convertJsonEscapes(raw);
    if (converted === null) return { kind: "error", end: i, problem: "bad-unicode-escape" };
    const quotedExpr = raw.length >= 4 && raw.startsWith("\\/") && raw.endsWith("\\/");
    return { kind: "string", end: i, value: converted, quotedExpr };
  }
  const converted = convertEscapes(raw);
  if (converted === null) return { kind: "error", end: i, problem: "nul-escape" };
  return { kind: "string", end: i, value: converted, quotedExpr: false };
}

/**
 * Old-ClassAd string scan (`tokenizeStringOld`): backslash is literal except in `\"` when the
 * quote is followed by more text other than a newline; then the quote is part of the value and
 * the backslash is dropped. No concatenation of adjacent literals, no NUL check.
 */
export function scanStringOld(text: string, start: number): StringScan {
  const delim = text.charCodeAt(start);
  const length = text.length;
  let value = "";
  let i = start + 1;
  let pieceStart = i;
  for (;;) {
    let previous = 0;
    while (i < length && text.charCodeAt(i) !== 0 && text.charCodeAt(i) !== delim) {
      previous = text.charCodeAt(i);
      i++;
    }
    if (i >= length || text.charCodeAt(i) === 0) return { kind: "error", end: i, problem: "unterminated" };
    if (previous !== 0x5c) break;
    const following = i + 1 < length ? text.charCodeAt(i + 1) : 0;
    if (following > 0 && following !== 0x0a) {
      value += text.slice(pieceStart, i - 1) + text[i];
      i++;
      pieceStart = i;
      continue;
    }
    break;
  }
  value += text.slice(pieceStart, i);
  return { kind: "string", end: i + 1, value, quotedExpr: false };
}

const SIMPLE_ESCAPES = new Map<number, string>([
  [0x22, '"'],
  [0x27, "'"],
  [0x3f, "?"],
  [0x61, "\x07"],
  [0x62, "\b"],
  [0x66, "\f"],
  [0x6e, "\n"],
  [0x72, "\r"],
  [0x74, "\t"],
  [0x76, "\v"],
  [0x5c, "\\"],
]);

/** `convert_escapes`: C escapes and 1-3 digit octal; null when an escape yields a NUL byte. */
export function convertEscapes(raw: string): string | null {
  if (raw.indexOf("\\") < 0) return raw;
  const length = raw.length;
  let out = "";
  for (let i = 0; i < length; i++) {
    let ch = raw[i] as string;
    if (ch === "\\" && i < length - 1) {
      i++;
      const code = raw.charCodeAt(i);
      const simple = SIMPLE_ESCAPES.get(code);
      if (simple !== undefined) {
        ch = simple;
      } else if (isOctalDigit(code)) {
        let number = code - 0x30;
        if (i + 1 < length && isOctalDigit(raw.charCodeAt(i + 1))) {
          i++;
          number = (number << 3) + raw.charCodeAt(i) - 0x30;
          if (number < 0x20 && i + 1 < length && isOctalDigit(raw.charCodeAt(i + 1))) {
            i++;
            number = (number << 3) + raw.charCodeAt(i) - 0x30;
          }
        }
        number &= 0xff;
        if (number === 0) return null;
        ch = String.fromCharCode(number);
      } else {
        ch = raw[i] as string;
      }
    }
    out += ch;
  }
  return out;
}

const JSON_ESCAPES = new Map<number, string>([
  [0x22, '"'],
  [0x62, "\b"],
  [0x66, "\f"],
  [0x6e, "\n"],
  [0x72, "\r"],
  [0x74, "\t"],
  [0x5c, "\\"],
]);

/**
 * `convert_escapes_json`: JSON escapes; `\uXXXX` of 0x80 and above is encoded into bytes
 * exactly as HTCondor does (its UTF-8 encoder uses wrong masks, so `\u00e9` gives `\003\001`).
 * Null for `\u0000` or a malformed `\u`.
 */
export function convertJsonEscapes(raw: string): string | null {
  if (raw.indexOf("\\") < 0) return raw;
  const length = raw.length;
  let out = "";
  for (let i = 0; i < length; i++) {
    let ch = raw[i] as string;
    if (ch === "\\" && i < length - 1) {
      i++;
      const code = raw.charCodeAt(i);
      const simple = JSON_ESCAPES.get(code);
      if (simple !== undefined) {
        ch = simple;
      } else if (code === 0x75 /* u */) {
        if (i + 4 >= length) return null;
        const hex = raw.slice(i + 1, i + 5);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return null;
        const number = parseInt(hex, 16);
        i += 4;
        if (number === 0) return null;
        if (number >= 0x800) {
          out += String.fromCharCode((number >> 12) & 0xff, ((number >> 6) | 0x11) & 0xff, (number | 0x11) & 0xff);
          continue;
        }
        if (number >= 0x80) {
          out += String.fromCharCode((number >> 6) & 0xff, number & 0x11);
          continue;
        }
        ch = String.fromCharCode(number);
      } else {
        ch = raw[i] as string;
      }
    }
    out += ch;
  }
  return out;
}
