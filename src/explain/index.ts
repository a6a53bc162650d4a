/**
 * Explaining evaluations and linting expressions: `explain()` shows every sub-expression's value
 * and where each reference was found; `lintExpression()`/`lintAd()` point at precedence and
 * comparison traps. Browser-safe (exported from `classad/core`).
 */
export { explain, type Explanation, type ExplainNode, type ExplainReference, type ExplainProblem, type ExplainOptions, type ReferenceSource } from "./explain.js";
export { renderExplanation, explanationJSON } from "./render.js";
export { lintExpression, lintAd, type LintOptions } from "./lint.js";
export { formatHint, type LintHint, type LintCode } from "./hints.js";
export { groupedText } from "./grouped.js";
