/**
 * What `lintExpression` / `lintAd` report: one hint per suspicious spot, naming the attribute and
 * the clause it sits in and printing the sub-expression the way HTCondor groups it.
 */

/** The kinds of hint. */
export type LintCode =
  /** Spacing suggests one grouping, the grammar makes another (`a&&b is c` is `a && (b is c)`). */
  | "spacing"
  /** `is`/`isnt` (`=?=`/`=!=`) against undefined with an operator expression on its left: it tests the whole expression. */
  | "is-operand"
  /** The same inside the condition of `? :` (htcondor-ce#439: `x - y > z is undefined ? a : b`). */
  | "ternary-condition"
  /** `?:` (elvis) binds tighter than every operator: `A ?: B * 2` is `(A ?: B) * 2`. */
  | "elvis-operand"
  /** `==`, `!=`, `<` ... against the literal `undefined` or `error`: the result is always UNDEFINED or ERROR. */
  | "compare-undefined"
  /** A comparison on a reference that may be missing (the other ad may not define it): the comparison is then UNDEFINED, and so is its negation. */
  | "undefined-prone"
  /** `is`/`isnt` (`=?=`/`=!=`) compares types as well: `4096 is 4096.0` is false. */
  | "identity-type"
  /** `==`/`!=` ignore case for strings; here case looks significant (a path, a URL, an image). */
  | "case-insensitive"
  /** The expression (or a clause of it) can only be UNDEFINED or ERROR, whatever the ads hold. */
  | "always-undefined";

export interface LintHint {
  readonly code: LintCode;
  /** `warning`: almost certainly not what was meant; `info`: worth a look. */
  readonly severity: "warning" | "info";
  /** The attribute the expression belongs to (`Requirements`), or null for a bare expression. */
  readonly attribute: string | null;
  /** 1-based position of the clause among the top-level `&&` clauses, null when the expression is one clause. */
  readonly clauseIndex: number | null;
  /** The clause holding the spot, as HTCondor prints it. */
  readonly clause: string;
  /** The sub-expression the hint is about, as HTCondor prints it. */
  readonly expression: string;
  /** The same with every grouping in parentheses, as HTCondor's parser reads it. */
  readonly grouped: string;
  readonly message: string;
  /** Character offsets of the sub-expression in the source text, when it was parsed from text (else -1). */
  readonly start: number;
  readonly end: number;
}

/**
 * A hint as `classad lint` prints it: `warning CODE (Requirements [2]): message`, then the clause
 * (when the hint is about a part of it), the expression as written, and its grouping.
 */
export function formatHint(hint: LintHint): string {
  const where = [hint.attribute, hint.clauseIndex !== null ? `[${hint.clauseIndex}]` : null].filter((p) => p !== null).join(" ");
  const lines = [`${hint.severity} ${hint.code}${where !== "" ? ` (${where})` : ""}: ${hint.message}`];
  if (hint.clauseIndex !== null && hint.clause !== hint.expression) lines.push(`    in clause:  ${hint.clause}`);
  lines.push(`    as written: ${hint.expression}`, `    grouped:    ${hint.grouped}`);
  return lines.join("\n");
}
