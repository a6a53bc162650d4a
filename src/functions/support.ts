/**
 * Helpers shared by the builtin functions: evaluating arguments, walking lazy lists, HTCondor's
 * value conversions (`value.cpp` convertValueTo*), and applying the language's operators with
 * the evaluator's own value rules so that functions such as `member` or `sum` compare and add
 * exactly as `==` and `+` do.
 */
import type { BinaryOp, Expr } from "../model/nodes.js";
import {
  ERROR,
  UNDEFINED,
  intAsNumber,
  intValue,
  realValue,
  stringValue,
  type IntValue,
  type ListValue,
  type RealValue,
  type StringValue,
  type Value,
} from "../model/value.js";
import { identity, strictBinary } from "../eval/operators.js";
import { int64ToInt32 } from "../model/c-types.js";
import { strtod, relTimeSeconds } from "./c-number.js";

export { relTimeSeconds };
import { valueToString } from "./value-to-string.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";

/** Evaluate an argument in the calling scope. */
export function evalArg(cx: EvalContext, expr: Expr): Value {
  return cx.evaluate(expr, cx.scope);
}

/** Evaluate every argument, in order. */
export function evalArgs(cx: EvalContext, args: readonly Expr[]): Value[] {
  return args.map((arg) => cx.evaluate(arg, cx.scope));
}

/** Evaluate one element of a list value in the scope the list belongs to. */
export function evalItem(cx: EvalContext, list: ListValue, item: Expr): Value {
  return cx.evaluate(item, list.scope ?? cx.scope);
}

/** Apply a binary operator (not `&&`/`||`) to two values with the evaluator's own rules. */
export function operate(op: BinaryOp, left: Value, right: Value): Value {
  return op === "is" || op === "isnt" ? identity(op, left, right) : strictBinary(op, left, right);
}

/** True for the types HTCondor's `IsNumber` accepts: boolean, integer and real. */
export function isNumber(value: Value): boolean {
  return value.kind === "int" || value.kind === "real" || value.kind === "bool";
}

/** A function that checks its argument count before running; a wrong count gives ERROR. */
export function withArity(min: number, max: number, fn: BuiltinFunction): BuiltinFunction {
  return (args, cx) => (args.length < min || args.length > max ? ERROR : fn(args, cx));
}

/**
 * HTCondor's `convertValueToStringValue`: strings unchanged, numbers and booleans unparsed,
 * lists and ads unparsed, absolute times as `2004-01-01T00:00:00-00:00`, relative times as
 * `1+02:03:04`; UNDEFINED and ERROR stay what they are.
 */
export function toStringValue(value: Value): StringValue | typeof UNDEFINED | typeof ERROR {
  switch (value.kind) {
    case "undefined":
      return UNDEFINED;
    case "error":
      return ERROR;
    case "string":
      return value;
    default:
      return stringValue(valueToString(value));
  }
}

/** HTCondor's `convertValueToRealValue` (strings through `strtod`; U stays U; others ERROR). */
export function toRealValue(value: Value): RealValue | typeof UNDEFINED | typeof ERROR {
  switch (value.kind) {
    case "undefined":
      return UNDEFINED;
    case "error":
    case "list":
    case "classad":
      return ERROR;
    case "string": {
      const parsed = strtod(value.v);
      if (parsed.consumed === 0 && parsed.value === 0) return ERROR;
      return realValue(parsed.value);
    }
    case "bool":
      return realValue(value.v ? 1 : 0);
    case "int":
      return realValue(intAsNumber(value));
    case "real":
      return value;
    case "abstime":
      return realValue(value.secs);
    case "reltime":
      return realValue(relTimeSeconds(value.secs));
  }
}

/** HTCondor's `convertValueToIntegerValue` (strings through `strtod` then truncation). */
export function toIntValue(value: Value): IntValue | typeof UNDEFINED | typeof ERROR {
  switch (value.kind) {
    case "undefined":
      return UNDEFINED;
    case "error":
    case "list":
    case "classad":
      return ERROR;
    case "string": {
      const parsed = strtod(value.v);
      const truncated = intValue(parsed.value);
      if (parsed.consumed === 0 && truncated.v === 0) return ERROR;
      return truncated;
    }
    case "bool":
      return intValue(value.v ? 1 : 0);
    case "int":
      return value;
    case "real":
      return intValue(value.v);
    case "abstime":
      return intValue(value.secs);
    case "reltime":
      return intValue(relTimeSeconds(value.secs));
  }
}


/** `Value::IsIntegerValue(int&)`: the low 32 bits of an integer value. */
export function int32Of(value: IntValue): number {
  return int64ToInt32(value.v);
}

/** The string of a STRING value, else null. */
export function stringOf(value: Value): string | null {
  return value.kind === "string" ? value.v : null;
}

