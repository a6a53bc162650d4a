/**
 * An {@link Explanation} as text for a terminal (`classad eval --explain`) and as plain JSON
 * (`--json`, and what the web page draws). Output is ordinary JS strings; the CLI encodes them.
 */
import type { ExplainNode, Explanation } from "./explain.js";
import { formatHint, type LintHint } from "./hints.js";

/** The tree, one sub-expression per line with its value and, for references, where it was found. */
export function renderExplanation(explanation: Explanation): string {
  const out: string[] = [];
  out.push(`${explanation.expression}  =>  ${explanation.valueText}${explanation.failed ? "  (the evaluation failed)" : ""}`, "");
  line(explanation.tree, "", "", out);
  const problem = explanation.problem;
  if (problem !== null) {
    const kind = problem.kind.toUpperCase();
    out.push(
      "",
      `* marks the path from the first ${kind} to the result: ${problem.text}${problem.note !== null ? ` (${problem.note})` : ""}` +
        (problem.reachesResult ? ` makes the result ${kind}.` : `; it does not reach the result (an operator absorbs it).`),
    );
  }
  if (explanation.truncated) out.push("", "(the tree is cut: the expression is too large to show in full; the value is exact)");
  if (explanation.hints.length > 0) {
    out.push("", "Hints:");
    for (const hint of explanation.hints) out.push(...indent(formatHint(hint)));
  }
  return out.join("\n") + "\n";
}

function indent(text: string): string[] {
  return text.split("\n").map((l) => `  ${l}`);
}

function line(node: ExplainNode, lead: string, childLead: string, out: string[]): void {
  const mark = node.onProblemPath ? "* " : "  ";
  const value = !node.evaluated ? "(not evaluated)" : node.kind === "literal" ? "" : (node.value ?? "(cut short)");
  const role = node.role === "definition" ? "= " : node.role === "scope" ? "scope " : "";
  const note = node.reference !== null ? `   [${node.reference.note}]` : "";
  const origin = node.problemOrigin ? `   <- first ${node.type === "error" ? "ERROR" : "UNDEFINED"}` : "";
  out.push(`${lead}${mark}${value === "" ? "" : `${value}   `}${role}${node.text}${note}${origin}${node.elided ? "   ..." : ""}`);
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    line(child, `${childLead}${last ? "`- " : "|- "}`, `${childLead}${last ? "   " : "|  "}`, out);
  });
}

/** The explanation as plain JSON data (the root value as text and kind; everything else as is). */
export function explanationJSON(explanation: Explanation): {
  expression: string;
  value: string;
  type: string;
  failed: boolean;
  problem: Explanation["problem"];
  truncated: boolean;
  tree: ExplainNode;
  hints: readonly LintHint[];
} {
  return {
    expression: explanation.expression,
    value: explanation.valueText,
    type: explanation.value.kind,
    failed: explanation.failed,
    problem: explanation.problem,
    truncated: explanation.truncated,
    tree: explanation.tree,
    hints: explanation.hints,
  };
}
