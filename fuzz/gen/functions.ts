/**
 * Signatures of every builtin the reference registers, for the typed generator: argument types
 * (one signature per arity HTCondor accepts) and the type of the result. `p` is a regular
 * expression string, `o` regular-expression options, `f` a time format, `sl` a string list,
 * `op` a comparison operator name, `v` a version string; the others are value types.
 *
 * Left out on purpose: `random` (its result is chance), and the six functions the reference
 * build does not carry (argsToList, listToArgs, envV1ToV2, mergeEnvironment, userHome, userMap;
 * they are tested against HTCondor's source by unit tests instead).
 */
export type Ty = "int" | "real" | "bool" | "string" | "list" | "ad" | "abstime" | "reltime" | "undef" | "error" | "any";
export type ArgTy = Ty | "p" | "o" | "f" | "sl" | "op" | "v" | "attr" | "num" | "time";

export interface Signature {
  readonly name: string;
  readonly args: readonly ArgTy[];
  readonly ret: Ty | "num";
}

function sigs(name: string, ret: Ty | "num", ...arities: ArgTy[][]): Signature[] {
  return arities.map((args) => ({ name, args, ret }));
}

export const SIGNATURES: readonly Signature[] = [
  ...["isUndefined", "isError", "isString", "isInteger", "isReal", "isList", "isClassAd", "isBoolean", "isAbsTime", "isRelTime"].flatMap(
    (name) => sigs(name, "bool", ["any"]),
  ),
  ...sigs("member", "bool", ["any", "list"]),
  ...sigs("identicalMember", "bool", ["any", "list"]),
  ...sigs("size", "int", ["list"], ["string"], ["ad"]),
  ...sigs("sum", "num", ["list"]),
  ...sigs("avg", "real", ["list"]),
  ...sigs("min", "num", ["list"]),
  ...sigs("max", "num", ["list"]),
  ...sigs("anyCompare", "bool", ["op", "list", "any"]),
  ...sigs("allCompare", "bool", ["op", "list", "any"]),
  ...sigs("time", "int", []),
  ...sigs("currentTime", "abstime", []),
  ...sigs("timeZoneOffset", "reltime", []),
  ...sigs("dayTime", "reltime", []),
  ...["getYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDayOfWeek"].flatMap((name) => sigs(name, "int", ["abstime"])),
  ...["getDays", "getHours", "getMinutes", "getSeconds"].flatMap((name) => sigs(name, "int", ["reltime"], ["abstime"])),
  ...sigs("splitTime", "ad", ["time"], ["int"], ["ad"]),
  ...sigs("formatTime", "string", ["time"], ["time", "f"], ["int", "f"], ["ad", "f"], ["ad"], []),
  ...sigs("interval", "string", ["int"], ["num"]),
  ...sigs("strcat", "string", [], ["string"], ["string", "string"], ["any", "string", "num"]),
  ...sigs("join", "string", ["list"], ["string", "list"], ["string", "string", "any"], ["string"]),
  ...sigs("toUpper", "string", ["string"]),
  ...sigs("toLower", "string", ["string"]),
  ...sigs("substr", "string", ["string", "int"], ["string", "int", "int"]),
  ...sigs("strcmp", "int", ["string", "string"], ["any", "any"]),
  ...sigs("stricmp", "int", ["string", "string"]),
  ...sigs("versioncmp", "int", ["v", "v"]),
  ...["versionLE", "versionLT", "versionGE", "versionGT", "versionEQ"].flatMap((name) => sigs(name, "bool", ["v", "v"])),
  ...sigs("version_in_range", "bool", ["v", "v", "v"]),
  ...sigs("regexp", "bool", ["p", "string"], ["p", "string", "o"]),
  ...sigs("regexpMember", "bool", ["p", "list"], ["p", "list", "o"]),
  ...sigs("regexps", "string", ["p", "string", "string"], ["p", "string", "string", "o"]),
  ...sigs("replace", "string", ["p", "string", "string"], ["p", "string", "string", "o"]),
  ...sigs("replaceAll", "string", ["p", "string", "string"], ["p", "string", "string", "o"]),
  ...sigs("stringList_regexpMember", "bool", ["p", "sl"], ["p", "sl", "string"], ["p", "sl", "string", "o"]),
  ...sigs("int", "int", ["any"], ["num"], ["string"]),
  ...sigs("real", "real", ["any"], ["num"], ["string"]),
  ...sigs("string", "string", ["any"]),
  ...sigs("bool", "bool", ["any"], ["string"], ["num"]),
  ...sigs("absTime", "abstime", ["string"], ["num"], ["num", "num"], ["ad"], []),
  ...sigs("relTime", "reltime", ["string"], ["num"]),
  ...sigs("floor", "int", ["num"], ["string"]),
  ...sigs("ceil", "int", ["num"]),
  ...sigs("ceiling", "int", ["num"]),
  ...sigs("round", "int", ["num"], ["string"]),
  ...sigs("pow", "num", ["num", "num"], ["int", "int"], ["real", "int"]),
  ...sigs("quantize", "num", ["num", "num"], ["num", "list"]),
  ...sigs("ifThenElse", "any", ["bool", "any", "any"], ["any", "any", "any"]),
  ...sigs("eval", "any", ["string"]),
  ...sigs("debug", "any", ["any"]),
  ...sigs("unparse", "string", ["attr"], ["any"]),
  ...sigs("unresolved", "any", ["attr"], ["attr", "p"]),
  ...sigs("stringListsIntersect", "bool", ["sl", "sl"], ["sl", "sl", "string"]),
  ...sigs("stringListSize", "int", ["sl"], ["sl", "string"]),
  ...sigs("stringListSum", "num", ["sl"], ["sl", "string"]),
  ...sigs("stringListAvg", "real", ["sl"], ["sl", "string"]),
  ...sigs("stringListMin", "num", ["sl"], ["sl", "string"]),
  ...sigs("stringListMax", "num", ["sl"], ["sl", "string"]),
  ...sigs("stringListMember", "bool", ["string", "sl"], ["string", "sl", "string"]),
  ...sigs("stringListIMember", "bool", ["string", "sl"], ["string", "sl", "string"]),
  ...sigs("stringListSubsetMatch", "bool", ["sl", "sl"], ["sl", "sl", "string"]),
  ...sigs("stringListISubsetMatch", "bool", ["sl", "sl"], ["sl", "sl", "string"]),
  ...sigs("splitUserName", "list", ["string"]),
  ...sigs("splitSlotName", "list", ["string"]),
  ...sigs("split", "list", ["string"], ["string", "string"]),
  ...sigs("evalInEachContext", "list", ["any", "list"]),
  ...sigs("countMatches", "int", ["any", "list"]),
];

/** Every function name the generator calls (each must appear in a campaign's coverage). */
export const FUNCTION_NAMES: readonly string[] = [...new Set(SIGNATURES.map((s) => s.name))];

/** Signatures by result type ("num" and "any" results count for int, real and every type). */
export function signaturesReturning(ty: Ty): Signature[] {
  return SIGNATURES.filter(
    (s) => s.ret === ty || s.ret === "any" || (s.ret === "num" && (ty === "int" || ty === "real")),
  );
}
