/**
 * Reading and writing the text of `absTime("...")` and `relTime("...")`, as HTCondor's
 * `Literal::MakeAbsTime`/`MakeRelTime` (`src/classad/literals.cpp`) and
 * `absTimeToString`/`relTimeToString` (`src/classad/util.cpp`) do.
 */
import { brokenDownUtc, daysFromCivil, pad2 } from "../model/calendar.js";
import { doubleToInt32 } from "../model/c-types.js";
import type { AbsTimeValue } from "../model/value.js";
import { absTimeValue } from "../model/value.js";
import { formatGeneral } from "./c-format.js";

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
function isSpaceCode(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** `atoi` of a field whose first character is a digit: its leading digits. */
function leadingInt(text: string): number {
  let end = 0;
  while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
  return Number(text.slice(0, end));
}

/** Seconds since the epoch of a wall-clock time read as UTC, fields normalised as `mktime` does. */
function wallSeconds(year: number, month0: number, day: number, hour: number, minute: number, second: number): number {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  return (daysFromCivil(y, m + 1, 1) + day - 1) * 86400 + hour * 3600 + minute * 60 + second;
}

/** The host's offset east of UTC, in seconds, for a wall time read as local time. */
function localOffsetForWall(wall: number): number {
  const guess = new Date(wall * 1000).getTimezoneOffset() * -60;
  const corrected = new Date((wall - guess) * 1000).getTimezoneOffset() * -60;
  return corrected;
}

/**
 * Parse an absTime string: `D* dddd [D* dd [D* dd [D* dd [D* dd [D* dd]]]]] [Z | ±hhmm | ±hh:mm]`
 * (D = non-digit). Without a zone suffix, the host's local offset at that time is used.
 * Returns null where HTCondor fails.
 */
export function parseAbsTime(input: string): AbsTimeValue | null {
  let text = input;
  let len = text.length;
  let i = len - 1;
  while (i >= 0 && isSpaceCode(text.charCodeAt(i))) i--;
  let hasOffset = false;
  let tzHours = 0;
  let tzMinutes = 0;
  const extractZone = (): void => {
    const l = text.length;
    const zone = text.slice(l - 5);
    if (/^[+-][0-9]{4}$/.test(zone)) {
      hasOffset = true;
      text = text.slice(0, l - 5);
      const hours = Number(zone.slice(1, 3));
      const minutes = Number(zone.slice(3, 5));
      tzHours = zone[0] === "+" ? hours : -hours;
      tzMinutes = zone[0] === "+" ? minutes : -minutes;
    }
  };
  if (i > 0 && (text[i] === "z" || text[i] === "Z")) {
    hasOffset = true;
    text = text.slice(0, i) + text.slice(i + 1);
  } else if (len > 5 && (text[len - 5] === "+" || text[len - 5] === "-")) {
    extractZone();
  } else if (len > 6 && (text[len - 6] === "+" || text[len - 6] === "-") && text[len - 3] === ":") {
    text = text.slice(0, len - 3) + text.slice(len - 2);
    extractZone();
  }
  len = text.length;
  i = 0;
  const nextDigit = (): void => {
    while (i < len && !isDigitCode(text.charCodeAt(i))) i++;
  };
  nextDigit();
  if (i > len - 4) return null;
  const year = leadingInt(text.slice(i, i + 4));
  i += 4;
  // tm fields: month (0-based), day, hour, minute, second; absent fields stay 0 (memset).
  const tm = [0, 0, 0, 0, 0];
  for (let f = 0; f < 5; f++) {
    nextDigit();
    if (i <= len - 2) {
      const value = leadingInt(text.slice(i, i + 2));
      tm[f] = f === 0 ? value - 1 : value;
      i += 2;
    }
  }
  nextDigit();
  if (i <= len - 1 && isDigitCode(text.charCodeAt(i))) return null;
  const [month0, day, hour, minute, second] = tm as [number, number, number, number, number];
  const wall = wallSeconds(year, month0, day, hour, minute, second);
  const local = localOffsetForWall(wall);
  // mktime() reads the fields as local time and returns -1 (failure) for 1 second before the epoch.
  if (wall - local === -1) return null;
  const offset = hasOffset ? tzHours * 3600 + tzMinutes * 60 : local;
  const secs = wall - offset;
  return absTimeValue(secs, offset);
}

/** `int` arithmetic of 32-bit C code (wraps). */
function int32(value: number): number {
  return value | 0;
}

/** `std::from_chars` into an `int`: 0 when the digits do not fit. */
function digitsToInt(digits: string): number {
  if (digits === "") return 0;
  const value = Number(digits);
  return value > 2147483647 ? 0 : value;
}

/**
 * Parse a relTime string, read right to left: `[-] [D(d|D|+)] [H(h|H|:)] [M(m|M|:)] S[.fff][s|S]`
 * with blanks between parts. Returns the seconds, or null where HTCondor fails.
 */
export function parseRelTime(text: string): number | null {
  let i = text.length - 1;
  const skipSpace = (): void => {
    while (i >= 0 && isSpaceCode(text.charCodeAt(i))) i--;
  };
  const digitsBack = (): string => {
    const end = i + 1;
    while (i >= 0 && isDigitCode(text.charCodeAt(i))) i--;
    return text.slice(i + 1, end);
  };
  let secs = 0;
  skipSpace();
  if (i >= 0 && (text[i] === "s" || text[i] === "S" || isDigitCode(text.charCodeAt(i)))) {
    if (text[i] === "s" || text[i] === "S") i--;
    skipSpace();
    let number = digitsBack();
    if (i >= 0 && text[i] === ".") {
      i--;
      number = digitsBack() + "." + number;
    }
    const parsed = Number(number);
    secs = number === "" || number === "." || Number.isNaN(parsed) ? 0 : parsed;
  }
  const unit = (letters: string): number => {
    skipSpace();
    if (i >= 0 && letters.includes(text[i] as string)) {
      i--;
      skipSpace();
      return digitsToInt(digitsBack());
    }
    return 0;
  };
  const minutes = unit("mM:");
  const hours = unit("hH:");
  const days = unit("dD+");
  skipSpace();
  let negative = false;
  if (i >= 0 && text[i] === "-") {
    negative = true;
    i--;
  }
  skipSpace();
  if (i >= 0) return null;
  const whole = int32(int32(int32(Math.imul(days, 86400) + Math.imul(hours, 3600)) + Math.imul(minutes, 60)));
  return (negative ? -1 : 1) * (whole + secs);
}

/**
 * `absTimeToString`: `Y-MM-DDThh:mm:ss±hh:mm` at the value's own offset (`-00:00` for UTC). The
 * year is glibc's `%Y`: plain decimal, neither padded nor limited to four digits (`5-01-01...`,
 * `-1-12-31...`, `10000-01-01...`).
 */
export function formatAbsTime(secs: number, offset: number): string {
  const t = brokenDownUtc(secs + offset);
  const sign = offset > 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${t.year}-${pad2(t.month)}-${pad2(t.day)}` +
    `T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}` +
    `${sign}${pad2(Math.trunc(abs / 3600))}:${pad2(Math.trunc(abs / 60) % 60)}`
  );
}

/** `%02g` */
function g2(value: number): string {
  return formatGeneral(value, 6, false).padStart(2, "0");
}

/** `relTimeToString`: `[-][D+]HH:MM:SS`, dropping leading zero units; fractions use `%02g`. */
export function formatRelTime(seconds: number): string {
  let out = "";
  let rsecs = seconds;
  if (rsecs < 0) {
    out = "-";
    rsecs = -rsecs;
  }
  const fraction = rsecs - Math.floor(rsecs);
  // C's `(int)` of the double: out of range (or NaN) it is INT_MIN on x86-64.
  const whole = doubleToInt32(rsecs);
  let hrs = whole % 86400;
  let mins = hrs % 3600;
  const secs = (mins % 60) + fraction;
  const days = Math.trunc(whole / 86400);
  hrs = Math.trunc(hrs / 3600);
  mins = Math.trunc(mins / 60);
  const s = fraction === 0 ? pad2(Math.trunc(secs)) : g2(secs);
  if (days) return `${out}${days}+${pad2(hrs)}:${pad2(mins)}:${s}`;
  if (hrs) return `${out}${pad2(hrs)}:${pad2(mins)}:${s}`;
  if (mins) return `${out}${pad2(mins)}:${s}`;
  return out + s;
}
