/**
 * The public API's string edge. Inside the library every ClassAd string is a byte string (UTF-8,
 * one JS char per byte, as HTCondor's library sees it: `size("é")` is 2); the people and
 * programs calling it use text. The rule, documented in docs/api.md ("Strings"):
 *
 * - a JS string given to a public call is text (a name that is already UTF-8 bytes, as the
 *   tree-level calls hand names out, is taken as such: {@link nameBytes});
 * - a value or string a public call hands back holds text ({@link valueForUser});
 * - the tree level (`Expr` nodes, and the ad storage calls that return names or trees) shows the
 *   byte strings themselves.
 *
 * The evaluator's own values stay byte strings; only the values crossing the edge are converted,
 * and only when they are strings that are not ASCII, so the cost is one type test per call.
 */
import { attrRef as treeAttrRef, call as treeCall, literal as treeLiteral } from "../ast/build.js";
import {
  unparse as unparseBytes,
  unparseAttrName as unparseAttrNameBytes,
  unparseValue as unparseValueBytes,
  type UnparseOptions,
} from "../ast/print.js";
import { byteStringOf, fromByteString, isAscii, toByteString } from "../model/bytes.js";
import type { EvaluationResult } from "../model/evaluation.js";
import type { AttrRefNode, CallNode, Expr, LiteralNode } from "../model/nodes.js";
import { TextStringValue, stringValue as byteStringValue, type StringValue, type Value } from "../model/value.js";

/**
 * A value as the public API hands it out: a string that is not ASCII becomes a
 * {@link TextStringValue} holding the decoded text (invalid UTF-8 bytes read as U+FFFD) and
 * the exact bytes. Other values are returned as they are.
 */
export function valueForUser(value: Value): Value {
  if (value.kind !== "string" || isAscii(value.v) || value instanceof TextStringValue) return value;
  return new TextStringValue(fromByteString(value.v), value.v);
}

/** {@link valueForUser} on a result's value. */
export function resultForUser(result: EvaluationResult): EvaluationResult {
  const value = valueForUser(result.value);
  return value === result.value ? result : { value, failed: result.failed };
}

/**
 * A value given by a user, as the evaluator holds it: a {@link TextStringValue} gives back its
 * bytes; any other string that is not ASCII is read as `parseAds` reads text (`byteStringOf`:
 * UTF-8 bytes are kept, which is what a value taken from a parse tree holds; anything else is
 * text and is encoded).
 */
export function valueFromUser(value: Value): Value {
  if (value.kind !== "string" || isAscii(value.v)) return value;
  if (value instanceof TextStringValue) return byteStringValue(TextStringValue.bytesOf(value));
  const bytes = byteStringOf(value.v);
  return bytes === value.v ? value : byteStringValue(bytes);
}

/**
 * An attribute or function name given to a public call: text, or the UTF-8 bytes a tree-level
 * call handed out (`ad.names()`), so names round-trip either way.
 */
export function nameBytes(name: string): string {
  return byteStringOf(name);
}

// ---- The public constructors and printers (exported by `classad` and `classad/core` under these
// names; the library's own code uses the byte-level ones of src/model and src/ast).

/**
 * A string value holding `text` (what `evaluate('"..."')` gives for the same text). Like a name,
 * a string that is already UTF-8 bytes (a value a registered function read from its arguments)
 * is taken as those bytes.
 */
export function stringValue(text: string): StringValue {
  return valueForUser(byteStringValue(byteStringOf(text))) as StringValue;
}

/** A literal node holding `value` (its strings read as {@link valueFromUser} reads them). */
export function literal(value: Value): LiteralNode {
  return treeLiteral(valueFromUser(value));
}

/** An attribute reference `name`, or `scope.name` when a scope is given. */
export function attrRef(name: string, scope: Expr | null = null): AttrRefNode {
  return treeAttrRef(nameBytes(name), scope);
}

/** A call of the function `name`. */
export function call(name: string, args: readonly Expr[]): CallNode {
  return treeCall(nameBytes(name), args);
}

/**
 * An expression as HTCondor's unparser prints it, as text. New syntax (the default) is ASCII
 * (strings print their bytes as octal escapes, `"\303\251"`); old syntax prints string bytes as
 * they are, decoded here.
 */
export function unparse(expr: Expr, options: UnparseOptions = {}): string {
  return fromByteString(unparseBytes(expr, options));
}

/** A value as HTCondor prints it, as text (see {@link unparse}). */
export function unparseValue(value: Value, options: UnparseOptions = {}): string {
  return fromByteString(unparseValueBytes(valueFromUser(value), options));
}

/** An attribute name as HTCondor prints it: quoted when it must be (`'a b'`, reserved words). */
export function unparseAttrName(name: string): string {
  return fromByteString(unparseAttrNameBytes(nameBytes(name)));
}
