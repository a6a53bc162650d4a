/**
 * Regular-expression functions (`fnCall.cpp` matchPattern, matchPatternMember, substPattern,
 * regexp_helper; `compat_classad.cpp` stringListRegexpMember): `regexp`, `regexpMember`,
 * `regexps`, `replace`, `replaceall`, `stringList_regexpMember`.
 */
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  boolValue,
  stringValue,
  type Value,
} from "../model/value.js";
import { parseRegexOptions, type CompiledRegex, type RegexMatch } from "./regexp.js";
import { stringListTokens } from "./string-list-tokens.js";
import { evalArgs, evalItem } from "./support.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";

/** What a substitution returns when its result would pass the size budget. */
const OVER_BUDGET = Symbol("over budget");

/**
 * What one search of a substitution counts against the size budget: a search costs about what
 * building this many bytes does, so a budget bounds the time of a substitution as well as its size.
 */
const SEARCH_BYTES = 256;

/** 1 + the highest-numbered group that took part (what `pcre2_match` returns). */
function groupsSet(match: RegexMatch): number {
  for (let g = match.spans.length / 2 - 1; g > 0; g--) {
    if ((match.spans[2 * g] ?? -1) >= 0) return g + 1;
  }
  return 1;
}

function groupText(subject: string, match: RegexMatch, group: number): string {
  const start = match.spans[2 * group] ?? -1;
  const end = match.spans[2 * group + 1] ?? -1;
  return start < 0 ? "" : subject.slice(start, end);
}

/**
 * Expand `\0`..`\9` in a replacement; null when a group number is out of range (ERROR),
 * {@link OVER_BUDGET} when the expansion grows past `room` bytes.
 */
function expandReplacement(replacement: string, subject: string, match: RegexMatch, room: number): string | null | typeof OVER_BUDGET {
  let backslash = replacement.indexOf("\\");
  if (backslash < 0) return replacement;
  const groups = groupsSet(match);
  let out = "";
  let copied = 0;
  while (backslash >= 0) {
    const next = replacement.charCodeAt(backslash + 1);
    if (next >= 48 && next <= 57) {
      const group = next - 48;
      if (group >= groups) return null;
      out += replacement.slice(copied, backslash) + groupText(subject, match, group);
      if (out.length > room) return OVER_BUDGET;
      copied = backslash + 2;
      backslash = replacement.indexOf("\\", copied);
    } else {
      // A backslash before anything else stays as it is.
      backslash = replacement.indexOf("\\", backslash + 1);
    }
  }
  return out + replacement.slice(copied);
}

/**
 * HTCondor's `regexp_helper`: a match test when `replacement` is null, else a substitution
 * (`f`: the whole target with the replacement applied; `g`: every non-overlapping match).
 */
export function regexpHelper(
  cx: EvalContext,
  pattern: string,
  target: string,
  replacement: string | null,
  optionText: string,
): Value {
  const regex = cx.regex(pattern, parseRegexOptions(optionText, false));
  if (!regex) return ERROR;
  if (replacement === null) return boolValue(regex.test(target));
  const budget = { room: cx.bytesLeft ?? Number.POSITIVE_INFINITY, searches: 0 };
  const result = substitute(regex, target, replacement, optionText.includes("f"), optionText.includes("g"), budget);
  if (result === OVER_BUDGET) return cx.fail();
  // The searches count against the evaluation's size budget (the result is counted by the caller).
  if (cx.charge && !cx.charge(budget.searches * SEARCH_BYTES)) return ERROR;
  return result;
}

function substitute(
  regex: CompiledRegex,
  target: string,
  replacement: string,
  full: boolean,
  all: boolean,
  budget: { readonly room: number; searches: number },
): Value | typeof OVER_BUDGET {
  let out = "";
  let index = 0;
  let afterEmpty = false;
  const room = budget.room;
  let searchCost = 0;
  for (;;) {
    budget.searches++;
    searchCost += SEARCH_BYTES;
    if (out.length + searchCost > room) return OVER_BUDGET;
    let match: RegexMatch | null;
    if (afterEmpty) {
      match = regex.nonEmptyAt(target, index);
      if (!match) {
        // PCRE copies one byte and goes on; past the end its next search fails with a bad
        // offset, which HTCondor reports as ERROR.
        if (index >= target.length) return ERROR;
        out += target[index];
        index++;
        afterEmpty = false;
        continue;
      }
    } else {
      match = regex.search(target, index);
      if (!match) break;
    }
    const start = match.spans[0] ?? index;
    const end = match.spans[1] ?? index;
    if (full) out += target.slice(index, start);
    const expanded = expandReplacement(replacement, target, match, room - out.length - searchCost);
    if (expanded === null) return ERROR;
    if (expanded === OVER_BUDGET || out.length + searchCost + expanded.length > room) return OVER_BUDGET;
    out += expanded;
    index = end;
    afterEmpty = start === end;
    if (!all) break;
  }
  if (full) out += target.slice(index);
  return out.length + searchCost > room ? OVER_BUDGET : stringValue(out);
}

