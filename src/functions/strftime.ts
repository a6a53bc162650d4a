/**
 * C `strftime` in the C locale, as glibc formats a `struct tm` for HTCondor's `formatTime`
 * (`make_formatted_time`: `strftime(buf, 1023, format, &tm)`). HTCondor fills the `struct tm`
 * field by field from a split time, so any field can be out of its usual range; glibc then prints
 * `?` for a weekday or month name it has no name for, numbers with their sign (zero padding goes
 * after the `-`: `%j` of -5 is `-05`), and the 12-hour clock as `hour - 12` only for hours above
 * 12. Flags `_ - 0 ^ #`, a field width and the `E`/`O` modifiers behave as in glibc (the C locale
 * has no eras and no alternative digits); an unknown conversion is copied out whole, flags and
 * width included.
 */

/** The fields of a C `struct tm` (all C `int`s). */
export interface CTm {
  readonly sec: number;
  readonly min: number;
  readonly hour: number;
  readonly mday: number;
  /** 0-11 when in range. */
  readonly mon: number;
  /** Years since 1900. */
  readonly year: number;
  /** 0 = Sunday when in range. */
  readonly wday: number;
  /** 0-based day of the year. */
  readonly yday: number;
  readonly isdst: number;
  /** Seconds east of UTC (`tm_gmtoff`), printed by `%z`. */
  readonly gmtoff: number;
  /** `tm_zone`, printed by `%Z`; null when HTCondor left it unset. */
  readonly zone: string | null;
}

