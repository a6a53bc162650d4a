/**
 * The text forms of ClassAd times, read and written exactly as HTCondor's library does:
 * `absTime("2004-01-01T00:00:00-06:00")` and `relTime("1+02:03:04.5")`.
 */
import { absTimeValue, type AbsTimeValue } from "../eval/value.js";

/** Offset east of UTC, in seconds, of the host's local time zone at `epochSecs`. */
export function hostOffsetAt(epochSecs: number): number {
  const minutesWest = new Date(epochSecs * 1000).getTimezoneOffset();
  return Number.isNaN(minutesWest) ? 0 : -minutesWest * 60;
}

/** Days from 1970-01-01 to a proleptic Gregorian date; month and day may overflow or be 0. */
function daysFromCivil(year: number, month: number, day: number): number {
  // Normalise the month first, then count days the way timegm does for out-of-range fields.
  const y0 = year + Math.floor((month - 1) / 12);
  const m0 = ((((month - 1) % 12) + 12) % 12) + 1;
  const y = m0 <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m0 + (m0 > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function isDigitAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

function isSpaceAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 32 || (c >= 9 && c <= 13);
}

/** C `atoi`: optional blanks and sign, then the leading digits; 0 when there are none. */
function atoi(text: string): number {
  const match = /^[\t\n\v\f\r ]*([+-]?[0-9]+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** A `+hhmm`/`-hhmm` zone at the very end of the text; the offset and the text before it. */
function trailingZone(text: string): { offset: number; rest: string } | null {
  const zone = text.slice(text.length - 5);
  if (!/^[+-][0-9]{4}$/.test(zone)) return null;
  const sign = zone[0] === "-" ? -1 : 1;
  return { offset: sign * (atoi(zone.slice(1, 3)) * 3600 + atoi(zone.slice(3, 5)) * 60), rest: text.slice(0, -5) };
}

/**
 * Parses absTime text as HTCondor's `MakeAbsTime` does: an optional zone suffix (`Z`, `+hhmm`,
 * `+hh:mm`), then non-digits, a year (C `atoi` of the next four characters), then optionally
 * month, day, hour, minute and second, each `atoi` of the next two characters after any
 * non-digits. Fields overflow as in `mktime` (day 0 is the last day of the month before). A
 * digit after the seconds fails. Without a zone the host's offset is used. Returns null when the
 * text is not a time.
 */
export function parseAbsTime(text: string): AbsTimeValue | null {
  let rest = text;
  let zoneOffset: number | null = null;
  let last = rest.length - 1;
  while (last >= 0 && isSpaceAt(rest, last)) last--;
  if (last > 0 && (rest[last] === "z" || rest[last] === "Z")) {
    zoneOffset = 0;
    rest = rest.slice(0, last) + rest.slice(last + 1);
  } else if (rest.length > 5 && (rest[rest.length - 5] === "+" || rest[rest.length - 5] === "-")) {
    const zone = trailingZone(rest);
    if (zone) ({ offset: zoneOffset, rest } = zone);
  } else if (rest.length > 6 && (rest[rest.length - 6] === "+" || rest[rest.length - 6] === "-") && rest[rest.length - 3] === ":") {
    const zone = trailingZone(rest.slice(0, -3) + rest.slice(-2));
    if (zone) ({ offset: zoneOffset, rest } = zone);
    else rest = rest.slice(0, -3) + rest.slice(-2);
  }
  const length = rest.length;
  let at = 0;
  const skipNonDigits = (): void => {
    while (at < length && !isDigitAt(rest, at)) at++;
  };
  skipNonDigits();
  if (at > length - 4) return null;
  const year = atoi(rest.slice(at, at + 4));
  at += 4;
  // month (0-based, as tm_mon), day, hour, minute, second
  const fields = [0, 0, 0, 0, 0];
  for (let i = 0; i < fields.length; i++) {
    skipNonDigits();
    if (at <= length - 2) {
      fields[i] = atoi(rest.slice(at, at + 2)) - (i === 0 ? 1 : 0);
      at += 2;
    }
  }
  skipNonDigits();
  if (at <= length - 1 && isDigitAt(rest, at)) return null;
  const [monthIndex, day, hour, minute, second] = fields as [number, number, number, number, number];
  const wall = daysFromCivil(year, monthIndex + 1, day) * 86400 + hour * 3600 + minute * 60 + second;
  const offset = zoneOffset ?? hostOffsetAt(wall);
  return absTimeValue(wall - offset, offset);
}

/**
 * Parses relTime text as HTCondor's `MakeRelTime` does, reading from the right:
 * `[-] [D(d|D|+)] [H(h|H|:)] [M(m|M|:)] [S[.fff]][s|S]`, blanks allowed between the parts, so
 * `1:30` is a minute and a half and the empty text is 0. Returns null when anything else is left.
 */
export function parseRelTime(text: string): number | null {
  let at = text.length - 1;
  const skipSpaces = (): void => {
    while (at >= 0 && isSpaceAt(text, at)) at--;
  };
  const digitsBefore = (): string => {
    const end = at + 1;
    while (at >= 0 && isDigitAt(text, at)) at--;
    return text.slice(at + 1, end);
  };
  const wholeUnit = (markers: string): number => {
    skipSpaces();
    if (at < 0 || !markers.includes(text[at]!)) return 0;
    at--;
    skipSpaces();
    const digits = digitsBefore();
    const value = digits === "" ? 0 : Number(digits);
    return value > 2147483647 ? 0 : value;
  };
  let seconds = 0;
  skipSpaces();
  if (at >= 0 && (text[at] === "s" || text[at] === "S" || isDigitAt(text, at))) {
    if (!isDigitAt(text, at)) at--;
    skipSpaces();
    let digits = digitsBefore();
    if (at >= 0 && text[at] === ".") {
      at--;
      digits = digitsBefore() + "." + digits;
    }
    const value = Number.parseFloat(digits);
    seconds = Number.isNaN(value) ? 0 : value;
  }
  const minutes = wholeUnit("mM:");
  const hours = wholeUnit("hH:");
  const days = wholeUnit("dD+");
  skipSpaces();
  let sign = 1;
  if (at >= 0 && text[at] === "-") {
    sign = -1;
    at--;
  }
  skipSpaces();
  if (at >= 0) return null;
  return sign * (days * 86400 + hours * 3600 + minutes * 60 + seconds);
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** Broken-down UTC calendar fields of an epoch second count. */
export function utcFields(epochSecs: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const days = Math.floor(epochSecs / 86400);
  const inDay = epochSecs - days * 86400;
  // Civil-from-days (proleptic Gregorian).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3600),
    minute: Math.floor(inDay / 60) % 60,
    second: inDay % 60,
  };
}

/** `2004-01-01T00:00:00-06:00`: the wall clock at the value's own offset; UTC prints `-00:00`. */
export function formatAbsTime(secs: number, offset: number): string {
  const t = utcFields(secs + offset);
  const year = t.year >= 0 && t.year < 1000 ? String(t.year).padStart(4, "0") : String(t.year);
  const sign = offset > 0 ? "+" : "-";
  const magnitude = Math.abs(offset);
  return (
    `${year}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}` +
    `${sign}${pad2(Math.trunc(magnitude / 3600))}:${pad2(Math.trunc(magnitude / 60) % 60)}`
  );
}

/** C's `%02g`: six significant digits, trailing zeros removed, at least two characters wide. */
function percentG(value: number): string {
  let text: string;
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    text = value.toExponential(5).replace(/\.?0+e/, "e").replace(/e([+-])(\d)$/, "e$10$2");
  } else {
    text = value.toFixed(Math.max(0, 5 - exponent));
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  }
  return text.length < 2 ? "0" + text : text;
}

/** A 32-bit C `int` conversion of a double (truncation, wrapping as x86-64 does for our range). */
function toInt32(value: number): number {
  return Math.trunc(value) | 0;
}

/** `[-][D+]HH:MM:SS` with leading zero units left out, fractional seconds as `%02g`. */
export function formatRelTime(seconds: number): string {
  let sign = "";
  let rest = seconds;
  if (rest < 0) {
    sign = "-";
    rest = -rest;
  }
  const fraction = rest - Math.floor(rest);
  const whole = toInt32(rest);
  const days = Math.trunc(whole / 86400);
  const hours = Math.trunc((whole % 86400) / 3600);
  const minutes = Math.trunc((whole % 3600) / 60);
  const secs = (whole % 60) + fraction;
  const secText = fraction === 0 ? pad2(Math.trunc(secs)) : percentG(secs);
  if (days) return `${sign}${days}+${pad2(hours)}:${pad2(minutes)}:${secText}`;
  if (hours) return `${sign}${pad2(hours)}:${pad2(minutes)}:${secText}`;
  if (minutes) return `${sign}${pad2(minutes)}:${secText}`;
  return `${sign}${secText}`;
}
