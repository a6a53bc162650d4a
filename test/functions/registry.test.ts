import { describe, expect, it } from "vitest";
import { ERROR, stringValue } from "../../src/model/value.js";
import { FunctionRegistry, builtinFunctions } from "../../src/functions/registry.js";
import { S, run, show, testContext } from "./harness.js";

// The 73 names of fnCall.cpp and the 21 of compat_classad.cpp.
const LIBRARY = [
  "isUndefined", "isError", "isString", "isInteger", "isReal", "isList", "isClassAd", "isBoolean",
  "isAbstime", "isReltime", "member", "identicalMember", "size", "sum", "avg", "min", "max",
  "anyCompare", "allCompare", "time", "currentTime", "timeZoneOffset", "dayTime", "getYear",
  "getMonth", "getDayOfYear", "getDayOfMonth", "getDayOfWeek", "getDays", "getHours", "getMinutes",
  "getSeconds", "splitTime", "formatTime", "strcat", "join", "toUpper", "toLower", "substr",
  "strcmp", "stricmp", "versioncmp", "versionLE", "versionLT", "versionGE", "versionGT",
  "versionEQ", "version_in_range", "regexp", "regexpMember", "regexps", "replace", "replaceall",
  "int", "real", "string", "bool", "absTime", "relTime", "unparse", "unresolved", "floor", "ceil",
  "ceiling", "round", "pow", "quantize", "random", "ifThenElse", "interval", "eval",
  "stringListsIntersect", "debug",
];
const COMPAT = [
  "envV1ToV2", "mergeEnvironment", "listToArgs", "argsToList", "stringListSize", "stringListSum",
  "stringListAvg", "stringListMin", "stringListMax", "stringListMember", "stringListIMember",
  "stringListSubsetMatch", "stringListISubsetMatch", "stringList_regexpMember", "userHome",
  "userMap", "splitUserName", "splitSlotName", "split", "evalInEachContext", "countMatches",
];

describe("function registry", () => {
  it("registers exactly the 94 functions HTCondor's tools have", () => {
    expect(LIBRARY).toHaveLength(73);
    expect(COMPAT).toHaveLength(21);
    const expected = [...LIBRARY, ...COMPAT].map((name) => name.toLowerCase()).sort();
    expect(builtinFunctions.names().sort()).toEqual(expected);
  });

  it("looks names up case-insensitively", () => {
    expect(builtinFunctions.get("STRCAT")).toBe(builtinFunctions.get("strcat"));
    expect(show(run("StrCat", [S("a"), S("b")]))).toBe('"ab"');
    expect(show(run("TOUPPER", [S("a")]))).toBe('"A"');
  });

  it("lets users add functions on a copy without touching the builtins", () => {
    const mine = builtinFunctions.extend().register("Greet", (args, cx) => {
      const who = args[0] ? cx.evaluate(args[0], cx.scope) : ERROR;
      return who.kind === "string" ? stringValue(`hello ${who.v}`) : ERROR;
    });
    expect(mine.has("greet")).toBe(true);
    expect(builtinFunctions.has("greet")).toBe(false);
    const greet = mine.get("GREET");
    expect(greet && show(greet([S("you")], testContext()))).toBe('"hello you"');
    expect(new FunctionRegistry().names()).toEqual([]);
  });
});
