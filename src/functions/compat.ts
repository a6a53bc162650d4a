/**
 * HTCondor compatibility-layer functions (`compat_classad.cpp`): `splitUserName`,
 * `splitSlotName`, `split`, `argsToList`, `listToArgs`, `envV1ToV2`, `mergeEnvironment`,
 * `userHome`, `userMap`, `evalInEachContext`, `countMatches`.
 */
import { literal, literalOfValue } from "../ast/build.js";
import type { Expr } from "../model/nodes.js";
import type { ClassAd } from "../model/classad.js";
import {
  ERROR,
  UNDEFINED,
  intValue,
  listValue,
  stringValue,
  type Value,
} from "../model/value.js";
import { isCSpace } from "../model/c-types.js";
import { booleanEquivalent } from "./control.js";
import { stringListTokens } from "./string-list-tokens.js";
import { asciiLower } from "../model/bytes.js";
import { evalArg, evalArgs, evalItem, int32Of } from "./support.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";

/** A list of strings a function built: HTCondor holds it by a shared pointer (owned). */
function stringList(items: readonly string[]): Value {
  return listValue(items.map((item) => literal(stringValue(item))), null, true);
}

/** `splitUserName("a@b")` = {"a","b"}; `splitSlotName` puts a name without `@` second. */
const splitAt =
  (slot: boolean): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const value = evalArg(cx, args[0]);
    if (value.kind !== "string") return ERROR;
    const at = value.v.indexOf("@");
    if (at < 0) return stringList(slot ? ["", value.v] : [value.v, ""]);
    return stringList([value.v.slice(0, at), value.v.slice(at + 1)]);
  };

/**
 * `split(s [, seps])`: white space runs (alone or around one separator) separate once; a
 * repeated non-space separator yields empty items; leading/trailing separators are ignored.
 */
const split: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 && args.length !== 2) return ERROR;
  const [text, seps] = evalArgs(cx, args);
  if (text?.kind !== "string") return ERROR;
  if (seps && seps.kind !== "string") return ERROR;
  const separators = seps?.kind === "string" ? seps.v : ", \t";
  const source = text.v;
  const items: string[] = [];
  let last = 0;
  if (separators.length > 0) {
    let previous = -1;
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (!separators.includes(source[i] ?? "")) continue;
      if (i > last) items.push(source.slice(last, i));
      else if (!isCSpace(previous) && previous === c) items.push("");
      if (!isCSpace(c)) previous = c;
      last = i + 1;
    }
  }
  if (source.length > last) items.push(source.slice(last));
  return stringList(items);
};

/** HTCondor's V2 argument splitting (`split_args`): white space separates, '' quotes. */
function splitArgsV2(text: string): string[] | null {
  const args: string[] = [];
  let current = "";
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      inToken = true;
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            current += "'";
            j += 2;
            continue;
          }
          break;
        }
        current += text[j];
        j++;
      }
      i = j;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inToken) args.push(current);
      inToken = false;
      current = "";
    } else {
      inToken = true;
      current += c;
    }
  }
  if (inToken) args.push(current);
  return args;
}

function splitArgsV1(text: string): string[] {
  return text.split(/[ \t\n\r]+/).filter((arg) => arg.length > 0);
}

/** HTCondor's `append_arg`: quote white space and quotes with '...', doubling quotes. */
function joinArgsV2(args: readonly string[]): string {
  let out = "";
  for (const arg of args) {
    if (out.length) out += " ";
    if (!arg) out += "''";
    for (const c of arg) {
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "'") {
        if (out.endsWith("'")) out = out.slice(0, -1);
        else out += "'";
        if (c === "'") out += "'";
        out += c + "'";
      } else {
        out += c;
      }
    }
  }
  return out;
}

/** The optional version argument (1 or 2) of argsToList/listToArgs; null means ERROR. */
function argsVersion(args: readonly Expr[], cx: EvalContext): number | null {
  if (!args[1]) return 2;
  const value = evalArg(cx, args[1]);
  if (value.kind !== "int") return null;
  const version = int32Of(value);
  return version === 1 || version === 2 ? version : null;
}

const argsToList: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 && args.length !== 2) return ERROR;
  const version = argsVersion(args, cx);
  if (version === null || !args[0]) return ERROR;
  const value = evalArg(cx, args[0]);
  if (value.kind !== "string") return ERROR;
  const parsed = version === 1 ? splitArgsV1(value.v) : splitArgsV2(value.v);
  return parsed ? stringList(parsed) : ERROR;
};