/**
 * Evaluate the arguments of the fnCall regexp family: any ERROR first, then any UNDEFINED,
 * then a non-string option argument is ERROR. Returns the values or the early result.
 */
function patternArguments(values: Value[], optionIndex: number): Value | null {
  if (values.some((value) => value.kind === "error")) return ERROR;
  if (values.some((value) => value.kind === "undefined")) return UNDEFINED;
  const options = values[optionIndex];
  if (options && options.kind !== "string") return ERROR;
  return null;
}

const regexp: BuiltinFunction = (args, cx) => {
  if (args.length !== 2 && args.length !== 3) return ERROR;
  const values = evalArgs(cx, args);
  const early = patternArguments(values, 2);
  if (early) return early;
  const [pattern, target, options] = values;
  if (pattern?.kind !== "string" || target?.kind !== "string") return ERROR;
  return regexpHelper(cx, pattern.v, target.v, null, options?.kind === "string" ? options.v : "");
};

const substitution =
  (forced: string): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 3 && args.length !== 4) return ERROR;
    const values = evalArgs(cx, args);
    const early = patternArguments(values, 3);
    if (early) return early;
    const [pattern, target, replacement, options] = values;
    const optionText = (options?.kind === "string" ? options.v : "") + forced;
    if (pattern?.kind !== "string" || target?.kind !== "string" || replacement?.kind !== "string") return ERROR;
    return regexpHelper(cx, pattern.v, target.v, replacement.v, optionText);
  };

/** `regexpMember(pattern, list [, options])`: true if any string element matches. */
const regexpMember: BuiltinFunction = (args, cx) => {
  if (args.length !== 2 && args.length !== 3) return ERROR;
  const values = evalArgs(cx, args);
  const early = patternArguments(values, 2);
  if (early) return early;
  const [pattern, list, options] = values;
  if (pattern?.kind !== "string" || list?.kind !== "list") return ERROR;
  const optionText = options?.kind === "string" ? options.v : "";
  let couldBeUndefined = false;
  for (const element of list.items) {
    const value = evalItem(cx, list, element);
    if (value.kind === "undefined") {
      couldBeUndefined = true;
      continue;
    }
    if (value.kind !== "string") return ERROR;
    // An invalid pattern makes each test ERROR, which counts as "no match" here.
    const matched = regexpHelper(cx, pattern.v, value.v, null, optionText);
    if (matched.kind === "bool" && matched.v) return TRUE;
  }
  return couldBeUndefined ? UNDEFINED : FALSE;
};

/** `stringList_regexpMember(pattern, list [, delims [, options]])` (compat layer). */
const stringListRegexpMember: BuiltinFunction = (args, cx) => {
  if (args.length < 2 || args.length > 4) return ERROR;
  const values = evalArgs(cx, args);
  if (values.some((value) => value.kind !== "string")) return ERROR;
  const [pattern, list, delims, options] = values.map((value) => (value.kind === "string" ? value.v : ""));
  const regex = cx.regex(pattern ?? "", parseRegexOptions(options ?? "", true));
  if (!regex) return ERROR;
  const tokens = stringListTokens(list ?? "", args.length >= 3 ? (delims ?? "") : ", ");
  if (tokens.length === 0) return UNDEFINED;
  return boolValue(tokens.some((token) => regex.test(token)));
};

/** True when the regex matches a non-empty part of `subject` (PCRE2_NOTEMPTY). */
export function hasNonEmptyMatch(regex: CompiledRegex, subject: string): boolean {
  let from = 0;
  while (from <= subject.length) {
    const match = regex.search(subject, from);
    if (!match) return false;
    const start = match.spans[0] ?? 0;
    if ((match.spans[1] ?? 0) > start) return true;
    if (regex.nonEmptyAt(subject, start)) return true;
    from = start + 1;
  }
  return false;
}

export const patternFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["regexp", regexp],
  ["regexpMember", regexpMember],
  ["regexps", substitution("")],
  ["replace", substitution("f")],
  ["replaceall", substitution("fg")],
  ["stringList_regexpMember", stringListRegexpMember],
];
