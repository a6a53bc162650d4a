/**
 * Conversion functions: `int`, `real`, `string`, `bool`, `absTime`, `relTime` (`fnCall.cpp`
 * convInt/convReal/convString/convBool/convTime, `value.cpp` convertValueTo*).
 */
import {
  ERROR,
  UNDEFINED,
  absTimeValue,
  boolValue,
  intAsNumber,
  relTimeValue,
  type Value,
} from "../model/value.js";
import { doubleToInt32 } from "../model/c-types.js";
import { asciiLower } from "../model/bytes.js";
import { evalArg, int32Of, relTimeSeconds, toIntValue, toRealValue, toStringValue } from "./support.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";

function unary(convert: (value: Value) => Value): BuiltinFunction {
  return (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    return convert(evalArg(cx, args[0]));
  };
}

/** `bool(x)`: numbers are true when non-zero; "true"/"false" in any case; other strings UNDEFINED. */
export function toBool(value: Value): Value {
  switch (value.kind) {
    case "undefined":
      return UNDEFINED;
    case "bool":
      return value;
    case "int":
      return boolValue(intAsNumber(value) !== 0);
    case "real":
      return boolValue(value.v !== 0);
    case "string": {
      const lower = asciiLower(value.v);
      if (lower === "false") return boolValue(false);
      if (lower === "true") return boolValue(true);
      return UNDEFINED;
    }
    case "reltime":
      return boolValue(relTimeSeconds(value.secs) !== 0);
    default:
      return ERROR;
  }
}

/** `currentTime()`: now, shown in the local zone's offset. */
export function currentAbsTime(cx: EvalContext): Value {
  const now = Math.floor(cx.now());
  return absTimeValue(now, cx.zoneOffset(now));
}

/** The offset argument of `absTime(t, offset)`, as C's `int`; null when it has the wrong type. */
function offsetArgument(value: Value): number | null {
  switch (value.kind) {
    case "int":
      return int32Of(value);
    case "real":
      return doubleToInt32(value.v);
    case "reltime":
      return relTimeSeconds(value.secs);
    default:
      return null;
  }
}

const convTime =
  (relative: boolean): BuiltinFunction =>
  (args, cx) => {
    if (args.length === 0 && !relative) return currentAbsTime(cx);
    const first = args[0];
    if (!first || args.length > 2) return ERROR;
    const arg = evalArg(cx, first);
    let offset: number | null = null;
    const second = args[1];
    if (second) {
      const arg2 = evalArg(cx, second);
      if (relative) return ERROR;
      offset = offsetArgument(arg2);
      if (offset === null) return ERROR;
    }
    const localOffset = (secs: number): number => offset ?? cx.zoneOffset(secs);
    switch (arg.kind) {
      case "undefined":
        return UNDEFINED;
      case "int": {
        if (relative) return relTimeValue(int32Of(arg));
        const secs = int32Of(arg);
        const chosen = localOffset(secs);
        return chosen === -1 ? cx.fail() : absTimeValue(secs, chosen);
      }
      case "real": {
        // The seconds keep their fraction; a printed result shows whole seconds (MakeLiteral).
        if (relative) return relTimeValue(arg.v);
        const secs = doubleToInt32(arg.v);
        return absTimeValue(secs, localOffset(secs));
      }
      // A string reaching here at run time (literals are folded by the parser) falls through
      // HTCondor's switch: relTime gives 0 seconds, absTime the string itself.
      case "string":
        return relative ? relTimeValue(0) : arg;
      case "abstime":
        return relative ? relTimeValue(arg.secs) : arg;
      case "reltime": {
        if (relative) return arg;
        const secs = relTimeSeconds(arg.secs);
        return absTimeValue(secs, localOffset(secs));
      }
      default:
        return ERROR;
    }
  };

export const conversionFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["int", unary(toIntValue)],
  ["real", unary(toRealValue)],
  ["string", unary(toStringValue)],
  ["bool", unary(toBool)],
  ["absTime", convTime(false)],
  ["relTime", convTime(true)],
];
