/**
 * "Would my job match?": clause-by-clause analysis of a job against slots, with a verdict.
 * See docs/guide.md for recipes and docs/api.md for the reference.
 */
export { analyze, countMatchingSlots, slotLabel, type AnalyzeOptions } from "./analyze.js";
export { renderAnalysis, type RenderOptions } from "./render.js";
export { applyChanges, parseAssignment, WhatIfError, type JobChange } from "./what-if.js";
export { splitAnd, slotClauses, collectReferences, type References, type SlotClause } from "./clauses.js";
export type * from "./types.js";
