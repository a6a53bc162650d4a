/**
 * String-list functions: `stringListsIntersect` (fnCall.cpp) and HTCondor's compatibility
 * layer (`compat_classad.cpp`): `stringListSize`, `stringListSum/Avg/Min/Max`,
 * `stringListMember`, `stringListIMember`, `stringListSubsetMatch`, `stringListISubsetMatch`.
 */
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  boolValue,
  intValue,
  realValue,
  type Value,
} from "../model/value.js";
import { scanDouble } from "./c-number.js";
import { splitAtDelimiters, stringListTokens } from "./string-list-tokens.js";
import { asciiLower } from "../model/bytes.js";
import { evalArgs } from "./support.js";
import type { BuiltinFunction } from "../model/evaluation.js";

const stringListsIntersect: BuiltinFunction = (args, cx) => {
  if (args.length !== 2 && args.length !== 3) return ERROR;
  const values = evalArgs(cx, args);
  if (values.some((value) => value.kind === "error")) return ERROR;
  if (values.some((value) => value.kind === "undefined")) return UNDEFINED;
  const [first, second, delims] = values;
  if (delims && delims.kind !== "string") return ERROR;
  if (first?.kind !== "string" || second?.kind !== "string") return ERROR;
  const separators = delims?.kind === "string" ? delims.v : "";
  const other = new Set(splitAtDelimiters(second.v, separators));
  return boolValue(splitAtDelimiters(first.v, separators).some((token) => other.has(token)));
};

/** Arguments that must all be strings (UNDEFINED included is ERROR); null when one is not. */
function stringArguments(values: readonly Value[]): string[] | null {
  const out: string[] = [];
  for (const value of values) {
    if (value.kind !== "string") return null;
    out.push(value.v);
  }
  return out;
}

const stringListSize: BuiltinFunction = (args, cx) => {
  if (args.length < 1 || args.length > 2) return ERROR;
  const texts = stringArguments(evalArgs(cx, args));
  if (!texts) return ERROR;
  return intValue(stringListTokens(texts[0] ?? "", texts[1] ?? ", ").length);
};

const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;

type Summary = "sum" | "avg" | "min" | "max";

const summarize =
  (kind: Summary): BuiltinFunction =>
  (args, cx) => {
    if (args.length < 1 || args.length > 2) return ERROR;
    const texts = stringArguments(evalArgs(cx, args));
    if (!texts) return ERROR;
    let accumulator = kind === "min" ? FLT_MAX : kind === "max" ? FLT_MIN : 0;
    let count = 0;
    let isReal = false;
    for (const token of stringListTokens(texts[0] ?? "", texts[1] ?? ", ")) {
      count++;
      const item = scanDouble(token);
      if (item === null) return ERROR;
      if (!/^[-+0-9]*$/.test(token)) isReal = true;
      if (kind === "min") accumulator = item < accumulator ? item : accumulator;
      else if (kind === "max") accumulator = item > accumulator ? item : accumulator;
      else accumulator = item + accumulator;
    }
    if (count === 0) return kind === "sum" || kind === "avg" ? realValue(0) : UNDEFINED;
    if (kind === "avg") accumulator /= count;
    return isReal ? realValue(accumulator) : intValue(accumulator);
  };

/**
 * Member / IMember / SubsetMatch / ISubsetMatch. Arguments are strings or UNDEFINED (which acts
 * as ""); both lists UNDEFINED gives UNDEFINED.
 */
const stringListMember =
  (subset: boolean, ignoreCase: boolean): BuiltinFunction =>
  (args, cx) => {
    if (args.length < 2 || args.length > 3) return ERROR;
    const values = evalArgs(cx, args);
    if (values.some((value) => value.kind !== "string" && value.kind !== "undefined")) return ERROR;
    const [item, list, delims] = values;
    if (item?.kind === "undefined" && list?.kind === "undefined") return UNDEFINED;
    const itemText = item?.kind === "string" ? item.v : "";
    const listText = list?.kind === "string" ? list.v : "";
    const separators = delims?.kind === "string" ? delims.v : ", \t\r\n";
    const fold = ignoreCase ? asciiLower : (text: string): string => text;
    const members = new Set(stringListTokens(listText, separators).map(fold));
    if (!subset) return boolValue(members.has(fold(itemText)));
    if (itemText === "") return TRUE;
    // An item list with no tokens at all (only separators) is not a subset: HTCondor's loop
    // never sets its result.
    const items = stringListTokens(itemText, separators);
    if (items.length === 0) return FALSE;
    return boolValue(items.every((token) => members.has(fold(token))));
  };

export const stringListFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["stringListsIntersect", stringListsIntersect],
  ["stringListSize", stringListSize],
  ["stringListSum", summarize("sum")],
  ["stringListAvg", summarize("avg")],
  ["stringListMin", summarize("min")],
  ["stringListMax", summarize("max")],
  ["stringListMember", stringListMember(false, false)],
  ["stringListIMember", stringListMember(false, true)],
  ["stringListSubsetMatch", stringListMember(true, false)],
  ["stringListISubsetMatch", stringListMember(true, true)],
];
