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
import { doubleToInt32 } from "../model/c-types.js";
import { currentAbsTime } from "./conversions.js";
import { dayNumbers, strftime, type TmFields } from "./strftime.js";
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

function absTimeAd(secs: number, offset: number, cx: EvalContext): ClassAd {
  const t = brokenDownUtc(secs + offset);
  return adOf([
    ["Type", stringValue("AbsoluteTime")],
    ["Year", intValue(t.year)],
    ["Month", intValue(t.month)],
    ["Day", intValue(t.day)],
    ["Hours", intValue(t.hour)],
    ["Minutes", intValue(t.minute)],
    ["Seconds", intValue(t.second)],
    ["Offset", intValue(offset)],
  ], cx);
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
      const secs = Number(value.v);
      return absTimeAd(secs, cx.zoneOffset(secs), cx);
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

/** An integer attribute of a split-time ad (`EvaluateAttrInt`), 0 when missing or not an integer. */
function intField(ad: ClassAd, name: string, cx: EvalContext): number {
  const expr = ad.lookup(name);
  if (!expr) return 0;
  const value = cx.evaluate(expr, ad);
  return value.kind === "int" ? int32Of(value) : 0;
}

function tmOf(ad: ClassAd, cx: EvalContext): TmFields {
  const year = intField(ad, "Year", cx);
  const month = intField(ad, "Month", cx);
  const day = intField(ad, "Day", cx);
  const { weekday, yearDay } = dayNumbers(year, month, day);
  return {
    year,
    month,
    day,
    hour: intField(ad, "Hours", cx),
    minute: intField(ad, "Minutes", cx),
    second: intField(ad, "Seconds", cx),
    weekday,
    yearDay,
  };
}

/** `mktime` of wall-clock fields in the context's zone. */
function localEpoch(tm: TmFields, cx: EvalContext): number {
  const wall = daysFromCivil(tm.year, tm.month, tm.day) * 86400 + tm.hour * 3600 + tm.minute * 60 + tm.second;
  const guess = wall - cx.zoneOffset(wall);
  return wall - cx.zoneOffset(guess);
}

const formatTime: BuiltinFunction = (args, cx) => {
  if (args.length === 0) {
    const now = currentAbsTime(cx) as AbsTimeValue;
    const tm = tmOf(absTimeAd(now.secs, now.offset, cx), cx);
    return stringValue(strftime("%c", tm, () => localEpoch(tm, cx)));
  }
  if (args.length > 2 || !args[0]) return ERROR;
  const time = evalArg(cx, args[0]);
  if (time.kind === "reltime") return ERROR;
  const ad = splitAd(time, cx);
  if (!ad) return ERROR;
  const tm = tmOf(ad, cx);
  let format = "%c";
  if (args[1]) {
    const formatValue = evalArg(cx, args[1]);
    if (formatValue.kind !== "string") return ERROR;
    format = formatValue.v;
  }
  return stringValue(strftime(format, tm, () => localEpoch(tm, cx)));
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
