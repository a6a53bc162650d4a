/**
 * The matchmaker's compiled path: expressions compiled to closures (`compiler.ts`), evaluated
 * for one pair at a time with a trace of their lookups (`run.ts`), keyed by the bounded
 * interner a `Pool` owns (`keys.ts`).
 */
export { ABSENT_KEY, DEFAULT_KEY_CAPACITY, KeyInterner, outcomeKey } from "./keys.js";
export {
  BAIL,
  CONTEXT_NAMES,
  Run,
  SIDE_CLOCK,
  SIDE_COMPARE,
  SIDE_JOB,
  SIDE_SLOT,
  applyCompare,
  compareKey,
  definesContextName,
  type Code,
  type CodeSource,
  type CompareOp,
  type CompareSpec,
  type Compiled,
  type RunSettings,
} from "./run.js";
export { ExprCompiler, compileExpr } from "./compiler.js";
export { DEPTH_LIMIT, STEP_LIMIT } from "./sizes.js";
