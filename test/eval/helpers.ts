/** Shared helpers of the evaluator tests: evaluate text and print the value as HTCondor does. */
import { toByteString } from "../../src/model/bytes.js";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluate } from "../../src/classad/evaluate.js";
import type { EvaluateOptions } from "../../src/model/evaluation.js";
import { parseExpression, parseRecord } from "../../src/parser/index.js";

/** Evaluate expression text (JS string) and unparse the value. */
export function ev(text: string, options: EvaluateOptions = {}): string {
  return unparseValue(evaluate(parseExpression(toByteString(text)), { now: 1_700_000_000, timeZone: "UTC", ...options }));
}

/** An ad from new-syntax text `[ a = 1; ... ]`. */
export function ad(text: string): ClassAd {
  return ClassAd.fromRecord(parseRecord(toByteString(text)));
}
