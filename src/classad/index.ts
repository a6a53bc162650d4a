export { ClassAd, type ClassAdConstructor } from "./classad.js";
export type { AttrSource, StoredAttr } from "./attr-source.js";
export { MatchContext } from "./match-context.js";
export { expr } from "./expression.js";
export { Evaluator } from "./evaluator.js";
export {
  evaluate,
  evaluateWithStatus,
  evaluateInMatch,
  evaluateAttribute,
  externalReferences,
  internalReferences,
  toJSValue,
  fromJSValue,
} from "./evaluate.js";
export {
  DEFAULT_MAX_EVAL_DEPTH,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_CALL_NESTING,
  DEFAULT_MAX_BUILT_BYTES,
  createEnvironment,
  defaultEnvironment,
  type EnvironmentOptions,
} from "./environment.js";
