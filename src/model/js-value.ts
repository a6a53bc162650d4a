/**
 * Plain JS stand-ins for ClassAd values, as `toJSValue` and `ClassAd.toJS` give them and
 * `fromJSValue` and `ClassAd.fromJS` take them (the mapping is documented on `toJSValue`).
 */
import type { EvaluateOptions } from "./evaluation.js";
import type { Expr } from "./nodes.js";

/** The JS stand-in for ClassAd's ERROR value. */
export const CLASSAD_ERROR: { readonly classadError: true } = Object.freeze({ classadError: true as const });

/** An absolute time: seconds since the epoch and the UTC offset (seconds east) it is shown in. */
export class AbsTime {
  constructor(
    readonly secs: number,
    readonly offset: number = 0,
  ) {}
  toDate(): Date {
    return new Date(this.secs * 1000);
  }
}

/** A relative time in seconds. */
export class RelTime {
  constructor(readonly secs: number) {}
}

/**
 * An expression among plain JS values: what `expr("...")` makes for `ClassAd.fromJS` (the
 * attribute holds the expression, not a string), and what `ad.toJS({ expressions: "keep" })`
 * gives for an attribute that is not a literal. `JSON.stringify` writes it as HTCondor's JSON ads
 * write expressions, `"/Expr(<text>)/"`.
 */
export class ClassAdExpression {
  constructor(
    /** The parsed expression (tree level: its strings are byte strings). */
    readonly tree: Expr,
    /** The expression as HTCondor prints it (new syntax), escaped UTF-8 shown as text. */
    readonly text: string,
  ) {}
  toJSON(): string {
    return "/Expr(" + this.text + ")/";
  }
  toString(): string {
    return this.text;
  }
}

/** A JSON value (what `JSON.parse` gives): the form `JSON.stringify(ad)` writes an ad in. */
export type JSONData = null | boolean | number | string | JSONData[] | { [name: string]: JSONData };

export type JSValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | AbsTime
  | RelTime
  | typeof CLASSAD_ERROR
  | ClassAdExpression
  | JSValue[]
  | { [name: string]: JSValue };

/**
 * Options of `toJSValue` and `ClassAd.toJS`: the evaluation options the attributes are evaluated
 * with, and what becomes of the expressions.
 */
export interface ToJSOptions extends EvaluateOptions {
  /**
   * What an attribute of an ad (or an element of a list) becomes:
   * - `"evaluate"` (default): its value, evaluated (`Requirements` becomes `true`, `false` or `null`);
   * - `"text"`: its expression as HTCondor prints it (new syntax), as a string, for every attribute,
   *   with the UTF-8 that printing escapes shown as text (`Owner == "José"`, not `"Jos\303\251"`);
   * - `"keep"`: a literal as its JS value (lists as arrays, nested ads as objects), anything else
   *   as a {@link ClassAdExpression}, so that `ClassAd.fromJS` rebuilds the same ad. Reals with an
   *   integral value and strings that are not valid UTF-8 are kept as expressions too (`2.0`
   *   would come back as the integer 2).
   */
  readonly expressions?: "evaluate" | "text" | "keep" | undefined;
}
