/**
 * String functions (`fnCall.cpp` strCat, changeCase, subString, compareString, compareVersion,
 * versionInRange). Strings are byte strings; case changes and case-insensitive comparisons are
 * ASCII-only, as in the C locale.
 */
import type { Expr } from "../model/nodes.js";
import { literal } from "../ast/build.js";
import {
  ERROR,
  UNDEFINED,
  boolValue,
  intValue,
  stringValue,
  type Value,
} from "../model/value.js";
import { naturalCompare } from "./natural-compare.js";
import { asciiLower, asciiUpper, compareBytes, compareBytesCaseless } from "../model/bytes.js";
import {
  evalArg,
  int32Of,
  toStringValue,
} from "./support.js";
import type { BuiltinFunction } from "../model/evaluation.js";

/**
 * `strcat(...)` and `join(...)`. strcat: any UNDEFINED argument makes the result UNDEFINED.
 * join: the first item is the separator; UNDEFINED items are skipped; with one or two arguments
 * whose last is a list, the list's elements are the items.
 */
const concatenate =
  (join: boolean): BuiltinFunction =>
  (args, cx) => {
    let items: readonly Expr[] = args;
    let listScope = cx.scope;
    const last = args[args.length - 1];
    // HTCondor counts each argument of strcat/join against the depth limit.
    const evaluate = (expr: Expr, scope: typeof cx.scope): Value =>
      cx.evaluateNested ? cx.evaluateNested(expr, scope) : cx.evaluate(expr, scope);
    // join's last argument, when it is not a list, is used as evaluated here (HTCondor evaluates
    // it again, which makes nested joins cost 2^depth; the value is the same).
    let lastValue: Value | null = null;
    if (join && last && args.length <= 2) {
      lastValue = evaluate(last, cx.scope);
      if (lastValue.kind === "list") {
        const separator = args.length > 1 && args[0] ? args[0] : literal(stringValue(""));
        items = [separator, ...lastValue.items];
        listScope = lastValue.scope ?? cx.scope;
        lastValue = null;
      }
    }
    const budget = cx.bytesLeft ?? Number.POSITIVE_INFINITY;
    let out = "";
    let separator = "";
    let sawUndefined = false;
    let sawDefined = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!item) continue;
      // The separator argument belongs to the call; list elements to the list's scope.
      const scope = items === args || i === 0 ? cx.scope : listScope;
      const value = lastValue !== null && i === items.length - 1 ? lastValue : evaluate(item, scope);
      const text = toStringValue(value);
      if (text.kind === "undefined") {
        sawUndefined = true;
        if (join) continue;
        sawDefined = false;
        break;
      }
      if (text.kind === "error") return ERROR;
      if (join) {
        if (i === 0) {
          separator = text.v;
          continue;
        }
        if (out.length > 0) out += separator;
      }
      sawDefined = true;
      if (out.length + text.v.length > budget) return cx.fail();
      out += text.v;
    }
    if (sawUndefined && !sawDefined) return UNDEFINED;
    return stringValue(out);
  };

const changeCase =
  (lower: boolean): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const text = toStringValue(evalArg(cx, args[0]));
    if (text.kind !== "string") return text;
    return stringValue(lower ? asciiLower(text.v) : asciiUpper(text.v));
  };

/** Perl-like `substr(s, offset [, length])` on bytes. */
const substr: BuiltinFunction = (args, cx) => {
  if (args.length < 2 || args.length > 3) return ERROR;
  const values = args.map((arg) => evalArg(cx, arg));
  if (values.some((value) => value.kind === "undefined")) return UNDEFINED;
  const [text, offsetValue, lengthValue] = values;
  if (text?.kind !== "string" || offsetValue?.kind !== "int") return ERROR;
  if (lengthValue && lengthValue.kind !== "int") return ERROR;
  const size = text.v.length;
  let offset = int32Of(offsetValue);
  let length = lengthValue?.kind === "int" ? int32Of(lengthValue) : 0;
  if (offset < 0) offset = Math.max(0, size + offset);
  else if (offset >= size) offset = size;
  if (length <= 0) length = Math.max(0, size - offset + length);
  else if (length > size - offset) length = size - offset;
  if (lengthValue?.kind === "int" && int32Of(lengthValue) === 0) length = 0;
  return stringValue(text.v.substr(offset, length));
};

/** Evaluate two arguments and convert both to strings; UNDEFINED in either gives UNDEFINED. */
function twoStrings(args: readonly Expr[], cx: Parameters<BuiltinFunction>[1]): [string, string] | Value {
  const [leftArg, rightArg] = args;
  if (args.length !== 2 || !leftArg || !rightArg) return ERROR;
  const left = evalArg(cx, leftArg);
  const right = evalArg(cx, rightArg);
  if (left.kind === "undefined" || right.kind === "undefined") return UNDEFINED;
  const leftText = toStringValue(left);
  const rightText = toStringValue(right);
  if (leftText.kind !== "string" || rightText.kind !== "string") return ERROR;
  return [leftText.v, rightText.v];
}

const compareStrings =
  (ignoreCase: boolean): BuiltinFunction =>
  (args, cx) => {
    const pair = twoStrings(args, cx);
    if (!Array.isArray(pair)) return pair;
    return intValue(ignoreCase ? Math.sign(compareBytesCaseless(pair[0], pair[1])) : compareBytes(pair[0], pair[1]));
  };

const compareVersions =
  (decide: ((order: number) => boolean) | null): BuiltinFunction =>
  (args, cx) => {
    const pair = twoStrings(args, cx);
    if (!Array.isArray(pair)) return pair;
    const order = naturalCompare(pair[0], pair[1]);
    return decide ? boolValue(decide(order)) : intValue(order);
  };

/** `version_in_range(v, min, max)`: UNDEFINED bounds give UNDEFINED, an UNDEFINED v gives ERROR. */
const versionInRange: BuiltinFunction = (args, cx) => {
  if (args.length !== 3) return ERROR;
  const [test, min, max] = args.map((arg) => evalArg(cx, arg));
  if (!test || !min || !max) return ERROR;
  if (min.kind === "undefined" || max.kind === "undefined") return UNDEFINED;
  const texts = [test, min, max].map(toStringValue);
  const [testText, minText, maxText] = texts;
  if (testText?.kind !== "string" || minText?.kind !== "string" || maxText?.kind !== "string") return ERROR;
  return boolValue(naturalCompare(minText.v, testText.v) <= 0 && naturalCompare(testText.v, maxText.v) <= 0);
};

export const stringFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["strcat", concatenate(false)],
  ["join", concatenate(true)],
  ["toUpper", changeCase(false)],
  ["toLower", changeCase(true)],
  ["substr", substr],
  ["strcmp", compareStrings(false)],
  ["stricmp", compareStrings(true)],
  ["versioncmp", compareVersions(null)],
  ["versionLE", compareVersions((order) => order <= 0)],
  ["versionLT", compareVersions((order) => order < 0)],
  ["versionGE", compareVersions((order) => order >= 0)],
  ["versionGT", compareVersions((order) => order > 0)],
  ["versionEQ", compareVersions((order) => order === 0)],
  ["version_in_range", versionInRange],
];
