/**
 * Adapter between the writers and the unparser (`src/ast/print.ts`): the few texts the formats
 * need, all produced by the unparser's own functions (no second unparser here).
 */
import type { Expr } from "../model/nodes.js";
import { escapeString, formatRealExponent, formatRealShort, unparse, unparseAttrName, unparseValue } from "../ast/print.js";
import type { Value } from "../model/value.js";

/** An expression in new syntax, or old syntax (`=?=`, `%.16G` reals, only `"` escaped). */
export function exprText(expr: Expr, oldSyntax: boolean): string {
  return unparse(expr, { oldSyntax });
}

/** A value as the new-syntax unparser prints it. */
export function valueText(value: Value): string {
  return unparseValue(value);
}

/** An attribute name as new syntax prints it (quoted when not a plain identifier). */
export function attrNameText(name: string): string {
  return unparseAttrName(name);
}

/** A finite real as old syntax and JSON print it (`%.16G`, `.0` added). */
export function realShortText(v: number): string {
  return formatRealShort(v);
}

/** A finite non-zero real as `%1.15E` (XML `<r>`). */
export function realExponentText(v: number): string {
  return formatRealExponent(v);
}

/** A string's new-syntax escaped body, without the quotes (`"` escaped). */
export function escapedStringBody(s: string): string {
  return escapeString(s, '"');
}
