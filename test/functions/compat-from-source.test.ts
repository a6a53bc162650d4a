/**
 * The six compatibility functions no conformance vector covers (HTCondor's reference build does
 * not carry them): argsToList, listToArgs, envV1ToV2, mergeEnvironment, userHome, userMap. Each
 * branch of HTCondor's source is a case here, named after the code it checks:
 * `src/condor_utils/compat_classad.cpp` (ArgsToList, ListToArgs, EnvironmentV1ToV2,
 * MergeEnvironment, userHome_func, userMap_func), `condor_arglist.cpp` (split_args, append_arg,
 * AppendArgsV1Raw_unix, GetArgsStringV1Raw) and `env.cpp` (MergeFromV1AutoDelim,
 * ReadFromDelimitedString, MergeFromV2Raw, SetEnvWithErrorMessage, getDelimitedStringV2Raw).
 */
import { describe, expect, it } from "vitest";
import { unparseValue } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import { evaluateWithStatus } from "../../src/classad/evaluate.js";
import { FunctionRegistry, builtinFunctions } from "../../src/functions/registry.js";
import { userMapFunction } from "../../src/functions/compat.js";
import { parseExpression } from "../../src/parser/index.js";
import { toByteString } from "../../src/model/bytes.js";

/** The printed value of `text` (and whether the evaluation failed), evaluated in `ad`. */
function run(text: string, ad = new ClassAd(), functions: FunctionRegistry = builtinFunctions): string {
  const result = evaluateWithStatus(parseExpression(toByteString(text)), { my: ad, now: 0, timeZone: "UTC", functions });
  return result.failed ? `failed ${unparseValue(result.value)}` : unparseValue(result.value);
}

describe("argsToList(args [, version]) — ArgsToList", () => {
  it("takes one or two arguments, else ERROR", () => {
    expect(run("argsToList()")).toBe("error");
    expect(run('argsToList("a", 2, 3)')).toBe("error");
  });
  it("reads the version (IsIntegerValue into an int) before the arguments: 1 or 2, anything else ERROR", () => {
    expect(run('argsToList("a", 1)')).toBe('{ "a" }');
    expect(run('argsToList("a", 2)')).toBe('{ "a" }');
    expect(run('argsToList("a", 3)')).toBe("error");
    expect(run('argsToList("a", 2.0)')).toBe("error");
    expect(run('argsToList("a", true)')).toBe("error");
    expect(run('argsToList("a", undefined)')).toBe("error");
    // The low 32 bits of a 64-bit integer: 4294967298 is 2.
    expect(run('argsToList("a b", 4294967298)')).toBe('{ "a","b" }');
  });
  it("needs a string, else ERROR (UNDEFINED too)", () => {
    expect(run("argsToList(1)")).toBe("error");
    expect(run("argsToList(undefined)")).toBe("error");
  });
  it("V1 (AppendArgsV1Raw_unix): white space (space, tab, newline, CR) separates; quotes are plain", () => {
    expect(run('argsToList("  a \\t b\\nc\\rd  ", 1)')).toBe('{ "a","b","c","d" }');
    expect(run('argsToList("\'a b\'", 1)')).toBe('{ "\'a","b\'" }');
    expect(run('argsToList("", 1)')).toBe("{  }");
  });
  it("V2 (split_args): single quotes group, a doubled quote is a quote, '' is an empty argument", () => {
    expect(run('argsToList("a \'b c\' \'it\'\'s\' \'\'")')).toBe('{ "a","b c","it\'s","" }');
    expect(run('argsToList("x\'y z\'w")')).toBe('{ "xy zw" }');
    expect(run('argsToList("a\\t\\tb")')).toBe('{ "a","b" }');
    expect(run('argsToList("\\"q\\"")')).toBe('{ "\\"q\\"" }');
  });
  it("V2: an unbalanced quote is ERROR", () => {
    expect(run('argsToList("a \'b")')).toBe("error");
    expect(run('argsToList("\'\'\'")')).toBe("error");
  });
  it("builds its list itself (a shared list in HTCondor): it is not identical to a literal list", () => {
    expect(run('argsToList("a") is { "a" }')).toBe("false");
    expect(run('argsToList("a") is argsToList("a")')).toBe("error");
  });
});

