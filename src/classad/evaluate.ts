/**
 * Evaluating ClassAd expressions: the public entry points.
 *
 * ```ts
 * import { evaluate, ClassAd } from "classad";
 * evaluate("1 + 2");                                   // { kind: "int", v: 3 }
 * const job = ClassAd.fromJS({ RequestMemory: 2048 });
 * const slot = ClassAd.fromJS({ Memory: 4096 });
 * evaluate("TARGET.Memory >= RequestMemory", { my: job, target: slot }); // TRUE
 * ```
 *
 * Strings: expression text and names are read as text; the values returned hold text
 * (`evaluate('"José"').v` is `"José"`), see src/classad/text.ts.
 *
 * Semantics are HTCondor's as its tools run them ("old ClassAd semantics": `MY` is the current ad,
 * `CurrentTime` is `time()`, an unscoped name missing from MY is looked up in TARGET during a
 * match). `strict: true` gives the ClassAd library's own default instead.
 */
import { collectExternalReferences, collectInternalReferences } from "../eval/references.js";
import { newState, referenceState, runInState } from "../eval/run.js";
import { fromByteString, toByteString } from "../model/bytes.js";
import type { ClassAd } from "../model/classad.js";
import type { EvaluateOptions, EvaluationResult } from "../model/evaluation.js";
import type { JSValue, ToJSOptions } from "../model/js-value.js";
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { parseExpression } from "../parser/index.js";
import { evaluateAttributeOf, isClassAd, newClassAd } from "./classad.js";
import { valueFromJS, valueToJS } from "./convert.js";
import { evalSettings } from "./environment.js";
import { resultForUser, valueForUser, valueFromUser } from "./text.js";
import { itemsKept, itemsText, adKept, adTexts } from "./unevaluated.js";

/** Parse expression text given as an ordinary JS string (converted to bytes first). */
export function parseText(text: string): Expr {
  return parseExpression(toByteString(text));
}

/**
 * Evaluate an expression (a parsed tree, or text that is parsed first; a syntax error throws the
 * parser's typed error). Returns the value; see {@link evaluateWithStatus} for the failure flag.
 */
export function evaluate(expr: Expr | string, options: EvaluateOptions = {}): Value {
  return evaluateWithStatus(expr, options).value;
}

/** {@link evaluate}, also telling whether HTCondor would report the evaluation as failed. */
export function evaluateWithStatus(expr: Expr | string, options: EvaluateOptions = {}): EvaluationResult {
  return resultForUser(evaluateRaw(typeof expr === "string" ? parseText(expr) : expr, options));
}

/**
 * @internal {@link evaluateWithStatus} for the library's own callers: the value as the evaluator
 * holds it (strings as byte strings), for code that prints it or builds trees from it.
 */
export function evaluateRaw(expr: Expr, options: EvaluateOptions = {}): EvaluationResult {
  return runInState(newState(evalSettings(options, newClassAd), options), expr);
}

/**
 * Evaluate an expression in a match: MY = `my`, TARGET = `target`, as HTCondor's
 * `EvalExprTree(expr, my, target)` does.
 */
export function evaluateInMatch(
  expr: Expr | string,
  my: ClassAd,
  target: ClassAd,
  options: Omit<EvaluateOptions, "my" | "target" | "match"> = {},
): Value {
  return evaluate(expr, { ...options, my, target });
}

/**
 * Evaluate the attribute `name` of the context's current ad (MY), as HTCondor's
 * `EvaluateAttr`: UNDEFINED when nothing defines it.
 */
export function evaluateAttribute(name: string, options: EvaluateOptions = {}): EvaluationResult {
  return resultForUser(evaluateAttributeOf(options.my ?? newClassAd(), name, options));
}

/**
 * The attributes `expr` needs from outside `ad` (HTCondor's `GetExternalReferences` with full
 * names): unscoped names `ad` does not define (`Memory`), and scoped references whose scope does
 * not resolve (`TARGET.Memory`). References are followed through the attributes `ad` defines.
 * Sorted case-insensitively, without duplicates.
 */
export function externalReferences(expr: Expr | string, ad: ClassAd = newClassAd(), options: EvaluateOptions = {}): string[] {
  const tree = typeof expr === "string" ? parseText(expr) : expr;
  return collectExternalReferences(referenceState(evalSettings(options, newClassAd), ad), tree, true).names.map(fromByteString);
}

/**
 * The attributes of `ad` itself that `expr` uses, directly or through other attributes
 * (HTCondor's `GetInternalReferences`). Sorted case-insensitively, without duplicates.
 */
export function internalReferences(expr: Expr | string, ad: ClassAd = newClassAd(), options: EvaluateOptions = {}): string[] {
  const tree = typeof expr === "string" ? parseText(expr) : expr;
  return collectInternalReferences(referenceState(evalSettings(options, newClassAd), ad), tree).names.map(fromByteString);
}

/**
 * A ClassAd value as a plain JS value (the mapping is in `src/classad/convert.ts`). List elements
 * and ad attributes are evaluated in the scope they belong to, with `options`; or, with
 * `expressions: "text"` or `"keep"`, given as their expressions (see `ToJSOptions`).
 */
export function toJSValue(value: Value, options: ToJSOptions = {}): JSValue {
  const mode = options.expressions;
  if (mode === "text" || mode === "keep") {
    if (value.kind === "list") return mode === "text" ? itemsText(value.items) : itemsKept(value.items);
    if (value.kind === "classad") return mode === "text" ? adTexts(value.ad) : adKept(value.ad);
  }
  return valueToJS(valueFromUser(value), evalSettings(options, newClassAd), options);
}

/**
 * A plain JS value as a ClassAd value (the reverse of {@link toJSValue}); a string value holds
 * the text given. In an array, `expr("...")` is an element that is an expression.
 */
export function fromJSValue(x: unknown): Value {
  return valueForUser(valueFromJS(x, newClassAd, isClassAd));
}
