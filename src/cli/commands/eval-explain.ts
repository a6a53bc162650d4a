/**
 * What `classad eval --explain` and `--lint` print for one expression: the explanation tree (or
 * its JSON, one document per line), and lint hints (to stderr, so the value lines stay exactly
 * classad_eval's). Texts are returned as byte strings, ready for the CLI's output.
 */
import { fromByteString, toByteString } from "../../model/bytes.js";
import type { EvaluateOptions } from "../../model/evaluation.js";
import type { Expr } from "../../model/nodes.js";
import { explain } from "../../explain/explain.js";
import { explanationJSON, renderExplanation } from "../../explain/render.js";
import { lintExpression } from "../../explain/lint.js";
import { formatHint } from "../../explain/hints.js";

/** The explanation of `expr` (parsed from the byte string `text`), without a final newline. */
export function explanationOutput(expr: Expr, text: string, options: EvaluateOptions, json: boolean): string {
  const explanation = explain(expr, { ...options, source: fromByteString(text) });
  if (json) return asciiJSON(explanationJSON(explanation));
  return toByteString(renderExplanation(explanation).trimEnd());
}

/** Lint hints for one expression, one block per hint, or "" when there is none. */
export function lintOutput(expr: Expr, text: string, options: EvaluateOptions): string {
  const hints = lintExpression(expr, {
    source: fromByteString(text),
    ...(options.my !== undefined ? { my: options.my } : {}),
    ...(options.target !== undefined ? { targets: [options.target] } : {}),
  });
  return toByteString(hints.map((h) => formatHint(h) + "\n").join(""));
}

/** One line of JSON, kept ASCII (non-ASCII characters escaped) as the other --json outputs are. */
function asciiJSON(data: unknown): string {
  return JSON.stringify(data).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
