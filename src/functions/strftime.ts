/**
 * C `strftime` in the C locale (glibc's conversions), for `formatTime`. The broken-down time is
 * given field by field, as HTCondor fills a `struct tm` from the split time: the weekday and the
 * day of the year are recomputed from the date, `tm_gmtoff` is 0 and `tm_zone` is empty.
 */
import { daysFromCivil, pad2, type BrokenDownTime } from "../model/calendar.js";

/** The broken-down time strftime formats (`struct tm`). */
export type TmFields = BrokenDownTime;

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `day_numbers`: weekday (0 = Sunday) and 0-based day of the year of a calendar date. */
export function dayNumbers(year: number, month: number, day: number): { weekday: number; yearDay: number } {
  const days = daysFromCivil(year, month, day);
  return {
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1),
  };
}

function name(list: readonly string[], index: number, short: boolean): string {
  const full = list[index];
  if (full === undefined) return "?";
  return short ? full.slice(0, 3) : full;
}

function padded(n: number, width: number, pad: string): string {
  const negative = n < 0;
  const digits = String(Math.abs(n)).padStart(width, pad);
  return negative ? "-" + digits : digits;
}

/** ISO 8601 week-based year and week number. */
function isoWeek(tm: TmFields): { year: number; week: number } {
  const wday = (tm.weekday + 6) % 7; // Monday = 0
  let year = tm.year;
  let week = Math.floor((tm.yearDay - wday + 10) / 7);
  if (week < 1) return { year: year - 1, week: isoWeekOfLastDay(year - 1) };
  const daysInYear = dayNumbers(year, 12, 31).yearDay + 1;
  if (week === 53 && tm.yearDay - wday + 3 >= daysInYear) {
    return { year: year + 1, week: 1 };
  }
  return { year, week };
}

function isoWeekOfLastDay(year: number): number {
  const last = dayNumbers(year, 12, 31);
  const wday = (last.weekday + 6) % 7;
  return Math.floor((last.yearDay - wday + 10) / 7);
}

function hour12(hour: number): number {
  const h = hour % 12;
  return h === 0 ? 12 : h;
}

/**
 * Format like `strftime(buf, 1023, format, tm)`. `epochOf` computes `%s` (glibc's `mktime` of the
 * fields in the local zone). Output longer than 1022 bytes yields an empty string, as strftime
 * reports failure and leaves the buffer unspecified (HTCondor's result is then garbage; we choose "").
 */
export function strftime(format: string, tm: TmFields, epochOf: () => number): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    // glibc flags and width: _ - 0 ^ # then digits, then E or O modifiers.
    let j = i + 1;
    let flag = "";
    while (j < format.length && "_-0^#".includes(format[j] ?? "")) flag = format[j++] ?? "";
    let widthText = "";
    while (j < format.length && /[0-9]/.test(format[j] ?? "")) widthText += format[j++];
    // A field wider than HTCondor's 1023-byte buffer can only fail.
    if (widthText && Number(widthText) > MAX_OUTPUT) return "";
    while (format[j] === "E" || format[j] === "O") j++;
    const conversion = format[j];
    if (conversion === undefined) {
      out += format.slice(i);
      break;
    }
    const expanded = convert(conversion, tm, epochOf);
    if (expanded === null) {
      out += format.slice(i, j + 1);
    } else {
      out += applyFlags(expanded, flag, widthText ? Number(widthText) : -1, conversion);
    }
    i = j;
    if (out.length > MAX_OUTPUT) return "";
  }
  return out.length > MAX_OUTPUT ? "" : out;
}

/** Longest result: HTCondor formats into a 1024-byte buffer with `strftime(buf, 1023, ...)`. */
const MAX_OUTPUT = 1022;

interface Expansion {
  readonly text: string;
  /** Numeric conversions can be re-padded by flags. */
  readonly numeric?: { value: number; width: number; pad: string };
}

