/**
 * Time functions (`fnCall.cpp` epochTime, currentTime, timeZoneOffset, dayTime, getField,
 * splitTime, formatTime, interval). The clock is the context's `now()`; HTCondor's "local time"
 * is the context's IANA `timeZone`.
 */
import { literal } from "../ast/build.js";
import type { ClassAd } from "../model/classad.js";
import {
  ERROR,
  UNDEFINED,
  classAdValue,
  intValue,
  realValue,
  relTimeValue,
  stringValue,
  type AbsTimeValue,
  type Value,
} from "../model/value.js";
import { doubleToInt32, INT32_MAX, INT32_MIN } from "../model/c-types.js";
import { currentAbsTime } from "./conversions.js";
import { OVER_BUDGET, strftime, type CTm } from "./strftime.js";
import { evalArg, int32Of, relTimeSeconds, toIntValue } from "./support.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";
import { brokenDownUtc, daysFromCivil, pad2, type BrokenDownTime } from "../model/calendar.js";

function localTime(secs: number, cx: EvalContext): BrokenDownTime {
  return brokenDownUtc(secs + cx.zoneOffset(secs));
}

function nowSecs(cx: EvalContext): number {
  return Math.floor(cx.now());
}

const noArguments =
  (fn: (cx: EvalContext) => Value): BuiltinFunction =>
  (args, cx) =>
    args.length > 0 ? ERROR : fn(cx);

type FieldName = "year" | "month" | "dayOfYear" | "dayOfMonth" | "dayOfWeek" | "days" | "hours" | "minutes" | "seconds";

/** `getYear(t)` ... `getSeconds(t)`: absolute times in local time; relative times split into units. */
const getField =
  (field: FieldName): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const arg = evalArg(cx, args[0]);
    if (arg.kind === "abstime") {
      const t = localTime(arg.secs, cx);
      switch (field) {
        case "year":
          return intValue(t.year);
        case "month":
          return intValue(t.month);
        case "dayOfYear":
          return intValue(t.yearDay);
        case "dayOfMonth":
          return intValue(t.day);
        case "dayOfWeek":
          return intValue(t.weekday);
        case "hours":
          return intValue(t.hour);
        case "minutes":
          return intValue(t.minute);
        case "seconds":
          return intValue(t.second);
        default:
          return ERROR;
      }
    }
    if (arg.kind === "reltime") {
      const secs = relTimeSeconds(arg.secs);
      // C's % and / truncate toward zero.
      switch (field) {
        case "days":
          return intValue(Math.trunc(secs / 86400));
        case "hours":
          return intValue(Math.trunc((secs % 86400) / 3600));
        case "minutes":
          return intValue(Math.trunc((secs % 3600) / 60));
        case "seconds":
          return intValue(secs % 60);
        default:
          return ERROR;
      }
    }
    return ERROR;
  };

function adOf(entries: ReadonlyArray<readonly [string, Value]>, cx: EvalContext): ClassAd {
  return cx.newAd(entries.map(([name, value]) => [name, literal(value)] as const));
}

/**
 * HTCondor's `absTimeToClassAd`: `gmtime_r` of the local wall-clock seconds. The year goes in as
 * `tm_year + 1900` in C `int` arithmetic (it wraps for the last representable years); beyond
 * gmtime's range the fields are whatever was on HTCondor's stack (docs/quirks.md), here the
 * calendar's own values.
 */
function absTimeAd(secs: number | bigint, offset: number, cx: EvalContext): ClassAd {
  const f = absTimeFields(secs, offset);
  return adOf([
    ["Type", stringValue("AbsoluteTime")],
    ["Year", intValue(f.year)],
    ["Month", intValue(f.month)],
    ["Day", intValue(f.day)],
    ["Hours", intValue(f.hours)],
    ["Minutes", intValue(f.minutes)],
    ["Seconds", intValue(f.seconds)],
    ["Offset", intValue(offset)],
  ], cx);
}

/** The calendar fields of {@link absTimeAd}'s ad (the ad's integers, before any C `int` cast). */
function absTimeFields(secs: number | bigint, offset: number): TimeFields {
  const t = brokenDownUtc(typeof secs === "bigint" ? secs + BigInt(offset) : secs + offset);
  const tmYear = t.year - 1900;
  const year = tmYear >= INT32_MIN && tmYear <= INT32_MAX ? (tmYear + 1900) | 0 : t.year;
  return { year, month: t.month, day: t.day, hours: t.hour, minutes: t.minute, seconds: t.second };
}

