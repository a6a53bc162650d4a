import { describe, expect, it } from "vitest";
import { call } from "../../src/ast/build.js";
import { ClassAd } from "../../src/classad/classad.js";
import { stringValue } from "../../src/model/value.js";
import { userMapFunction } from "../../src/functions/compat.js";
import { A, B, E, I, L, R, Rec, S, U, run, show, testContext } from "./harness.js";

describe("stringListsIntersect", () => {
  it("splits on blanks and commas without trimming, case-sensitively", () => {
    expect(show(run("stringListsIntersect", [S("a,b"), S("c b")]))).toBe("true");
    expect(show(run("stringListsIntersect", [S("a,b"), S("A,B")]))).toBe("false");
    expect(show(run("stringListsIntersect", [S("a;b"), S("b"), S(";")]))).toBe("true");
    expect(show(run("stringListsIntersect", [U, S("b")]))).toBe("undefined");
    expect(show(run("stringListsIntersect", [U, E]))).toBe("error");
    expect(show(run("stringListsIntersect", [I(1), S("b")]))).toBe("error");
  });
});

describe("stringListSize and the summaries", () => {
  it("count trimmed non-empty items; arguments must be strings", () => {
    expect(show(run("stringListSize", [S(" a , b,,c ")]))).toBe("int:3");
    expect(show(run("stringListSize", [S("")]))).toBe("int:0");
    expect(show(run("stringListSize", [S("a;b"), S(";")]))).toBe("int:2");
    expect(show(run("stringListSize", [U]))).toBe("error");
  });
  it("sum, avg, min and max parse numbers with strtod", () => {
    expect(show(run("stringListSum", [S("1, 2, 3")]))).toBe("int:6");
    expect(show(run("stringListSum", [S("1, 2.5")]))).toBe("real:3.5");
    expect(show(run("stringListAvg", [S("1, 2")]))).toBe("int:1");
    expect(show(run("stringListAvg", [S("")]))).toBe("real:0");
    expect(show(run("stringListMin", [S("3, -1, 2")]))).toBe("int:-1");
    expect(show(run("stringListMax", [S("")]))).toBe("undefined");
    expect(show(run("stringListMax", [S("-3, -1")]))).toBe("int:0");
    expect(show(run("stringListSum", [S("1, x")]))).toBe("error");
    expect(show(run("stringListSum", [S("1e2")]))).toBe("real:100");
  });
});

describe("stringListMember and subset matching", () => {
  it("member tests exact (or case-insensitive) tokens", () => {
    expect(show(run("stringListMember", [S("b"), S("a, b ,c")]))).toBe("true");
    expect(show(run("stringListMember", [S("B"), S("a, b ,c")]))).toBe("false");
    expect(show(run("stringListIMember", [S("B"), S("a, b ,c")]))).toBe("true");
    expect(show(run("stringListMember", [S(""), S("a,,b")]))).toBe("false");
    expect(show(run("stringListMember", [U, S("a")]))).toBe("false");
    expect(show(run("stringListMember", [U, U]))).toBe("undefined");
    expect(show(run("stringListMember", [I(1), S("1")]))).toBe("error");
    expect(show(run("stringListMember", [S("a"), S("a;b"), S(";")]))).toBe("true");
    expect(show(run("stringListMember", [S("a"), S("a;b"), U]))).toBe("false");
  });
  it("subset match needs every item of the first list in the second", () => {
    expect(show(run("stringListSubsetMatch", [S("a, b"), S("b,c,a")]))).toBe("true");
    expect(show(run("stringListSubsetMatch", [S("a, d"), S("b,c,a")]))).toBe("false");
    expect(show(run("stringListISubsetMatch", [S("A, B"), S("b,c,a")]))).toBe("true");
    expect(show(run("stringListSubsetMatch", [S(""), S("x")]))).toBe("true");
    expect(show(run("stringListSubsetMatch", [U, S("x")]))).toBe("true");
    expect(show(run("stringListSubsetMatch", [S("a"), U]))).toBe("false");
    expect(show(run("stringListSubsetMatch", [S(" , "), S("a")]))).toBe("false");
    expect(show(run("stringListSubsetMatch", [U, U]))).toBe("undefined");
  });
});

describe("splitUserName / splitSlotName / split", () => {
  it("split at the first @", () => {
    expect(show(run("splitUserName", [S("me@host@x")]))).toBe('{"me","host@x"}');
    expect(show(run("splitUserName", [S("me")]))).toBe('{"me",""}');
    expect(show(run("splitSlotName", [S("me")]))).toBe('{"","me"}');
    expect(show(run("splitSlotName", [U]))).toBe("error");
  });
  it("split collapses white space but not repeated separators", () => {
    expect(show(run("split", [S("a b,c;d")]))).toBe('{"a","b","c;d"}');
    expect(show(run("split", [S("a,,b")]))).toBe('{"a","","b"}');
    expect(show(run("split", [S("a , b")]))).toBe('{"a","b"}');
    expect(show(run("split", [S(" a  b ")]))).toBe('{"a","b"}');
    expect(show(run("split", [S(",a,")]))).toBe('{"a"}');
    expect(show(run("split", [S("a;b"), S(";")]))).toBe('{"a","b"}');
    expect(show(run("split", [S("a b"), S("")]))).toBe('{"a b"}');
    expect(show(run("split", [I(1)]))).toBe("error");
    expect(show(run("split", [S("a"), U]))).toBe("error");
  });
});

