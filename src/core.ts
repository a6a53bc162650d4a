/**
 * The browser-safe part of `classad`, free of Node modules so that it runs in a browser or a
 * worker as well: parsing, printing, evaluation, builtin functions, condor_submit's requirements,
 * matchmaking, match analysis, reading ads from text and writing them in every format HTCondor
 * prints, and the host probe's parsers. `import ... from "classad/core"`; the main entry
 * (`"classad"`) re-exports all of this and adds what needs Node: reading files and streams, and
 * probing this host. Checked by test/architecture (the sources core.ts reaches, and the build).
 *
 * Strings: the public functions here take and return text (ordinary JS strings), values included
 * (`evaluate('"José"').v` is `"José"`); inside, ClassAd text is a byte string (UTF-8 bytes, one per
 * character), as HTCondor's library sees it, and parse trees show it. The edge is
 * src/classad/text.ts; the rule is in docs/api.md ("Strings").
 */
import type { Expr, RecordNode } from "./model/nodes.js";
import { toByteString } from "./model/bytes.js";
import { parseExpression as parseBytes, parseRecord as parseRecordBytes, type ParseOptions } from "./parser/index.js";

// ---- Syntax: trees, parsing and printing ------------------------------------------------
export type * from "./model/nodes.js";
export { NO_POSITION } from "./model/nodes.js";
export { binary, list } from "./ast/build.js";
export { literal, attrRef, call, unparse, unparseValue, unparseAttrName, stringValue } from "./classad/text.js";
export { toByteString, fromByteString } from "./model/bytes.js";
export type { UnparseOptions } from "./ast/print.js";
export { ClassAdParseError, ClassAdLimitError, ErrorCode, type ErrorCodeValue } from "./model/errors.js";
export { DEFAULT_MAX_PARSE_DEPTH, DEFAULT_MAX_TOKENS } from "./parser/index.js";
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
  listValue,
  classAdValue,
  absTimeValue,
  relTimeValue,
  intAsBigInt,
  intAsNumber,
  ownedValue,
  asLiteralValue,
} from "./model/value.js";
export type { SourceSyntax, AdOrigin } from "./model/classad.js";
export type {
  Environment,
  EvaluateOptions,
  EvaluationResult,
  EvaluationScope,
  MatchFrame,
  FunctionTable,
} from "./model/evaluation.js";
export { EvalOptionError } from "./model/errors.js";
export {
  CLASSAD_ERROR,
  AbsTime,
  RelTime,
  ClassAdExpression,
  type JSValue,
  type JSONData,
  type ToJSOptions,
} from "./model/js-value.js";
export { TextStringValue } from "./model/value.js";
export * from "./classad/index.js";

// ---- Functions --------------------------------------------------------------------------
export { FunctionRegistry, builtinFunctions } from "./functions/registry.js";
export type { BuiltinFunction, EvalContext } from "./model/evaluation.js";
export {
  setRegexEngine,
  setRegexLimits,
  re2Engine,
  DEFAULT_REGEX_LIMITS,
  type RegexEngine,
  type RegexLimits,
  type RegexOptions,
  type CompiledRegex,
  type RegexMatch,
} from "./functions/regexp.js";
export { userMapFunction, type UserMapResolver } from "./functions/compat.js";

// ---- Ad formats: reading ads from text, writing them ------------------------------------
export * from "./formats/index.js";

// ---- Host probe: parsers of what a host shows, the job wrapper's decision -----------------
export * from "./probe/index.js";

// ---- Submitting, matchmaking and analysis ------------------------------------------------
export * from "./submit/index.js";
export * from "./match/index.js";
export * from "./analyze/index.js";

// ---- Explanations and lint hints ---------------------------------------------------------
export * from "./explain/index.js";
export { dumpTime } from "./analyze/dump-time.js";
