/**
 * List functions (`fnCall.cpp` testMember, size, sumAvg, minMax, listCompare). Elements are
 * evaluated lazily, in order, in the list's own scope; comparisons and sums go through the
 * evaluator's operators so that they follow `==`, `=?=`, `<` and `+` exactly.
 */
import type { BinaryOp } from "../model/nodes.js";
import { ERROR, FALSE, TRUE, UNDEFINED, intAsNumber, intValue, realValue, type Value } from "../model/value.js";
import { evalArg, evalItem, isNumber, operate } from "./support.js";
import type { BuiltinFunction } from "../model/evaluation.js";

const member =
  (identical: boolean): BuiltinFunction =>
  (args, cx) => {
    const [itemArg, listArg] = args;
    if (args.length !== 2 || !itemArg || !listArg) return ERROR;
    const item = evalArg(cx, itemArg);
    const list = evalArg(cx, listArg);
    if (list.kind === "undefined" || (!identical && item.kind === "undefined")) return UNDEFINED;
    if (list.kind !== "list" || item.kind === "list" || item.kind === "classad") return ERROR;
    if (!identical && item.kind === "error") return ERROR;
    const op: BinaryOp = identical ? "is" : "==";
    for (const element of list.items) {
      const result = operate(op, evalItem(cx, list, element), item);
      if (result.kind === "bool" && result.v) return TRUE;
    }
    return FALSE;
  };

const size: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const value = evalArg(cx, args[0]);
  switch (value.kind) {
    case "undefined":
      return UNDEFINED;
    case "list":
      return intValue(value.items.length);
    case "classad":
      return intValue(value.ad.size);
    case "string":
      return intValue(value.v.length);
    default:
      return ERROR;
  }
};

/** `sum`/`avg`: UNDEFINED elements are skipped; the first number is kept as is, then `+`. */
const sumAvg =
  (average: boolean): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const list = evalArg(cx, args[0]);
    if (list.kind === "undefined") return UNDEFINED;
    if (list.kind !== "list") return ERROR;
    let result: Value = intValue(0);
    let count = 0;
    for (const element of list.items) {
      const value = evalItem(cx, list, element);
      if (value.kind === "undefined") continue;
      if (!isNumber(value)) return ERROR;
      result = count === 0 ? value : operate("+", result, value);
      count++;
    }
    if (!average || count === 0) return result;
    return operate("/", result, realValue(count));
  };

const minMax =
  (op: "<" | ">"): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const list = evalArg(cx, args[0]);
    if (list.kind === "undefined") return UNDEFINED;
    if (list.kind !== "list") return ERROR;
    let bound: Value = UNDEFINED;
    let first = true;
    for (const element of list.items) {
      const value = evalItem(cx, list, element);
      if (value.kind === "undefined") continue;
      if (!isNumber(value)) return ERROR;
      if (first) {
        bound = value;
        first = false;
      } else {
        // HTCondor's comparison promotes both operands in place (bool to int, int to real when
        // the other is real), so the bound keeps the promoted type: max({true,false}) is 1.
        const [element, current] = promoteNumbers(value, bound);
        bound = current;
        const better = operate(op, element, current);
        if (better.kind === "bool" && better.v) bound = element;
      }
    }
    return bound;
  };

/** `coerceToNumber` of operators.cpp on two numbers: booleans become integers, then an integer
 * meeting a real becomes a real. */
function promoteNumbers(a: Value, b: Value): [Value, Value] {
  let x = a.kind === "bool" ? intValue(a.v ? 1 : 0) : a;
  let y = b.kind === "bool" ? intValue(b.v ? 1 : 0) : b;
  if (x.kind === "int" && y.kind === "real") x = realValue(intAsNumber(x));
  else if (x.kind === "real" && y.kind === "int") y = realValue(intAsNumber(y));
  return [x, y];
}

const COMPARISONS = new Map<string, BinaryOp>([
  ["<", "<"],
  ["<=", "<="],
  ["!=", "!="],
  ["==", "=="],
  [">", ">"],
  [">=", ">="],
  ["is", "is"],
  ["isnt", "isnt"],
]);

/** `anyCompare`/`allCompare`: an UNDEFINED comparison stops the walk with false. */
const listCompare =
  (all: boolean): BuiltinFunction =>
  (args, cx) => {
    const [opArg, listArg, valueArg] = args;
    if (args.length !== 3 || !opArg || !listArg || !valueArg) return ERROR;
    const opValue = evalArg(cx, opArg);
    if (opValue.kind === "undefined") return UNDEFINED;
    if (opValue.kind !== "string") return ERROR;
    const op = COMPARISONS.get(opValue.v);
    if (!op) return ERROR;
    const list = evalArg(cx, listArg);
    if (list.kind === "undefined") return UNDEFINED;
    if (list.kind !== "list") return ERROR;
    const against = evalArg(cx, valueArg);
    for (const element of list.items) {
      const result = operate(op, evalItem(cx, list, element), against);
      if (result.kind !== "bool") return result.kind === "undefined" ? FALSE : ERROR;
      if (result.v && !all) return TRUE;
      if (!result.v && all) return FALSE;
    }
    return all ? TRUE : FALSE;
  };

export const listFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["member", member(false)],
  ["identicalMember", member(true)],
  ["size", size],
  ["sum", sumAvg(false)],
  ["avg", sumAvg(true)],
  ["min", minMax("<")],
  ["max", minMax(">")],
  ["anyCompare", listCompare(false)],
  ["allCompare", listCompare(true)],
];
