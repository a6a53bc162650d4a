/**
 * What-if: a copy of the job with some attributes replaced, so the analysis shows the effect of a
 * change before the job is resubmitted (`classad analyze --set RequestMemory=2048`).
 */
import type { Expr } from "../model/nodes.js";
import { fromByteString, toByteString } from "../model/bytes.js";
import { ClassAd } from "../classad/classad.js";
import { parseExpression } from "../parser/index.js";
import { unparse } from "../ast/print.js";
import type { JobAttributeChange } from "./types.js";

/** An attribute to change: its new value as expression text (`"2048"`, `"\"osdf\""`) or a parsed tree. */
export interface JobChange {
  readonly name: string;
  readonly value: string | Expr;
}

/** A typed error for a malformed `--set` argument. */
export class WhatIfError extends Error {
  readonly code = "WHAT_IF_SYNTAX";
  constructor(message: string) {
    super(message);
    this.name = "WhatIfError";
  }
}

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse `Name=EXPR` (as given to `--set`) into a change; the expression is parsed later. */
export function parseAssignment(text: string): JobChange {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new WhatIfError(`expected NAME=EXPR, got '${text}'`);
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  if (!ATTRIBUTE_NAME.test(name)) throw new WhatIfError(`'${name}' is not an attribute name`);
  if (value === "") throw new WhatIfError(`no expression after '${name}='`);
  return { name, value };
}

/**
 * A copy of `job` with the changes applied (the job itself is not modified), and the changes as
 * reported: new and previous values as text. Throws the parser's typed error on a bad expression.
 */
export function applyChanges(job: ClassAd, changes: readonly JobChange[]): { job: ClassAd; applied: JobAttributeChange[] } {
  if (changes.length === 0) return { job, applied: [] };
  const copy = new ClassAd(job.entries());
  copy.parent = job.parent;
  copy.chainedParent = job.chainedParent;
  const applied: JobAttributeChange[] = [];
  for (const change of changes) {
    const name = toByteString(change.name);
    const expr = typeof change.value === "string" ? parseExpression(toByteString(change.value)) : change.value;
    const previous = job.lookup(name);
    copy.set(name, expr);
    applied.push({
      name: fromByteString(name),
      value: fromByteString(unparse(expr)),
      previous: previous === undefined ? null : fromByteString(unparse(previous)),
    });
  }
  return { job: copy, applied };
}