/** What `%s` and `%Z` need from the environment. */
export interface StrftimeEnvironment {
  /** `mktime` of the fields (read in the local zone); -1 when they cannot be represented. */
  epochOf(tm: CTm): number | bigint;
  /** `tzname[isdst]`: the local zone's abbreviation, printed by `%Z` when `tm_zone` is unset. */
  zoneName(isdst: number): string;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** The buffer HTCondor formats into: `strftime(buf, 1023, ...)` fails on 1023 bytes or more. */
const MAX_SIZE = 1023;

const int32 = (n: number): number => n | 0;
/** C's `/` on ints: truncation toward zero. */
const cdiv = (a: number, b: number): number => int32(Math.trunc(a / b));
/** C's `%` on ints: the sign of the dividend. */
const cmod = (a: number, b: number): number => int32(a % b);

function isLeap(year: number): boolean {
  return cmod(year, 4) === 0 && (cmod(year, 100) !== 0 || cmod(year, 400) === 0);
}

/** Days from the first day of the first ISO week of the year to day `yday` (weekday `wday`). */
function isoWeekDays(yday: number, wday: number): number {
  const bigEnoughMultipleOf7 = (Math.trunc(366 / 7) + 2) * 7;
  return int32(yday - cmod(int32(yday - wday + 4 + bigEnoughMultipleOf7), 7) + 4 - 1);
}

class Overflow extends Error {}
class OverBudget extends Error {}

/** What {@link strftime} returns when its result would not fit in the room it was given. */
export const OVER_BUDGET = Symbol("over budget");

interface Directive {
  pad: string;
  width: number;
  upper: boolean;
  lower: boolean;
}

/**
 * Format `tm` as `strftime(buf, 1023, format, &tm)` does in the C locale. Returns null when the
 * result does not fit in HTCondor's buffer (glibc then returns 0 and leaves the buffer
 * unterminated: HTCondor's result is whatever the stack held; see docs/quirks.md), and
 * {@link OVER_BUDGET} when it fits there but not in `room` bytes (what is left of the evaluation's
 * size budget), checked before each piece is built.
 */
export function strftime(format: string, tm: CTm, env: StrftimeEnvironment, room = Number.POSITIVE_INFINITY): string | null | typeof OVER_BUDGET {
  try {
    return formatInto(format, tm, env, MAX_SIZE, room);
  } catch (error) {
    if (error instanceof Overflow) return null;
    if (error instanceof OverBudget) return OVER_BUDGET;
    throw error;
  }
}

function formatInto(format: string, tm: CTm, env: StrftimeEnvironment, maxSize: number, room: number): string {
  let out = "";
  /** Check that `size` more bytes fit: HTCondor's buffer first (its overflow is not an error), then the room. */
  const reserve = (size: number): void => {
    if (size >= maxSize - out.length) throw new Overflow();
    if (size > room - out.length) throw new OverBudget();
  };
  let hour12 = tm.hour;
  if (hour12 > 12) hour12 -= 12;
  else if (hour12 === 0) hour12 = 12;

  /** glibc's `add`: the text right-aligned in the field width (zeros with the `0` flag). */
  const add = (text: string, d: Directive): void => {
    const delta = d.width - text.length;
    const incr = text.length + (delta > 0 ? delta : 0);
    reserve(incr);
    if (delta > 0) out += (d.pad === "0" ? "0" : " ").repeat(delta);
    out += text;
  };
  /** glibc's `cpy`: `add` after the case flags. */
  const cpy = (text: string, d: Directive): void => {
    add(d.lower ? asciiLower(text) : d.upper ? asciiUpper(text) : text, d);
  };
  /** A number at least `digits` wide: sign first, then zeros (or spaces before the sign). */
  const number = (minDigits: number, value: number, d: Directive, spacePad = false): void => {
    const digits = minDigits > d.width ? minDigits : d.width;
    if (spacePad && d.pad !== "0" && d.pad !== "-") d.pad = "_";
    signAndPadding(String(Math.abs(value)), value < 0, digits, d);
  };
  const signAndPadding = (magnitude: string, negative: boolean, digits: number, d: Directive): void => {
    let text = negative ? "-" + magnitude : magnitude;
    if (d.pad !== "-") {
      const padding = digits - text.length;
      if (padding > 0) {
        if (d.pad === "_") {
          reserve(padding);
          out += " ".repeat(padding);
          d.width = d.width > padding ? d.width - padding : 0;
        } else {
          reserve(digits);
          if (negative) {
            text = magnitude;
            out += "-";
          }
          out += "0".repeat(padding);
          d.width = 0;
        }
      }
    }
    cpy(text, d);
  };
  const subformat = (sub: string, d: Directive): void => {
    const text = formatInto(sub, tm, env, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY);
    add(d.upper ? asciiUpper(text) : text, d);
  };
  /** An unknown or malformed directive: copied out from its `%`. */
  const badFormat = (end: number, d: Directive): void => {
    let start = end;
    while (format[start] !== "%") start--;
    cpy(format.slice(start, end + 1), d);
  };

  for (let f = 0; f < format.length; f++) {
    const ch = format[f] as string;
    const plain: Directive = { pad: "", width: -1, upper: false, lower: false };
    if (ch !== "%") {
      add(ch, plain);
      continue;
    }
    const d: Directive = { pad: "", width: -1, upper: false, lower: false };
    let changeCase = false;
    for (;;) {
      const flag = format[++f];
      if (flag === "_" || flag === "-" || flag === "0") d.pad = flag;
      else if (flag === "^") d.upper = true;
      else if (flag === "#") changeCase = true;
      else break;
    }
    if (isDigit(format[f])) {
      d.width = 0;
      do {
        const digit = (format.charCodeAt(f) - 48) as number;
        d.width = d.width > 214748364 || (d.width === 214748364 && digit > 7) ? 2147483647 : d.width * 10 + digit;
        f++;
      } while (isDigit(format[f]));
    }
    let modifier = "";
    if (format[f] === "E" || format[f] === "O") modifier = format[f++] as string;
    const conversion = format[f];
    const numeric = (digits: number, value: number, spacePad = false): void => {
      if (modifier === "E") badFormat(f, d);
      else number(digits, value, d, spacePad);
    };
    switch (conversion) {
      case "%":
        if (modifier) badFormat(f, d);
        else add("%", d);
        break;
      case "a":
      case "A":
        if (modifier) {
          badFormat(f, d);
          break;
        }
        if (changeCase) d.upper = true;
        cpy(dayName(tm.wday, conversion === "a"), d);
        break;
      case "b":
      case "h":
      case "B":
        if (changeCase) d.upper = true;
        if (modifier === "E") badFormat(f, d);
        else cpy(monthName(tm.mon, conversion !== "B"), d);
        break;
      case "c":
        if (modifier === "O") badFormat(f, d);
        else subformat("%a %b %e %H:%M:%S %Y", d);
        break;
      case "C": {
        const year = int32(tm.year + 1900);
        number(1, int32(cdiv(year, 100) - (cmod(year, 100) < 0 ? 1 : 0)), d);
        break;
      }
      case "x":
        if (modifier === "O") badFormat(f, d);
        else subformat("%m/%d/%y", d);
        break;
      case "D":
        if (modifier) badFormat(f, d);
        else subformat("%m/%d/%y", d);
        break;
      case "d":
        numeric(2, tm.mday);
        break;
      case "e":
        numeric(2, tm.mday, true);
        break;
      case "F":
        if (modifier) badFormat(f, d);
        else subformat("%Y-%m-%d", d);
        break;
      case "H":
        numeric(2, tm.hour);
        break;
      case "I":
        numeric(2, hour12);
        break;
      case "k":
        numeric(2, tm.hour, true);
        break;
      case "l":
        numeric(2, hour12, true);
        break;
      case "j":
        numeric(3, int32(1 + tm.yday));
        break;
      case "M":
        numeric(2, tm.min);
        break;
      case "m":
        numeric(2, int32(tm.mon + 1));
        break;
      case "n":
        add("\n", d);
        break;
      case "P":
      case "p":
        if (conversion === "P") d.lower = true;
        if (changeCase) {
          d.upper = false;
          d.lower = true;
        }
        cpy(tm.hour > 11 ? "PM" : "AM", d);
        break;
      case "R":
        subformat("%H:%M", d);
        break;
      case "r":
        subformat("%I:%M:%S %p", d);
        break;
      case "S":
        numeric(2, tm.sec);
        break;
      case "s": {
        const t = env.epochOf(tm);
        const negative = t < 0;
        signAndPadding(String(negative ? -t : t), negative, 1, d);
        break;
      }
      case "X":
        if (modifier === "O") badFormat(f, d);
        else subformat("%H:%M:%S", d);
        break;
      case "T":
        subformat("%H:%M:%S", d);
        break;
      case "t":
        add("\t", d);
        break;
      case "u":
        number(1, int32(cmod(int32(tm.wday - 1 + 7), 7) + 1), d);
        break;
      case "U":
        numeric(2, cdiv(int32(tm.yday - tm.wday + 7), 7));
        break;
      case "V":
      case "g":
      case "G": {
        if (modifier === "E") {
          badFormat(f, d);
          break;
        }
        let year = int32(tm.year + 1900);
        let days = isoWeekDays(tm.yday, tm.wday);
        if (days < 0) {
          year = int32(year - 1);
          days = isoWeekDays(int32(tm.yday + 365 + (isLeap(year) ? 1 : 0)), tm.wday);
        } else {
          const next = isoWeekDays(int32(tm.yday - (365 + (isLeap(year) ? 1 : 0))), tm.wday);
          if (next >= 0) {
            year = int32(year + 1);
            days = next;
          }
        }
        if (conversion === "g") number(2, cmod(cmod(year, 100) + 100, 100), d);
        else if (conversion === "G") number(1, year, d);
        else number(2, int32(cdiv(days, 7) + 1), d);
        break;
      }
      case "W":
        numeric(2, cdiv(int32(tm.yday - cmod(int32(tm.wday - 1 + 7), 7) + 7), 7));
        break;
      case "w":
        numeric(1, tm.wday);
        break;
      case "Y":
        if (modifier === "O") badFormat(f, d);
        else number(1, int32(tm.year + 1900), d);
        break;
      case "y":
        number(2, cmod(cmod(tm.year, 100) + 100, 100), d);
        break;
      case "Z": {
        if (changeCase) {
          d.upper = false;
          d.lower = true;
        }
        let zone = tm.zone;
        if (!zone && tm.isdst >= 0) zone = tm.isdst <= 1 ? env.zoneName(tm.isdst) : "?";
        cpy(zone ?? "", d);
        break;
      }
      case "z": {
        if (tm.isdst < 0) break;
        let diff = tm.gmtoff;
        // The sign goes through glibc's `add`, field width included.
        if (diff < 0) {
          add("-", d);
          diff = -diff;
        } else {
          add("+", d);
        }
        diff = cdiv(diff, 60);
        number(4, int32(cdiv(diff, 60) * 100 + cmod(diff, 60)), d);
        break;
      }
      case undefined:
        // A `%` (with flags) at the very end of the format is printed as it is.
        f--;
        badFormat(f, d);
        break;
      default:
        badFormat(f, d);
    }
  }
  return out;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function dayName(wday: number, short: boolean): string {
  const name = wday < 0 || wday > 6 ? "?" : (DAYS[wday] as string);
  return short && name !== "?" ? name.slice(0, 3) : name;
}

function monthName(mon: number, short: boolean): string {
  const name = mon < 0 || mon > 11 ? "?" : (MONTHS[mon] as string);
  return short && name !== "?" ? name.slice(0, 3) : name;
}

function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
