/**
 * The text forms of ClassAd times, read and written exactly as HTCondor's library does:
 * `absTime("2004-01-01T00:00:00-06:00")` and `relTime("1+02:03:04.5")`.
 */
import { absTimeValue, type AbsTimeValue } from "../eval/value.js";

const DIGIT = /[0-9]/;

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

/** Reads a zone suffix (`Z`, `+hhmm`, `+hh:mm`); returns the offset and the text without it. */
function splitZone(text: string): { offset: number | null; rest: string } {
  const trimmed = text.replace(/\s+$/, "");
  const last = trimmed[trimmed.length - 1];
  if (last === "Z" || last === "z") return { offset: 0, rest: trimmed.slice(0, -1) };
  const n = text.length;
  const compact = text.slice(n - 5);
  if (/^[+-][0-9]{4}$/.test(compact)) {
    const sign = compact[0] === "-" ? -1 : 1;
    const hours = Number(compact.slice(1, 3));
    const minutes = Number(compact.slice(3, 5));
    return { offset: sign * (hours * 3600 + minutes * 60), rest: text.slice(0, n - 5) };
  }
  const colon = text.slice(n - 6);
  if (/^[+-][0-9]{2}:[0-9]{2}$/.test(colon)) {
    const sign = colon[0] === "-" ? -1 : 1;
    const hours = Number(colon.slice(1, 3));
    const minutes = Number(colon.slice(4, 6));
    return { offset: sign * (hours * 3600 + minutes * 60), rest: text.slice(0, n - 6) };
  }
  return { offset: null, rest: text };
}

/** C `atoi` over at most two characters. */
function twoDigitField(text: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 2 && i < text.length && DIGIT.test(text[i]!); i++) {
    value = value * 10 + (text.charCodeAt(i) - 48);
  }
  return value;
}

/**
 * Parses absTime text: a 4-digit year, then optionally month, day, hour, minute and second
 * (two digits each, anything non-numeric between them), then an optional zone. Missing fields
 * are 0 (day 0 is the last day of the previous month). Without a zone the host's offset is used.
 * Returns null when the text is not a time.
 */
export function parseAbsTime(text: string): AbsTimeValue | null {
  const { offset: zoneOffset, rest } = splitZone(text);
  let at = 0;
  const skipNonDigits = (): void => {
    while (at < rest.length && !DIGIT.test(rest[at]!)) at++;
  };
  skipNonDigits();
  if (!/^[0-9]{4}/.test(rest.slice(at))) return null;
  const year = Number(rest.slice(at, at + 4));
  at += 4;
  const fields = [0, 0, 0, 0, 0]; // month, day, hour, minute, second
  for (let i = 0; i < fields.length; i++) {
    skipNonDigits();
    if (at >= rest.length) break;
    if (!DIGIT.test(rest[at + 1] ?? "")) return null;
    fields[i] = twoDigitField(rest, at);
    at += 2;
  }
  skipNonDigits();
  if (at < rest.length) return null;
  const [month, day, hour, minute, second] = fields as [number, number, number, number, number];
  const wall = daysFromCivil(year, month === 0 ? 1 : month, day) * 86400 + hour * 3600 + minute * 60 + second;
  const offset = zoneOffset ?? hostOffsetAt(wall);
  return absTimeValue(wall - offset, offset);
}

const UNIT_SECONDS = new Map([
  ["d", 86400],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
]);

/**
 * Parses relTime text, `[-][D(d|+)][H(h|:)][M(m|:)]S[.fff][s]` (whitespace allowed between the
 * parts; read from the right, so `1:30` is a minute and a half). Returns the seconds, or null when
 * the text is not a duration. The empty text is 0, as in HTCondor.
 */
export function parseRelTime(text: string): number | null {
  let source = text.replace(/\s+/g, "");
  let sign = 1;
  if (source.startsWith("-")) {
    sign = -1;
    source = source.slice(1);
  }
  const parts: Array<{ amount: number; unit: string }> = [];
  const part = /([0-9]+(?:\.[0-9]*)?)([dDhHmMsS+:]?)/y;
  while (part.lastIndex < source.length) {
    const at = part.lastIndex;
    const match = part.exec(source);
    if (match === null || part.lastIndex === at) return null;
    parts.push({ amount: Number(match[1]), unit: (match[2] ?? "").toLowerCase() });
  }
  // Colon-terminated numbers are minutes, then hours, counted from the right.
  const colonUnits = ["m", "h"];
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (p.unit === ":") p.unit = colonUnits.shift() ?? "?";
    else if (p.unit === "+") p.unit = "d";
    else if (p.unit === "") p.unit = "s";
  }
  const order = ["d", "h", "m", "s"];
  let last = -1;
  let total = 0;
  for (const p of parts) {
    const rank = order.indexOf(p.unit);
    if (rank <= last) return null;
    if (p.unit !== "s" && !Number.isInteger(p.amount)) return null;
    last = rank;
    total += p.amount * (UNIT_SECONDS.get(p.unit) ?? 0);
  }
  return sign * total;
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
