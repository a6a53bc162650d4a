/**
 * Comparisons specialised for the memo: `slotAttr op value`, where `value` is fixed by the
 * lookups made before it, is recorded as the comparison's outcome rather than the slot's value,
 * so slots whose Memory differs but compares the same way share one branch of the memo.
 */
import type { Expr } from "../../model/nodes.js";
import { foldName } from "../../model/names.js";
import { UNDEFINED, type Value } from "../../model/value.js";
import { strictBinary } from "../../eval/operators.js";
import {
  CONTEXT_NAMES,
  SIDE_SLOT,
  compareKey,
  unshadowed,
  type Code,
  type CompareOp,
  type CompareSpec,
} from "./run.js";

/** How a reference names its ad: `MY.x`, `TARGET.x`, or unscoped `x` (MY, then TARGET). */
const REF_MY = 0;
const REF_TARGET = 1;
const REF_UNSCOPED = 2;

function refKindOf(expr: Expr): { kind: number; lower: string; scope: string } | null {
  if (expr.kind !== "attr" || expr.absolute) return null;
  const lower = foldName(expr.name);
  if (CONTEXT_NAMES.has(lower) || lower === "currenttime") return null;
  if (expr.scope === null) return { kind: REF_UNSCOPED, lower, scope: "" };
  const scope = expr.scope;
  if (scope.kind !== "attr" || scope.scope !== null || scope.absolute) return null;
  const scopeName = foldName(scope.name);
  if (scopeName === "my" || scopeName === "self") return { kind: REF_MY, lower, scope: scopeName };
  if (scopeName === "target" || scopeName === "other") return { kind: REF_TARGET, lower, scope: scopeName };
  return null;
}

/**
 * A comparison between a reference and another operand. When the reference reads the slot, the
 * other operand is evaluated first (its value is then fixed by the lookups made so far) and the
 * step recorded is the comparison's outcome rather than the slot's value: slots whose Memory
 * differs but compares the same way against the job's request share one branch of the memo.
 * Operands have no side effects, so evaluating the right one first changes no answer.
 */
export function compileComparison(op: CompareOp, leftExpr: Expr, rightExpr: Expr, left: Code, right: Code): Code | null {
  const leftRef = refKindOf(leftExpr);
  const rightRef = refKindOf(rightExpr);
  if (leftRef === null && rightRef === null) return null;
  const leftKind = leftRef === null ? -1 : leftRef.kind;
  const rightKind = rightRef === null ? -1 : rightRef.kind;
  const leftSpec = leftRef === null ? null : compareOnSlot(op, leftRef, true, left, right);
  const rightSpec = rightRef === null ? null : compareOnSlot(op, rightRef, false, right, left);
  return (run, cur, other, side) => {
    if (leftSpec !== null && readsSlot(leftKind, side)) return leftSpec(run, cur, other, side);
    if (rightSpec !== null && readsSlot(rightKind, side)) return rightSpec(run, cur, other, side);
    return strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
  };
}

/** Whether a reference of `kind`, evaluated with the `side` ad current, reads the slot first. */
function readsSlot(kind: number, side: number): boolean {
  return kind === REF_TARGET ? side !== SIDE_SLOT : side === SIDE_SLOT;
}

function compareOnSlot(
  op: CompareOp,
  ref: { kind: number; lower: string; scope: string },
  refOnLeft: boolean,
  refCode: Code,
  otherCode: Code,
): Code {
  const { kind, lower, scope } = ref;
  return (run, cur, other, side) => {
    const fixed = otherCode(run, cur, other, side);
    if (scope !== "") unshadowed(run, cur, side, scope);
    const slotIsCur = side === SIDE_SLOT;
    const slot = slotIsCur ? cur : other;
    const found = slot.lookupLower(lower);
    const spec: CompareSpec = { name: lower, op, refOnLeft, value: fixed };
    run.compare(spec, compareKey(spec, found, run.interner));
    let attrValue: Value;
    if (found === undefined) {
      // Unscoped and missing from the slot (the current ad): TARGET, i.e. the job, is asked.
      attrValue = kind === REF_UNSCOPED ? refCode(run, cur, other, side) : UNDEFINED;
    } else if (found.kind === "literal") {
      attrValue = found.value;
    } else {
      attrValue = slotIsCur ? run.deref(found, cur, other, side) : run.deref(found, other, cur, 1 - side);
    }
    return refOnLeft ? strictBinary(op, attrValue, fixed) : strictBinary(op, fixed, attrValue);
  };
}
