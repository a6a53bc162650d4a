/**
 * `expr("...")`: an expression among the plain JS values given to `ClassAd.fromJS` (and
 * `fromJSValue` for list elements), where a plain string stays a string.
 *
 * ```ts
 * const job = ClassAd.fromJS({
 *   Owner: "alice",                                   // a string
 *   RequestMemory: 2048,
 *   Requirements: expr("TARGET.Memory >= RequestMemory && TARGET.OpSys == \"LINUX\""),
 * });
 * job.evaluate("Requirements", { target: slot });
 * ```
 */
import { toByteString } from "../model/bytes.js";
import { ClassAdExpression } from "../model/js-value.js";
import type { Expr } from "../model/nodes.js";
import { parseExpression, type ParseOptions } from "../parser/index.js";
import { unparse } from "../ast/print.js";
import { showUtf8Escapes } from "./unevaluated.js";

/**
 * An expression for `ClassAd.fromJS`: `source` is expression text (parsed now, so a syntax error
 * throws `ClassAdParseError` here, with its position) or an `Expr` already parsed.
 */
export function expr(source: string | Expr, options: ParseOptions = {}): ClassAdExpression {
  const tree = typeof source === "string" ? parseExpression(toByteString(source), options) : source;
  return new ClassAdExpression(tree, showUtf8Escapes(unparse(tree)));
}