describe("listToArgs(list [, version]) — ListToArgs", () => {
  it("takes one or two arguments; the version as for argsToList", () => {
    expect(run("listToArgs()")).toBe("error");
    expect(run('listToArgs({"a"}, 3)')).toBe("error");
    expect(run('listToArgs({"a"}, "1")')).toBe("error");
  });
  it("needs a list of strings (IsSListValue, then each entry a string), else ERROR", () => {
    expect(run('listToArgs("a b")')).toBe("error");
    expect(run("listToArgs(undefined)")).toBe("error");
    expect(run('listToArgs({"a", 1})')).toBe("error");
    expect(run('listToArgs({"a", undefined})')).toBe("error");
    expect(run("listToArgs({})")).toBe('""');
  });
  it("V2 (append_arg): white space and quotes are quoted, runs of them in one quoted section", () => {
    expect(run('listToArgs({"a", "b c", "it\'s", ""})')).toBe('"a b\' \'c it\'\'\'\'s \'\'"');
    expect(run('listToArgs({"a  b"})')).toBe('"a\'  \'b"');
    expect(run('listToArgs({"a\\tb\\nc"})')).toBe('"a\'\\t\'b\'\\n\'c"');
    expect(run('listToArgs({"", ""})')).toBe('"\'\' \'\'"');
  });
  it("V2 output reads back to the same list", () => {
    expect(run('argsToList(listToArgs({"a", "b c", "it\'s", "", " x "}))')).toBe('{ "a","b c","it\'s",""," x " }');
  });
  it("V1 (GetArgsStringV1Raw): joined by spaces; an argument with white space is ERROR", () => {
    expect(run('listToArgs({"a", "b"}, 1)')).toBe('"a b"');
    expect(run('listToArgs({"a b"}, 1)')).toBe("error");
    expect(run('listToArgs({"a\\tb"}, 1)')).toBe("error");
  });
  it("V1: the space goes in only once the result is not empty, so empty arguments leave no trace", () => {
    expect(run('listToArgs({"", "a"}, 1)')).toBe('"a"');
    expect(run('listToArgs({"a", "", "b"}, 1)')).toBe('"a  b"');
  });
  it("evaluates each entry (an attribute reference included)", () => {
    const ad = new ClassAd([["x", parseExpression('"from ad"')]]);
    expect(run('listToArgs({x, "y"})', ad)).toBe('"from\' \'ad y"');
  });
});

describe("envV1ToV2(env) — EnvironmentV1ToV2, MergeFromV1AutoDelim", () => {
  it("takes exactly one argument", () => {
    expect(run("envV1ToV2()")).toBe("error");
    expect(run('envV1ToV2("A=1", "B=2")')).toBe("error");
  });
  it("gives UNDEFINED for UNDEFINED (so mergeEnvironment(envV1ToV2(Env), ...) needs no test), ERROR for a non-string", () => {
    expect(run("envV1ToV2(undefined)")).toBe("undefined");
    expect(run("envV1ToV2(1)")).toBe("error");
    expect(run("envV1ToV2(error)")).toBe("error");
  });
  it("an empty string is an empty environment", () => {
    expect(run('envV1ToV2("")')).toBe('""');
  });
  it("splits at ';' (the Unix delimiter) and at newlines; variables come out sorted by byte value", () => {
    expect(run('envV1ToV2("B=2;A=1")')).toBe('"A=1 B=2"');
    expect(run('envV1ToV2("B=2\\nA=1")')).toBe('"A=1 B=2"');
    expect(run('envV1ToV2("b=1;B=2;_=3")')).toBe('"B=2 _=3 b=1"');
  });
  it("a leading ';' is skipped; a leading permitted delimiter (!#$%&*+,-/:;<>?@^`|~ or 0x1f) becomes the delimiter", () => {
    expect(run('envV1ToV2(";A=1;B=2")')).toBe('"A=1 B=2"');
    expect(run('envV1ToV2("|A=x y|B=2")')).toBe('"A=x\' \'y B=2"');
    expect(run('envV1ToV2(",A=1,B=2")')).toBe('"A=1 B=2"');
    expect(run('envV1ToV2("\\037A=1\\037B=2")')).toBe('"A=1 B=2"');
    // Not a permitted delimiter: part of the first entry.
    expect(run('envV1ToV2("=A=1")')).toBe("error");
  });
  it("strips white space before each entry, keeps the rest verbatim up to the delimiter; empty entries are skipped", () => {
    expect(run('envV1ToV2("  A=1;  B=2;;")')).toBe('"A=1 B=2"');
    expect(run('envV1ToV2("A=1 ; B= 2 ")')).toBe('"A=1\' \' B=\' \'2\' \'"');
  });
  it("an entry needs NAME=value (ERROR otherwise), except a bare $$(...) macro, kept as it is", () => {
    expect(run('envV1ToV2("A")')).toBe("error");
    expect(run('envV1ToV2("=1")')).toBe("error");
    expect(run('envV1ToV2("A=1;$$(X)")')).toBe('"$$(X) A=1"');
    // A leading `$` is a permitted delimiter: the macro's own `$` then splits the text.
    expect(run('envV1ToV2("$$(X);A=1")')).toBe('"(X);A=1"');
    expect(run('envV1ToV2("A==1")')).toBe('"A==1"');
  });
  it("a later setting of a variable wins", () => {
    expect(run('envV1ToV2("A=1;A=2")')).toBe('"A=2"');
  });
});