interface TimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

function relTimeAd(secs: number, cx: EvalContext): ClassAd {
  const negative = secs < 0;
  const magnitude = Math.abs(secs);
  const whole = doubleToInt32(magnitude);
  let days = Math.trunc(whole / 86400);
  let hours = Math.trunc((whole % 86400) / 3600);
  let minutes = Math.trunc((whole % 3600) / 60);
  let seconds = (whole % 60) + (magnitude - Math.floor(magnitude));
  if (negative) {
    if (days > 0) days = -days;
    else if (hours > 0) hours = -hours;
    else if (minutes > 0) minutes = -minutes;
    else seconds = -seconds;
  }
  return adOf([
    ["Type", stringValue("RelativeTime")],
    ["Days", intValue(days)],
    ["Hours", intValue(hours)],
    ["Minutes", intValue(minutes)],
    ["Seconds", realValue(seconds)],
  ], cx);
}

/** HTCondor's `doSplitTime`: the split ad of a time value, or null when it cannot be split. */
function splitAd(value: Value, cx: EvalContext): ClassAd | null {
  switch (value.kind) {
    case "int": {
      const secs = value.v;
      return absTimeAd(secs, cx.zoneOffset(Number(secs)), cx);
    }
    case "real": {
      const secs = doubleToInt32(value.v);
      return absTimeAd(secs, cx.zoneOffset(secs), cx);
    }
    case "abstime":
      return absTimeAd(value.secs, value.offset, cx);
    case "reltime":
      return relTimeAd(value.secs, cx);
    case "classad":
      return value.ad;
    default:
      return null;
  }
}

const splitTime: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const arg = evalArg(cx, args[0]);
  if (arg.kind === "undefined") return UNDEFINED;
  if (arg.kind === "classad") return ERROR;
  const ad = splitAd(arg, cx);
  return ad ? classAdValue(ad) : ERROR;
};

/**
 * An integer attribute of a split-time ad as HTCondor's `EvaluateAttrInt` reads it into an `int`
 * (the low 32 bits), or null when it is missing or not an integer.
 */
function intField(ad: ClassAd, name: string, cx: EvalContext): number | null {
  const expr = ad.lookup(name);
  if (!expr) return null;
  const value = cx.evaluate(expr, ad);
  return value.kind === "int" ? int32Of(value) : null;
}

/** HTCondor's `fixed_from_gregorian` (`util.cpp`), in C `int` arithmetic (truncating division). */
function fixedFromGregorian(year: number, month: number, day: number): number {
  const cdiv = (a: number, b: number): number => Math.trunc(a / b) | 0;
  const leap = year % 4 === 0 && year % 400 !== 100 && year % 400 !== 200 && year % 400 !== 300;
  const adjustment = month <= 2 ? 0 : leap ? -1 : -2;
  const y = (year - 1) | 0;
  let fixed = Math.imul(365, y);
  fixed = (fixed + cdiv(y, 4)) | 0;
  fixed = (fixed - cdiv(y, 100)) | 0;
  fixed = (fixed + cdiv(y, 400)) | 0;
  fixed = (fixed + cdiv((Math.imul(367, month) - 362) | 0, 12)) | 0;
  return (fixed + adjustment + day) | 0;
}

/**
 * The `struct tm` HTCondor's `formatTime` builds from a split time (an ad with `Year`, `Month`,
 * `Day`, `Hours`, `Minutes`, `Seconds`): a missing or non-integer field is 0 in the zeroed struct,
 * so a missing Year is 1900 and a missing Month January; the weekday and the day of the year come
 * from HTCondor's own `day_numbers` (C remainders: negative before year 1).
 */
function tmOf(ad: ClassAd, cx: EvalContext): CTm {
  return tmOfFields(
    intField(ad, "Year", cx),
    intField(ad, "Month", cx),
    intField(ad, "Day", cx),
    intField(ad, "Hours", cx),
    intField(ad, "Minutes", cx),
    intField(ad, "Seconds", cx),
  );
}

