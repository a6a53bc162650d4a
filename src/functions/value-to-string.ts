/**
 * The text HTCondor's `string()` conversion gives a value (`convertValueToStringValue`):
 * scalars and containers as the new-syntax unparser prints them, absolute and relative times
 * without their `absTime(...)`/`relTime(...)` wrappers.
 */
import type { Value } from "../model/value.js";
import { formatRealNew, unparseValue } from "../ast/print.js";
import { formatAbsTime, formatRelTime } from "../ast/time-text.js";
import { relTimeSeconds } from "./c-number.js";

export function valueToString(value: Value): string {
  switch (value.kind) {
    case "string":
      return value.v;
    case "bool":
      return value.v ? "true" : "false";
    case "int":
      return String(value.v);
    case "real":
      return formatRealNew(value.v);
    case "abstime":
      return formatAbsTime(value.secs, value.offset);
    case "reltime":
      // HTCondor reads the seconds back as a whole `time_t` before printing them.
      return formatRelTime(relTimeSeconds(value.secs));
    case "undefined":
      return "undefined";
    case "error":
      return "error";
    case "list":
    case "classad":
      return unparseValue(value);
  }
}
