/**
 * Control and reflection functions: `ifThenElse` (lazy), `eval`, `debug`, `unparse`,
 * `unresolved` (`fnCall.cpp` ifThenElse, eval, debug, unparse, hasRefs).
 */
import type { AttrRefNode, Expr } from "../model/nodes.js";
import { walkExpr } from "../ast/walk.js";
import type { ClassAd } from "../model/classad.js";
import { ERROR, UNDEFINED, boolValue, intAsNumber, stringValue, type Value } from "../model/value.js";
import { parseExpression } from "../parser/index.js";
import { hasNonEmptyMatch } from "./patterns.js";
import { prettyUnparse } from "./pretty.js";
import { asciiLower, compareBytes } from "../model/bytes.js";
import { evalArg, toStringValue } from "./support.js";
import type { BuiltinFunction, EvalContext } from "../model/evaluation.js";

/** `ifThenElse(c, a, b)`: only the chosen branch is evaluated; a non-numeric condition is ERROR. */
const ifThenElse: BuiltinFunction = (args, cx) => {
  const [condArg, thenArg, elseArg] = args;
  if (args.length !== 3 || !condArg || !thenArg || !elseArg) return ERROR;
  const cond = evalArg(cx, condArg);
  let truth: boolean;
  switch (cond.kind) {
    case "bool":
      truth = cond.v;
      break;
    case "int":
      truth = intAsNumber(cond) !== 0;
      break;
    case "real":
      truth = cond.v !== 0;
      break;
    case "undefined":
      return UNDEFINED;
    default:
      return ERROR;
  }
  return evalArg(cx, truth ? thenArg : elseArg);
};

/** `eval(s)`: parse the string form of `s` with the new-syntax parser and evaluate it here. */
const evalFunction: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const text = toStringValue(evalArg(cx, args[0]));
  if (text.kind !== "string") return ERROR;
  let expr: Expr;
  try {
    expr = parseExpression(text.v);
  } catch {
    return ERROR;
  }
  return cx.evaluateNested ? cx.evaluateNested(expr, cx.scope) : cx.evaluate(expr, cx.scope);
};

/** `debug(x)`: x's value, reported to the context's debug hook. */
const debug: BuiltinFunction = (args, cx) => {
  if (args.length !== 1 || !args[0]) return ERROR;
  const value = evalArg(cx, args[0]);
  cx.debug(args[0], value);
  return value;
};

/**
 * `unparse(attr)`: the text of the expression stored under the reference's name in the current
 * ad (no scope walk), printed as HTCondor's PrettyPrint does (lists and records indented on
 * their own lines); a scoped reference (`MY.x`) names no attribute and gives "".
 */
const unparse: BuiltinFunction = (args, cx) => {
  const ref = args[0];
  if (args.length !== 1 || !ref || ref.kind !== "attr") return ERROR;
  if (ref.scope !== null || ref.absolute) return stringValue("");
  const expr = cx.scope?.lookup(ref.name);
  if (!expr) return stringValue("");
  const text = prettyUnparse(expr, cx.bytesLeft);
  return text === null ? cx.fail() : stringValue(text);
};

/** Resolve a reference as `AttributeReference::Deref` does, or approximate it by a scope walk. */
function resolve(ref: AttrRefNode, cx: EvalContext): { expr: Expr; scope: ClassAd | null } | null {
  if (cx.resolveReference) return cx.resolveReference(ref);
  if (ref.scope !== null || ref.absolute) return null;
  for (let ad: ClassAd | null = cx.scope; ad; ad = ad.parent) {
    const expr = ad.lookup(ref.name);
    if (expr) return { expr, scope: ad };
  }
  return null;
}

/** Attribute references of `expr` not defined in `scope` or its parents (fallback for `unresolved`). */
function externalReferences(expr: Expr, scope: ClassAd | null): string[] {
  const found: string[] = [];
  const definedHere = (name: string): boolean => {
    for (let ad = scope; ad; ad = ad.parent) if (ad.has(name)) return true;
    return false;
  };
  walkExpr(expr, (node) => {
    if (node.kind !== "attr") return true;
    if (node.scope === null) {
      if (!node.absolute && !definedHere(node.name)) found.push(node.name);
      return false;
    }
    if (node.scope.kind === "attr" && node.scope.scope === null) {
      const base = asciiLower(node.scope.name);
      if (base === "target" || base === "other") found.push(`${node.scope.name}.${node.name}`);
      return base !== "target" && base !== "other" && base !== "my" && base !== "parent";
    }
    return true;
  });
  return found;
}

/** Sorted case-insensitively without duplicates, as HTCondor's `References` set keeps them. */
function referenceSet(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = asciiLower(name);
    if (!byKey.has(key)) byKey.set(key, name);
  }
  return [...byKey.entries()].sort((a, b) => compareBytes(a[0], b[0])).map((entry) => entry[1]);
}

/**
 * `unresolved(attr [, regex])`: the external references of the attribute's expression, comma
 * joined (a leading `target.` is dropped), or with a regex whether any of them matches it.
 */
const unresolved: BuiltinFunction = (args, cx) => {
  const ref = args[0];
  if (args.length < 1 || args.length > 2 || !ref || ref.kind !== "attr") return ERROR;
  const resolved = resolve(ref, cx);
  if (!resolved) return UNDEFINED;
  let regex = null;
  if (args[1]) {
    const pattern = evalArg(cx, args[1]);
    if (pattern.kind !== "string") return cx.fail();
    regex = cx.regex(pattern.v, { caseless: true, multiline: false, dotall: false, extended: false });
    if (!regex) return ERROR;
  }
  if (!cx.scope) return regex ? boolValue(false) : stringValue("");
  const raw = cx.externalReferences
    ? cx.externalReferences(resolved.expr, resolved.scope)
    : externalReferences(resolved.expr, resolved.scope);
  const names = referenceSet(raw).map((name) => (asciiLower(name.slice(0, 7)) === "target." ? name.slice(7) : name));
  if (regex) {
    const compiled = regex;
    return boolValue(names.some((name) => hasNonEmptyMatch(compiled, name)));
  }
  return stringValue(names.join(","));
};

export const controlFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["ifThenElse", ifThenElse],
  ["eval", evalFunction],
  ["debug", debug],
  ["unparse", unparse],
  ["unresolved", unresolved],
];

/** Values other functions need: a value's truth as HTCondor's `IsBooleanValueEquiv` sees it. */
export function booleanEquivalent(value: Value): boolean | null {
  switch (value.kind) {
    case "bool":
      return value.v;
    case "int":
      return intAsNumber(value) !== 0;
    case "real":
      return value.v !== 0;
    default:
      return null;
  }
}
