import type { ClassAd } from "../../src/classad/classad.js";
import type { Expr } from "../../src/model/nodes.js";
import type { ProbeCheck } from "../../src/probe/index.js";
import type { ProbeResult } from "../../src/probe/node.js";
import { unparse } from "../../src/ast/print.js";

/** An expression as `condor_status -long` prints it, as the probe's checks show values. */
export function longText(expr: Expr): string {
  return unparse(expr, { syntax: "old" });
}

/** The ad's attributes as ClassAd text, keyed by exact spelling. */
export function adTexts(ad: ClassAd): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, expr] of ad.entries()) out.set(name, longText(expr));
  return out;
}

/** Text of one attribute, or undefined when it is not advertised. */
export function attrText(result: ProbeResult, name: string): string | undefined {
  const expr = result.ad.lookup(name);
  return expr ? longText(expr) : undefined;
}

/** The one check with this name (throws when absent, so a test fails with a clear message). */
export function checkNamed(result: ProbeResult, name: string): ProbeCheck {
  const found = result.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no check named ${name}; have ${result.checks.map((c) => c.check).join(", ")}`);
  return found;
}

/** Picks attributes from the ad as `{ name: text }`, for whole-group equality assertions. */
export function pick(result: ProbeResult, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) out[name] = attrText(result, name);
  return out;
}
