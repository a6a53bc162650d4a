/**
 * Type predicates (`fnCall.cpp` isType): exact type tests that never yield UNDEFINED or ERROR
 * except for a wrong argument count. `isBoolean(1)` is false, `isReal(1)` is false.
 */
import { ERROR, boolValue, type ValueKind } from "../model/value.js";
import { evalArg } from "./support.js";
import type { BuiltinFunction } from "../model/evaluation.js";

function typeTest(kind: ValueKind): BuiltinFunction {
  return (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    return boolValue(evalArg(cx, args[0]).kind === kind);
  };
}

export const predicateFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["isUndefined", typeTest("undefined")],
  ["isError", typeTest("error")],
  ["isString", typeTest("string")],
  ["isInteger", typeTest("int")],
  ["isReal", typeTest("real")],
  ["isList", typeTest("list")],
  ["isClassAd", typeTest("classad")],
  ["isBoolean", typeTest("bool")],
  ["isAbstime", typeTest("abstime")],
  ["isReltime", typeTest("reltime")],
];