describe("mergeEnvironment(env...) — MergeEnvironment, MergeFromV2Raw", () => {
  it("no argument is an empty environment; UNDEFINED arguments are skipped", () => {
    expect(run("mergeEnvironment()")).toBe('""');
    expect(run('mergeEnvironment(undefined, "A=1", undefined)')).toBe('"A=1"');
  });
  it("a non-string argument is ERROR", () => {
    expect(run('mergeEnvironment("A=1", 2)')).toBe("error");
    expect(run('mergeEnvironment(error)')).toBe("error");
  });
  it("reads V2 (split_args, quotes) and merges left to right, later values winning", () => {
    expect(run('mergeEnvironment("A=1 B=2", "A=3")')).toBe('"A=3 B=2"');
    expect(run('mergeEnvironment("A=\'x y\'")')).toBe('"A=x\' \'y"');
    expect(run('mergeEnvironment("$$(M) A=1")')).toBe('"$$(M) A=1"');
  });
  it("an entry that is not NAME=value, an empty quoted entry or an unbalanced quote is ERROR", () => {
    expect(run('mergeEnvironment("=x")')).toBe("error");
    expect(run('mergeEnvironment("A")')).toBe("error");
    expect(run("mergeEnvironment(\"A=1 ''\")")).toBe("error");
    expect(run("mergeEnvironment(\"A='1\")")).toBe("error");
  });
  it("prints a variable whose value is HTCondor's no-value marker (bytes 1-6) without its value", () => {
    expect(run('mergeEnvironment("A=\\001\\002\\003\\004\\005\\006 B=1")')).toBe('"A B=1"');
  });
});

describe("userHome(user [, default]) — userHome_func with CLASSAD_ENABLE_USER_HOME false", () => {
  it("a wrong number of arguments is ERROR and a failed evaluation", () => {
    expect(run("userHome()")).toBe("failed error");
    expect(run('userHome("a", "b", "c")')).toBe("failed error");
  });
  it("a non-empty string default is the answer", () => {
    expect(run('userHome("root", "/home/default")')).toBe('"/home/default"');
    expect(run('userHome(1, "/home/default")')).toBe('"/home/default"');
    expect(run('userHome(undefined, "/home/default")')).toBe('"/home/default"');
  });
  it("an empty or non-string default counts as none", () => {
    expect(run('userHome("root", "")')).toBe("undefined");
    expect(run('userHome("root", 7)')).toBe("undefined");
  });
  it("without a default: UNDEFINED for a string or UNDEFINED user (lookups are disabled), ERROR otherwise", () => {
    expect(run('userHome("root")')).toBe("undefined");
    expect(run("userHome(undefined)")).toBe("undefined");
    expect(run("userHome(1)")).toBe("error");
    expect(run("userHome(error)")).toBe("error");
  });
});

describe("userMap(map, user [, preferred [, default]]) — userMap_func", () => {
  const maps = new Map([["groups", new Map([["alice", "g1, g2"], ["empty", ""]])]]);
  const functions = builtinFunctions.extend().register("userMap", userMapFunction((map, user) => maps.get(map)?.get(user)));
  const map = (text: string): string => run(text, new ClassAd(), functions);

  it("takes two to four arguments", () => {
    expect(map('userMap("groups")')).toBe("error");
    expect(map('userMap("groups", "alice", "g1", "d", 5)')).toBe("error");
  });
  it("map and user must be strings: ERROR if either is ERROR, else UNDEFINED (or the default)", () => {
    expect(map('userMap(error, "alice")')).toBe("error");
    expect(map('userMap("groups", error, "g1", "d")')).toBe("error");
    expect(map('userMap(1, "alice")')).toBe("undefined");
    expect(map('userMap("groups", undefined, "g1")')).toBe("undefined");
    expect(map('userMap("groups", undefined, "g1", 42)')).toBe("42");
  });
  it("two arguments: the mapped list as one string", () => {
    expect(map('userMap("groups", "alice")')).toBe('"g1, g2"');
  });
  it("three or four: the preferred item (case-insensitive) if listed, else the first", () => {
    expect(map('userMap("groups", "alice", "G2")')).toBe('"g2"');
    expect(map('userMap("groups", "alice", "nope")')).toBe('"g1"');
    expect(map('userMap("groups", "alice", 3)')).toBe('"g1"');
  });
  it("no mapping: UNDEFINED, or the default (any value) with four arguments", () => {
    expect(map('userMap("groups", "bob")')).toBe("undefined");
    expect(map('userMap("other", "alice", "g1")')).toBe("undefined");
    expect(map('userMap("groups", "bob", "g1", "dflt")')).toBe('"dflt"');
    expect(map('userMap("groups", "bob", "g1", {1})')).toBe("{ 1 }");
  });
  it("an empty mapping: UNDEFINED with three arguments, the default with four", () => {
    expect(map('userMap("groups", "empty", "g1")')).toBe("undefined");
    expect(map('userMap("groups", "empty", "g1", "d")')).toBe('"d"');
  });
  it("the registered default knows no maps", () => {
    expect(run('userMap("groups", "alice")')).toBe("undefined");
    expect(run('userMap("groups", "alice", "x", "d")')).toBe('"d"');
  });
});
