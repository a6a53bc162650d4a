/**
 * The language core of `classad`, free of Node modules so that it runs in a browser as well:
 * parsing, printing, evaluation, builtin functions, matchmaking and match analysis.
 * `import ... from "classad/core"`; the main entry (`"classad"`) re-exports all of this and adds
 * the file readers and writers and the host probe.
 *
 * Strings: the public functions here take and return ordinary JS strings; inside, ClassAd text is
 * a byte string (UTF-8 bytes, one per character), as HTCondor's library sees it. Values read out
 * of ads with `toJSValue`/`ClassAd.toJS()` come back as ordinary strings.
 */
import type { Expr, RecordNode } from "./model/nodes.js";
import { toByteString } from "./model/bytes.js";
import { parseExpression as parseBytes, parseRecord as parseRecordBytes, type ParseOptions } from "./parser/index.js";

// ---- Syntax: trees, parsing and printing ------------------------------------------------
export type * from "./model/nodes.js";
export { NO_POSITION } from "./model/nodes.js";
export { literal, attrRef, binary, call, list } from "./ast/build.js";
export { toByteString, fromByteString } from "./model/bytes.js";
export { unparse, unparseValue, unparseAttrName, type UnparseOptions } from "./ast/print.js";
export { ClassAdParseError, ClassAdLimitError, ErrorCode, type ErrorCodeValue } from "./model/errors.js";
export { DEFAULT_MAX_PARSE_DEPTH } from "./parser/index.js";
export type { ParseOptions } from "./parser/index.js";

/**
 * Parse one ClassAd expression.
 * @param text the expression, as an ordinary JS string (non-ASCII text is taken as UTF-8).
 * @throws ClassAdParseError on a syntax error, ClassAdLimitError when a limit is exceeded.
 */
export function parseExpression(text: string, options: ParseOptions = {}): Expr {
  return parseBytes(toByteString(text), options);
}

/** Parse one new-syntax record `[ name = expr; ... ]`. Throws as {@link parseExpression}. */
export function parseRecord(text: string, options: ParseOptions = {}): RecordNode {
  return parseRecordBytes(toByteString(text), options);
}

// ---- Values, ads and evaluation ---------------------------------------------------------
export type * from "./model/value.js";
export {
  UNDEFINED,
  ERROR,
  TRUE,
  FALSE,
  boolValue,
  intValue,
  realValue,
  stringValue,
  listValue,
  classAdValue,
  absTimeValue,
  relTimeValue,
  intAsBigInt,
  intAsNumber,
} from "./model/value.js";
export type { SourceSyntax, AdOrigin } from "./model/classad.js";
export type { EvaluateOptions, EvaluationResult, EvaluationScope, MatchFrame, FunctionTable } from "./model/evaluation.js";
export { EvalOptionError } from "./model/errors.js";
export { CLASSAD_ERROR, AbsTime, RelTime, type JSValue, type ToJSOptions } from "./model/js-value.js";
export * from "./classad/index.js";

// ---- Functions --------------------------------------------------------------------------
export { FunctionRegistry, builtinFunctions } from "./functions/registry.js";
export type { BuiltinFunction, EvalContext } from "./model/evaluation.js";
export { setRegexEngine, setRegexLimits, re2Engine, type RegexEngine, type RegexLimits } from "./functions/regexp.js";
export { userMapFunction, type UserMapResolver } from "./functions/compat.js";

// ---- Matchmaking and analysis -----------------------------------------------------------
export * from "./match/index.js";
export * from "./analyze/index.js";

// ---- Explanations, lint hints, and ad text read in the browser --------------------------
export * from "./explain/index.js";
export { dumpTime } from "./analyze/dump-time.js";
export { parseAds, type LoadedAds, type ReadSummary } from "./formats/parse.js";
export type { AdFormat, ReaderOptions } from "./formats/reader-types.js";
export { formatFault, type AdFault, type AdFaultCode, type AdFaultSeverity } from "./formats/faults.js";