const listToArgs: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 && args.length !== 2) return ERROR;
  const version = argsVersion(args, cx);
  if (version === null || !args[0]) return ERROR;
  const list = evalArg(cx, args[0]);
  if (list.kind !== "list") return ERROR;
  const items: string[] = [];
  for (const element of list.items) {
    const value = evalItem(cx, list, element);
    if (value.kind !== "string") return ERROR;
    items.push(value.v);
  }
  if (version === 2) return stringValue(joinArgsV2(items));
  return joinArgsV1(items);
}

/**
 * `ArgList::GetArgsStringV1Raw`: arguments joined by a space, ERROR for one holding white space.
 * As in HTCondor, the space goes in only once the result is not empty (an empty first argument
 * leaves no trace: `{"", "a"}` is `"a"`).
 */
function joinArgsV1(items: readonly string[]): Value {
  let out = "";
  for (const item of items) {
    if (/[ \t\r\n]/.test(item)) return ERROR;
    if (out.length > 0) out += " ";
    out += item;
  }
  return stringValue(out);
}

/**
 * HTCondor's marker value for an entry kept without `=value` (a bare `$$(...)` macro): the
 * bytes 1 to 6. A variable whose value is exactly these bytes prints the same way.
 */
const NO_ENVIRONMENT_VALUE = "\x01\x02\x03\x04\x05\x06";

/** An environment: variables in byte order (a C++ std::map), later settings win. */
class Environment {
  private readonly table = new Map<string, string>();

  /** `SetEnvWithErrorMessage`: `NAME=value`, or a bare `$$(...)` macro kept verbatim. */
  set(entry: string): boolean {
    if (!entry) return false;
    const equals = entry.indexOf("=");
    if (equals < 0) {
      if (!entry.includes("$$")) return false;
      this.table.set(entry, NO_ENVIRONMENT_VALUE);
      return true;
    }
    if (equals === 0) return false;
    this.table.set(entry.slice(0, equals), entry.slice(equals + 1));
    return true;
  }

  mergeV2(text: string): boolean {
    const entries = splitArgsV2(text);
    return entries !== null && entries.every((entry) => this.set(entry));
  }

  mergeV1(text: string): boolean {
    if (!text) return true;
    let delimiter = ";";
    let rest = text;
    const first = text[0] ?? "";
    if (first === delimiter) rest = text.slice(1);
    else if ("!#$%&*+,-/:;<>?@^`|~\x1f".includes(first)) {
      delimiter = first;
      rest = text.slice(1);
    }
    let i = 0;
    while (i < rest.length) {
      while (i < rest.length && " \t\n\r".includes(rest[i] ?? "")) i++;
      let entry = "";
      while (i < rest.length) {
        const c = rest[i] ?? "";
        i++;
        if (c === "\n" || c === delimiter) break;
        entry += c;
      }
      if (entry && !this.set(entry)) return false;
    }
    return true;
  }

  toV2(): string {
    const names = [...this.table.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return joinArgsV2(names.map((name) => {
      const value = this.table.get(name);
      return value === NO_ENVIRONMENT_VALUE || value === undefined ? name : `${name}=${value}`;
    }));
  }
}

const envV1ToV2: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const value = evalArg(cx, args[0]);
  if (value.kind === "undefined") return UNDEFINED;
  if (value.kind !== "string") return ERROR;
  const env = new Environment();
  return env.mergeV1(value.v) ? stringValue(env.toV2()) : ERROR;
};

const mergeEnvironment: BuiltinFunction = (args, cx) => {
  const env = new Environment();
  for (const arg of args) {
    const value = evalArg(cx, arg);
    if (value.kind === "undefined") continue;
    if (value.kind !== "string" || !env.mergeV2(value.v)) return ERROR;
  }
  return stringValue(env.toV2());
};

/**
 * `userHome(user [, default])`. Looking users up needs the host's password database, which a
 * language core that also runs in browsers does not have: this behaves as HTCondor does with
 * `CLASSAD_ENABLE_USER_HOME` unset (the default): the default when given, else UNDEFINED
 * (ERROR when the user is neither a string nor UNDEFINED).
 */
