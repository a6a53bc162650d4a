/**
 * How probe steps publish: each attribute goes into the ad, and each decision is written down as
 * a {@link ProbeCheck} naming the attributes it set, their values, why, and what was consulted.
 */
import type { Expr } from "../model/nodes.js";
import { literal } from "../ast/build.js";
import { ClassAd } from "../classad/classad.js";
import { boolValue, intValue, realValue, stringValue, type Value } from "../model/value.js";
import { unparse } from "../ast/print.js";

/** One probe decision, for `--explain` and for tests. */
export interface ProbeCheck {
  /** Short name of the check, e.g. "cpus", "startd-singularity". */
  readonly check: string;
  /** Attributes this check set (spelled as advertised). Empty when it only informs. */
  readonly attributes: readonly string[];
  /** The attributes' values as ClassAd text, `name = value` joined by "; ". */
  readonly value: string;
  /** Why the value is what it is; for a false or missing capability, what failed. */
  readonly reason: string;
  /** Files read and commands run to decide. */
  readonly source: string;
}

/** A value or expression to publish; plain JS values map to the obvious ClassAd types. */
export type AttrValue = Value | Expr | string | boolean | number;

function isExpr(v: Value | Expr): v is Expr {
  return "start" in v;
}

/** The expression to store for a published value (integral numbers become ints). */
export function toExpr(value: AttrValue): Expr {
  if (typeof value === "string") return literal(stringValue(value));
  if (typeof value === "boolean") return literal(boolValue(value));
  if (typeof value === "number") return literal(Number.isInteger(value) ? intValue(value) : realValue(value));
  return isExpr(value) ? value : literal(value);
}

export class ProbeRecorder {
  readonly ad = new ClassAd();
  readonly checks: ProbeCheck[] = [];

  set(name: string, value: AttrValue): void {
    this.ad.set(name, toExpr(value));
  }

  /** Records a check over attributes already set; their current values are captured. */
  note(check: string, attributes: readonly string[], reason: string, source: string): void {
    const value = attributes
      .map((name) => {
        const expr = this.ad.lookup(name);
        return `${name} = ${expr ? unparse(expr, { syntax: "old" }) : "(not advertised)"}`;
      })
      .join("; ");
    this.checks.push({ check, attributes, value, reason, source });
  }

  /** Sets attributes and records the check in one step. */
  publish(check: string, attrs: ReadonlyArray<readonly [string, AttrValue]>, reason: string, source: string): void {
    for (const [name, value] of attrs) this.set(name, value);
    this.note(
      check,
      attrs.map(([name]) => name),
      reason,
      source,
    );
  }
}