describe("argsToList / listToArgs", () => {
  it("parse and build V2 arguments with '' quoting", () => {
    expect(show(run("argsToList", [S("a 'b c' 'it''s' ''")]))).toBe(`{"a","b c","it's",""}`);
    expect(show(run("argsToList", [S("a  b"), I(1)]))).toBe('{"a","b"}');
    expect(show(run("argsToList", [S("'open")]))).toBe("error");
    expect(show(run("argsToList", [S("a"), I(3)]))).toBe("error");
    expect(show(run("argsToList", [I(1)]))).toBe("error");
    expect(show(run("listToArgs", [L(S("a"), S("b c"), S("it's"), S(""))]))).toBe(`"a b' 'c it''''s ''"`);
    // What listToArgs writes, argsToList reads back.
    expect(show(run("argsToList", [S("a b' 'c it''''s ''")]))).toBe(`{"a","b c","it's",""}`);
    expect(show(run("listToArgs", [L(S("a"), S("b")), I(1)]))).toBe('"a b"');
    expect(show(run("listToArgs", [L(S("a b")), I(1)]))).toBe("error");
    expect(show(run("listToArgs", [L(I(1))]))).toBe("error");
    expect(show(run("listToArgs", [S("a")]))).toBe("error");
  });
});

describe("envV1ToV2 / mergeEnvironment", () => {
  it("convert V1 environments to sorted V2 text", () => {
    expect(show(run("envV1ToV2", [S("B=2;A=1")]))).toBe('"A=1 B=2"');
    expect(show(run("envV1ToV2", [S("|A=x y|B=2")]))).toBe(`"A=x' 'y B=2"`);
    expect(show(run("envV1ToV2", [S("")]))).toBe('""');
    expect(show(run("envV1ToV2", [U]))).toBe("undefined");
    expect(show(run("envV1ToV2", [S("novalue")]))).toBe("error");
    expect(show(run("envV1ToV2", [I(1)]))).toBe("error");
  });
  it("merge V2 environments, later settings winning, skipping UNDEFINED", () => {
    expect(show(run("mergeEnvironment", [S("A=1 B=2"), U, S("A=3")]))).toBe('"A=3 B=2"');
    expect(show(run("mergeEnvironment", []))).toBe('""');
    expect(show(run("mergeEnvironment", [S("=x")]))).toBe("error");
    expect(show(run("mergeEnvironment", [I(1)]))).toBe("error");
  });
});

describe("userHome / userMap", () => {
  it("userHome returns the default (user lookups are disabled)", () => {
    expect(show(run("userHome", [S("root"), S("/home/default")]))).toBe('"/home/default"');
    expect(show(run("userHome", [S("root")]))).toBe("undefined");
    expect(show(run("userHome", [I(1)]))).toBe("error");
    const cx = testContext();
    expect(show(run("userHome", [], cx))).toBe("error");
    expect(cx.failures).toBe(1);
  });
  it("userMap uses the resolver it is built with", () => {
    const maps = new Map([["groups", new Map([["alice", "g1, g2"]])]]);
    const fn = userMapFunction((map, user) => maps.get(map)?.get(user));
    const cx = testContext();
    expect(show(fn([S("groups"), S("alice")], cx))).toBe('"g1, g2"');
    expect(show(fn([S("groups"), S("alice"), S("G2")], cx))).toBe('"g2"');
    expect(show(fn([S("groups"), S("alice"), S("x")], cx))).toBe('"g1"');
    expect(show(fn([S("groups"), S("bob")], cx))).toBe("undefined");
    expect(show(fn([S("groups"), S("bob"), S("x"), S("dflt")], cx))).toBe('"dflt"');
    expect(show(fn([S("groups"), E], cx))).toBe("error");
    expect(show(run("userMap", [S("groups"), S("alice")]))).toBe("undefined");
  });
});

describe("evalInEachContext / countMatches", () => {
  const ad = new ClassAd([
    ["Require", call("size", [A("Name")])],
    ["Gpus", L(Rec({ Name: S("abc") }), Rec({ Name: S("de") }))],
  ]);
  const cx = testContext({ scope: ad });
  it("evaluate an attribute's expression in each ad of a list", () => {
    expect(show(run("evalInEachContext", [A("Require"), A("Gpus")], cx))).toBe("{int:3,int:2}");
    expect(show(run("evalInEachContext", [A("Name"), L(Rec({ Name: S("x") }))], cx))).toBe('{"x"}');
    expect(show(run("countMatches", [A("Require"), A("Gpus")], cx))).toBe("int:2");
    expect(show(run("countMatches", [B(false), A("Gpus")], cx))).toBe("int:0");
  });
  it("handle UNDEFINED lists and non-ad elements", () => {
    expect(show(run("evalInEachContext", [A("Require"), A("Missing")], cx))).toBe("undefined");
    expect(show(run("countMatches", [A("Require"), A("Missing")], cx))).toBe("int:0");
    expect(show(run("evalInEachContext", [A("Require"), I(1)], cx))).toBe("error");
    expect(show(run("evalInEachContext", [A("Require"), L(U, I(1))], cx))).toBe("{undefined,error}");
    expect(show(run("evalInEachContext", [A("Require")], cx))).toBe("error");
    expect(stringValue("x").v).toBe("x");
    expect(show(run("countMatches", [R(1), L(Rec({}))], cx))).toBe("int:1");
  });
});