const userHome: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 && args.length !== 2) return cx.fail();
  let fallback = "";
  if (args[1]) {
    const value = evalArg(cx, args[1]);
    if (value.kind === "string") fallback = value.v;
  }
  const owner = args[0] ? evalArg(cx, args[0]) : UNDEFINED;
  if (fallback) return stringValue(fallback);
  return owner.kind === "string" || owner.kind === "undefined" ? UNDEFINED : ERROR;
};

/** Looks a user up in a named user map: the comma-separated mapped names, or undefined. */
export type UserMapResolver = (mapName: string, user: string) => string | undefined;

/**
 * Build a `userMap(mapName, user [, preferred [, default]])` function over your own maps (HTCondor
 * reads them from its configuration). The registered default knows no maps.
 */
export function userMapFunction(resolveMap: UserMapResolver): BuiltinFunction {
  return (args, cx) => {
    if (args.length < 2 || args.length > 4) return ERROR;
    const [mapName, user, preferred, fallback] = evalArgs(cx, args);
    const withDefault = args.length === 4;
    if (mapName?.kind !== "string" || user?.kind !== "string") {
      if (mapName?.kind === "error" || user?.kind === "error") return ERROR;
      return withDefault && fallback ? fallback : UNDEFINED;
    }
    const mapped = resolveMap(mapName.v, user.v);
    if (mapped === undefined) return withDefault && fallback ? fallback : UNDEFINED;
    if (args.length === 2) return stringValue(mapped);
    const items = stringListTokens(mapped, ",");
    const wanted = preferred?.kind === "string" ? asciiLower(preferred.v) : null;
    const chosen = (wanted !== null ? items.find((item) => asciiLower(item) === wanted) : undefined) ?? items[0];
    if (chosen !== undefined) return stringValue(chosen);
    return withDefault && fallback ? fallback : UNDEFINED;
  };
}

/** Evaluate `expr` with a list element (which must be an ad) as the scope. */
function evaluateInContext(expr: Expr, element: Expr, listScope: ClassAd | null, cx: EvalContext): Value {
  const nested = cx.evaluate(element, listScope);
  if (nested.kind !== "classad") return nested.kind === "undefined" ? UNDEFINED : ERROR;
  return cx.evaluateInNestedAd ? cx.evaluateInNestedAd(expr, nested.ad) : cx.evaluate(expr, nested.ad);
}

const eachContext =
  (count: boolean): BuiltinFunction =>
  (args, cx) => {
    let [expr, ads] = args;
    if (args.length !== 2 || !expr || !ads) return ERROR;
    if (expr.kind === "attr") {
      const resolved = cx.resolveReference
        ? cx.resolveReference(expr)
        : expr.scope === null && !expr.absolute
          ? lookupUp(cx.scope, expr.name)
          : null;
      if (resolved) expr = resolved.expr;
    }
    let items: readonly Expr[];
    let scope = cx.scope;
    if (ads.kind === "list") {
      items = ads.items;
    } else {
      const value = evalArg(cx, ads);
      if (value.kind === "undefined") return count ? intValue(0) : UNDEFINED;
      if (value.kind !== "list") return ERROR;
      items = value.items;
      scope = value.scope ?? cx.scope;
    }
    const target = expr;
    if (count) {
      let matches = 0;
      for (const element of items) {
        if (booleanEquivalent(evaluateInContext(target, element, scope, cx)) === true) matches++;
      }
      return intValue(matches);
    }
    return listValue(items.map((element) => literalOfValue(evaluateInContext(target, element, scope, cx))), null, true);
  };

function lookupUp(scope: ClassAd | null, name: string): { expr: Expr } | null {
  for (let ad = scope; ad; ad = ad.parent) {
    const expr = ad.lookup(name);
    if (expr) return { expr };
  }
  return null;
}

export const compatFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["splitUserName", splitAt(false)],
  ["splitSlotName", splitAt(true)],
  ["split", split],
  ["argsToList", argsToList],
  ["listToArgs", listToArgs],
  ["envV1ToV2", envV1ToV2],
  ["mergeEnvironment", mergeEnvironment],
  ["userHome", userHome],
  ["userMap", userMapFunction(() => undefined)],
  ["evalInEachContext", eachContext(false)],
  ["countMatches", eachContext(true)],
];