function applyFlags(expansion: Expansion, flag: string, width: number, conversion: string): string {
  let text = expansion.text;
  const numeric = expansion.numeric;
  if (numeric && (flag === "-" || flag === "_" || flag === "0" || width >= 0)) {
    const pad = flag === "_" ? " " : flag === "0" ? "0" : numeric.pad;
    const digitsWidth = flag === "-" ? 1 : Math.max(numeric.width, width);
    text = pad === "0" ? padded(numeric.value, digitsWidth, "0") : String(numeric.value).padStart(digitsWidth, " ");
    return text;
  }
  if (flag === "^") text = text.toUpperCase();
  else if (flag === "#") text = /[aAbBh]/.test(conversion) ? text.toUpperCase() : conversion === "p" ? text.toLowerCase() : text;
  if (width > text.length) text = text.padStart(width, flag === "0" ? "0" : " ");
  return text;
}

function num(value: number, width: number, pad = "0"): Expansion {
  const text = pad === "0" ? padded(value, width, "0") : String(value).padStart(width, pad);
  return { text, numeric: { value, width, pad } };
}

function convert(conversion: string, tm: TmFields, epochOf: () => number): Expansion | null {
  switch (conversion) {
    case "a":
      return { text: name(DAYS, tm.weekday, true) };
    case "A":
      return { text: name(DAYS, tm.weekday, false) };
    case "b":
    case "h":
      return { text: name(MONTHS, tm.month - 1, true) };
    case "B":
      return { text: name(MONTHS, tm.month - 1, false) };
    case "c":
      return {
        text: `${name(DAYS, tm.weekday, true)} ${name(MONTHS, tm.month - 1, true)} ${String(tm.day).padStart(2, " ")} ${pad2(tm.hour)}:${pad2(tm.minute)}:${pad2(tm.second)} ${tm.year}`,
      };
    case "C":
      return num(Math.floor(tm.year / 100), 2);
    case "d":
      return num(tm.day, 2);
    case "D":
      return { text: `${pad2(tm.month)}/${pad2(tm.day)}/${padded(((tm.year % 100) + 100) % 100, 2, "0")}` };
    case "e":
      return num(tm.day, 2, " ");
    case "F":
      return { text: `${padded(tm.year, 4, "0")}-${pad2(tm.month)}-${pad2(tm.day)}` };
    case "g":
      return num(((isoWeek(tm).year % 100) + 100) % 100, 2);
    case "G":
      return num(isoWeek(tm).year, 1);
    case "H":
      return num(tm.hour, 2);
    case "I":
      return num(hour12(tm.hour), 2);
    case "j":
      return num(tm.yearDay + 1, 3);
    case "k":
      return num(tm.hour, 2, " ");
    case "l":
      return num(hour12(tm.hour), 2, " ");
    case "m":
      return num(tm.month, 2);
    case "M":
      return num(tm.minute, 2);
    case "n":
      return { text: "\n" };
    case "p":
      return { text: tm.hour >= 12 ? "PM" : "AM" };
    case "P":
      return { text: tm.hour >= 12 ? "pm" : "am" };
    case "r":
      return { text: `${pad2(hour12(tm.hour))}:${pad2(tm.minute)}:${pad2(tm.second)} ${tm.hour >= 12 ? "PM" : "AM"}` };
    case "R":
      return { text: `${pad2(tm.hour)}:${pad2(tm.minute)}` };
    case "s":
      return num(epochOf(), 1);
    case "S":
      return num(tm.second, 2);
    case "t":
      return { text: "\t" };
    case "T":
      return { text: `${pad2(tm.hour)}:${pad2(tm.minute)}:${pad2(tm.second)}` };
    case "u":
      return num(tm.weekday === 0 ? 7 : tm.weekday, 1);
    case "U":
      return num(Math.floor((tm.yearDay - tm.weekday + 7) / 7), 2);
    case "V":
      return num(isoWeek(tm).week, 2);
    case "w":
      return num(tm.weekday, 1);
    case "W":
      return num(Math.floor((tm.yearDay - ((tm.weekday + 6) % 7) + 7) / 7), 2);
    case "x":
      return { text: `${pad2(tm.month)}/${pad2(tm.day)}/${padded(((tm.year % 100) + 100) % 100, 2, "0")}` };
    case "X":
      return { text: `${pad2(tm.hour)}:${pad2(tm.minute)}:${pad2(tm.second)}` };
    case "y":
      return num(((tm.year % 100) + 100) % 100, 2);
    case "Y":
      return num(tm.year, 1);
    case "z":
      return { text: "+0000" };
    case "Z":
      return { text: "" };
    case "%":
      return { text: "%" };
    default:
      return null;
  }
}