/**
 * {@link tmOf} of the ad {@link splitAd} makes for a time value, without making it: its fields
 * are the integers of {@link absTimeFields}, read back as C `int`s. Null for what splitAd refuses.
 */
function tmOfTime(time: Value, cx: EvalContext): CTm | null {
  let fields: TimeFields;
  switch (time.kind) {
    case "int":
      fields = absTimeFields(time.v, cx.zoneOffset(Number(time.v)));
      break;
    case "real": {
      const secs = doubleToInt32(time.v);
      fields = absTimeFields(secs, cx.zoneOffset(secs));
      break;
    }
    case "abstime":
      fields = absTimeFields(time.secs, time.offset);
      break;
    default: {
      const ad = splitAd(time, cx);
      return ad === null ? null : tmOf(ad, cx);
    }
  }
  const asInt = (n: number): number => int32Of(intValue(n));
  return tmOfFields(asInt(fields.year), asInt(fields.month), asInt(fields.day), asInt(fields.hours), asInt(fields.minutes), asInt(fields.seconds));
}

function tmOfFields(yearField: number | null, monthField: number | null, day: number | null, hours: number | null, minutes: number | null, seconds: number | null): CTm {
  const mon = monthField === null ? 0 : (monthField - 1) | 0;
  const tmYear = yearField === null ? 0 : (yearField - 1900) | 0;
  const mday = day ?? 0;
  const year = (tmYear + 1900) | 0;
  const fixed = fixedFromGregorian(year, (mon + 1) | 0, mday);
  const yday = (fixed - fixedFromGregorian(year, 1, 1)) | 0;
  return { sec: seconds ?? 0, min: minutes ?? 0, hour: hours ?? 0, mday, mon, year: tmYear, wday: fixed % 7, yday, isdst: 0, gmtoff: 0, zone: null };
}

/** `localtime_r` of `secs` in the context's zone, as a `struct tm` (zone name and offset set). */
function localTm(secs: number, cx: EvalContext): CTm {
  const offset = cx.zoneOffset(secs);
  const t = brokenDownUtc(secs + offset);
  const standard = standardOffset(secs, cx);
  const isdst = offset !== standard ? 1 : 0;
  return {
    sec: t.second, min: t.minute, hour: t.hour, mday: t.day, mon: t.month - 1, year: t.year - 1900,
    wday: t.weekday, yday: t.yearDay, isdst, gmtoff: offset, zone: zoneAbbreviation(secs, cx.timeZone),
  };
}

/** The offset of standard time in the zone's year around `secs` (the smaller of January's and July's). */
function standardOffset(secs: number, cx: EvalContext): number {
  const year = brokenDownUtc(secs).year;
  const january = daysFromCivil(year, 1, 1) * 86400;
  const july = daysFromCivil(year, 7, 1) * 86400;
  return Math.min(cx.zoneOffset(january), cx.zoneOffset(july));
}

const UTC_NAMES = new Set(["utc", "etc/utc", "etc/uct", "uct", "zulu", "etc/zulu", "universal", "etc/universal", "gmt", "etc/gmt"]);

/**
 * The zone's abbreviation at `secs` (`tm_zone`). JavaScript has no tz abbreviation table: the
 * English short name Intl gives is used ("CST", "GMT+1" where the tz database says "CET"); UTC
 * is "UTC" as in glibc.
 */
function zoneAbbreviation(secs: number, timeZone: string): string {
  if (UTC_NAMES.has(timeZone.toLowerCase())) return timeZone.toLowerCase().includes("gmt") ? "GMT" : "UTC";
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(new Date(secs * 1000));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
}

/** `tzname[isdst]`: the zone's standard (or daylight) abbreviation around `secs`. */
function zoneName(secs: number, isdst: number, cx: EvalContext): string {
  const year = brokenDownUtc(secs).year;
  const january = daysFromCivil(year, 1, 1) * 86400;
  const july = daysFromCivil(year, 7, 1) * 86400;
  const [first, second] = cx.zoneOffset(january) <= cx.zoneOffset(july) ? [january, july] : [july, january];
  return zoneAbbreviation(isdst ? second : first, cx.timeZone);
}

