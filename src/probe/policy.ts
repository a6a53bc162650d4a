/**
 * A startd's default policy for a static slot: START = True (param_info.in), Requirements =
 * START && (WithinResourceLimits), and the resource check in its HTCondor 23/24 form.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef, binary, literal } from "../ast/build.js";
import { NO_POSITION } from "../model/nodes.js";
import { TRUE, UNDEFINED, intValue } from "../model/value.js";
import { parseExpression } from "../parser/index.js";
import type { ProbeRecorder } from "./record.js";

export const DEFAULT_START = "true";
export const DEFAULT_REQUIREMENTS = "START && (WithinResourceLimits)";
export const DEFAULT_WITHIN_RESOURCE_LIMITS =
  "(MY.Cpus > 0 && TARGET.RequestCpus <= MY.Cpus && MY.Memory > 0 && TARGET.RequestMemory <= MY.Memory && " +
  "MY.Disk > 0 && TARGET.RequestDisk <= MY.Disk && (TARGET.RequestGPUs =?= undefined || MY.GPUs >= TARGET.RequestGPUs))";

function paren(inner: Expr): Expr {
  return { kind: "paren", inner, start: NO_POSITION, end: NO_POSITION };
}

const my = (name: string): Expr => attrRef(name, attrRef("MY"));
const target = (name: string): Expr => attrRef(name, attrRef("TARGET"));

/** The same trees as the texts above, for when the parser is not available. */
function builtPolicy(): { start: Expr; requirements: Expr; within: Expr } {
  const zero = literal(intValue(0));
  const and = (...parts: Expr[]): Expr => parts.reduce((acc, part) => binary("&&", acc, part));
  const within = paren(
    and(
      binary(">", my("Cpus"), zero),
      binary("<=", target("RequestCpus"), my("Cpus")),
      binary(">", my("Memory"), zero),
      binary("<=", target("RequestMemory"), my("Memory")),
      binary(">", my("Disk"), zero),
      binary("<=", target("RequestDisk"), my("Disk")),
      paren(binary("||", binary("is", target("RequestGPUs"), literal(UNDEFINED)), binary(">=", my("GPUs"), target("RequestGPUs")))),
    ),
  );
  return {
    start: literal(TRUE),
    requirements: binary("&&", attrRef("START"), paren(attrRef("WithinResourceLimits"))),
    within,
  };
}

function policyTrees(): { start: Expr; requirements: Expr; within: Expr; how: string } {
  try {
    return {
      start: parseExpression(DEFAULT_START),
      requirements: parseExpression(DEFAULT_REQUIREMENTS),
      within: parseExpression(DEFAULT_WITHIN_RESOURCE_LIMITS),
      how: "parsed",
    };
  } catch {
    return { ...builtPolicy(), how: "built (parser unavailable)" };
  }
}

export function publishPolicy(rec: ProbeRecorder, hasFileTransfer: boolean): void {
  const trees = policyTrees();
  rec.publish(
    "policy",
    [
      ["START", trees.start],
      ["Requirements", trees.requirements],
      ["WithinResourceLimits", trees.within],
      ["HasFileTransfer", hasFileTransfer],
    ],
    "a startd's defaults: START = True, Requirements = START && (WithinResourceLimits); the starter always supports file transfer",
    "HTCondor param_info.in defaults",
  );
}