/**
 * `mktime` of the fields in the context's zone: out-of-range fields carry into the next unit, as
 * mktime's do; -1 when the normalised year no longer fits a `struct tm` (glibc's EOVERFLOW).
 */
function localEpoch(tm: CTm, cx: EvalContext): number | bigint {
  const months = tm.year * 12 + tm.mon;
  const carry = Math.floor(months / 12);
  const days = daysFromCivil(carry + 1900, months - carry * 12 + 1, 1) + tm.mday - 1;
  const wall = BigInt(days) * 86400n + BigInt(tm.hour) * 3600n + BigInt(tm.min) * 60n + BigInt(tm.sec);
  const wallDays = Number(wall / 86400n) - (wall % 86400n < 0n ? 1 : 0);
  const year = brokenDownUtc(wallDays * 86400).year;
  if (year - 1900 > INT32_MAX || year - 1900 < INT32_MIN) return -1;
  if (!Number.isSafeInteger(Number(wall)) || Math.abs(Number(wall)) > MAX_DATE_SECS) return wall;
  const approx = Number(wall);
  const guess = approx - cx.zoneOffset(approx);
  return wall - BigInt(cx.zoneOffset(guess));
}

/** The range of JS dates (zone offsets are only known inside it). */
const MAX_DATE_SECS = 8.64e12;

function format(text: string, tm: CTm, cx: EvalContext): Value {
  const now = nowSecs(cx);
  const env = { epochOf: (t: CTm) => localEpoch(t, cx), zoneName: (isdst: number) => zoneName(now, isdst, cx) };
  const formatted = strftime(text, tm, env, cx.bytesLeft);
  if (formatted === OVER_BUDGET) return cx.fail();
  return stringValue(formatted ?? "");
}

const formatTime: BuiltinFunction = (args, cx) => {
  if (args.length === 0) return format("%c", localTm(nowSecs(cx), cx), cx);
  if (args.length > 2 || !args[0]) return ERROR;
  const time = evalArg(cx, args[0]);
  if (time.kind === "reltime") return ERROR;
  const tm = tmOfTime(time, cx);
  if (tm === null) return ERROR;
  if (!args[1]) return format("%c", tm, cx);
  const formatValue = evalArg(cx, args[1]);
  if (formatValue.kind !== "string") return ERROR;
  return format(formatValue.v, tm, cx);
};

/** `interval(secs)`: `[days+]hh:mm:ss` with leading zero units left out. */
const interval: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const converted = toIntValue(evalArg(cx, args[0]));
  if (converted.kind !== "int") return ERROR;
  let rest = int32Of(converted);
  const days = Math.trunc(rest / 86400);
  rest %= 86400;
  const hours = Math.trunc(rest / 3600);
  rest %= 3600;
  const minutes = Math.trunc(rest / 60);
  const seconds = rest % 60;
  const two = (n: number): string => pad2(Math.abs(n));
  if (days !== 0) return stringValue(`${days}+${two(hours)}:${two(minutes)}:${two(seconds)}`);
  if (hours !== 0) return stringValue(`${hours}:${two(minutes)}:${two(seconds)}`);
  if (minutes !== 0) return stringValue(`${minutes}:${two(seconds)}`);
  return stringValue(`${seconds}`);
};

export const timeFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["time", noArguments((cx) => intValue(nowSecs(cx)))],
  ["currentTime", noArguments(currentAbsTime)],
  ["timeZoneOffset", noArguments((cx) => relTimeValue(cx.zoneOffset(nowSecs(cx))))],
  [
    "dayTime",
    noArguments((cx) => {
      const t = localTime(nowSecs(cx), cx);
      return relTimeValue(t.hour * 3600 + t.minute * 60 + t.second);
    }),
  ],
  ["getYear", getField("year")],
  ["getMonth", getField("month")],
  ["getDayOfYear", getField("dayOfYear")],
  ["getDayOfMonth", getField("dayOfMonth")],
  ["getDayOfWeek", getField("dayOfWeek")],
  ["getDays", getField("days")],
  ["getHours", getField("hours")],
  ["getMinutes", getField("minutes")],
  ["getSeconds", getField("seconds")],
  ["splitTime", splitTime],
  ["formatTime", formatTime],
  ["interval", interval],
];
