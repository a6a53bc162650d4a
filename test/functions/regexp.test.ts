import { describe, expect, it } from "vitest";
import { E, I, L, S, U, run, show } from "./harness.js";
import { translatePattern } from "../../src/functions/regexp.js";

describe("regexp", () => {
  it("searches unanchored, with i m s x options (lower case only)", () => {
    expect(show(run("regexp", [S("b+"), S("abbbc")]))).toBe("true");
    expect(show(run("regexp", [S("^b"), S("abc")]))).toBe("false");
    expect(show(run("regexp", [S("^A"), S("abc"), S("i")]))).toBe("true");
    expect(show(run("regexp", [S("^A"), S("abc"), S("I")]))).toBe("false");
    expect(show(run("regexp", [S("^b"), S("a\nb"), S("m")]))).toBe("true");
    expect(show(run("regexp", [S("a.b"), S("a\nb")]))).toBe("false");
    expect(show(run("regexp", [S("a.b"), S("a\nb"), S("s")]))).toBe("true");
    expect(show(run("regexp", [S("a b # comment\n c"), S("abc"), S("x")]))).toBe("true");
    expect(show(run("regexp", [S("a\\ b"), S("a b"), S("x")]))).toBe("true");
  });
  it("follows HTCondor's ERROR / UNDEFINED order", () => {
    expect(show(run("regexp", [U, E]))).toBe("error");
    expect(show(run("regexp", [U, S("a")]))).toBe("undefined");
    expect(show(run("regexp", [S("a"), S("a"), U]))).toBe("undefined");
    expect(show(run("regexp", [S("a"), S("a"), I(1)]))).toBe("error");
    expect(show(run("regexp", [I(1), S("a")]))).toBe("error");
    expect(show(run("regexp", [S("("), S("a")]))).toBe("error");
    expect(show(run("regexp", [S("a")]))).toBe("error");
  });
  it("PCRE's $ also matches before a final newline", () => {
    expect(show(run("regexp", [S("c$"), S("abc\n")]))).toBe("true");
    expect(show(run("regexp", [S("c$"), S("abc\nd")]))).toBe("false");
    expect(show(run("regexp", [S("c\\Z"), S("abc")]))).toBe("true");
  });
  it("PCRE-only constructs give ERROR rather than a different meaning", () => {
    expect(show(run("regexp", [S("(a)\\1"), S("aa")]))).toBe("error");
    expect(show(run("regexp", [S("a(?=b)"), S("ab")]))).toBe("error");
    expect(show(run("regexp", [S("a++"), S("aa")]))).toBe("error");
  });
  it("returns promptly on a pathological pattern", () => {
    expect(show(run("regexp", [S("(a+)+$"), S("a".repeat(30) + "!")]))).toBe("false");
    expect(show(run("regexp", [S("(a|aa)*c"), S("a".repeat(5000))]))).toBe("false");
  });
  it("matches bytes: a UTF-8 pattern matches the same bytes in the target", () => {
    expect(show(run("regexp", [S("^\u00c3\u00a9$"), S("\u00c3\u00a9")]))).toBe("true");
    expect(show(run("regexp", [S("^.$"), S("\u00c3\u00a9")]))).toBe("false");
    expect(show(run("regexp", [S("^..$"), S("\u00c3\u00a9")]))).toBe("true");
  });
});

describe("regexps / replace / replaceall", () => {
  it("substitute \\0-\\9 groups", () => {
    expect(show(run("regexps", [S("^(.)"), S("abc"), S("<\\1>")]))).toBe('"<a>"');
    expect(show(run("regexps", [S("b"), S("abc"), S("X")]))).toBe('"X"');
    expect(show(run("regexps", [S("z"), S("abc"), S("X")]))).toBe('""');
    expect(show(run("regexps", [S("b"), S("abc"), S("X"), S("f")]))).toBe('"aXc"');
    expect(show(run("regexps", [S("(b)"), S("abc"), S("\\2")]))).toBe("error");
    expect(show(run("regexps", [S("(a)|(b)"), S("b"), S("[\\1\\2]")]))).toBe('"[b]"');
    expect(show(run("regexps", [S("(a)|(b)"), S("a"), S("[\\2]")]))).toBe("error");
    expect(show(run("regexps", [S("b"), S("abc"), S("\\n\\")]))).toBe('"\\\\n\\\\"');
  });
  it("replace replaces the first match, replaceall every match", () => {
    expect(show(run("replace", [S("o"), S("foo boo"), S("0")]))).toBe('"f0o boo"');
    expect(show(run("replaceall", [S("o"), S("foo boo"), S("0")]))).toBe('"f00 b00"');
    expect(show(run("replaceall", [S("[, ]"), S("a b,c;d"), S("-")]))).toBe('"a-b-c;d"');
    expect(show(run("replaceall", [S("O"), S("foo"), S("0"), S("i")]))).toBe('"f00"');
    expect(show(run("replace", [S("z"), S("abc"), S("X")]))).toBe('"abc"');
    expect(show(run("replaceall", [S("^"), S("abc"), S("-")]))).toBe('"-abc"');
  });
  it("a global replacement reaching an empty match at the end is ERROR, as in HTCondor", () => {
    expect(show(run("replaceall", [S(""), S("abc"), S("-")]))).toBe("error");
    expect(show(run("replaceall", [S("x*"), S("abc"), S("-")]))).toBe("error");
    expect(show(run("replace", [S("x*"), S("abc"), S("-")]))).toBe('"-abc"');
  });
});

describe("regexpMember / stringList_regexpMember", () => {
  it("regexpMember tests string elements; UNDEFINED elements make a miss UNDEFINED", () => {
    expect(show(run("regexpMember", [S("^b"), L(S("a"), S("bc"))]))).toBe("true");
    expect(show(run("regexpMember", [S("^z"), L(S("a"), U)]))).toBe("undefined");
    expect(show(run("regexpMember", [S("^z"), L(S("a"), I(1))]))).toBe("error");
    expect(show(run("regexpMember", [S("^z"), L()]))).toBe("false");
    expect(show(run("regexpMember", [S("^z"), S("a")]))).toBe("error");
  });
  it("stringList_regexpMember splits a string list", () => {
    expect(show(run("stringList_regexpMember", [S("^b"), S("a, bc")]))).toBe("true");
    expect(show(run("stringList_regexpMember", [S("^B"), S("a, bc"), S(","), S("I")]))).toBe("true");
    expect(show(run("stringList_regexpMember", [S("^b"), S("")]))).toBe("undefined");
    expect(show(run("stringList_regexpMember", [S("^b"), U]))).toBe("error");
    expect(show(run("stringList_regexpMember", [S("("), S("a")]))).toBe("error");
  });
});

describe("pattern translation", () => {
  it("strips x-mode space and comments outside classes only", () => {
    expect(translatePattern("a [ b] #c\nd", { caseless: false, multiline: false, dotall: false, extended: true }, false)).toBe(
      "a[ b]d",
    );
    expect(translatePattern("(?#note)a", { caseless: false, multiline: false, dotall: false, extended: false })).toBe("a");
  });
});

describe("caseless matching folds ASCII letters only, as PCRE2 in the C locale", () => {
  it("leaves bytes 0x80-0xff alone", () => {
    // "Ã" (0xC3) and "ã" (0xE3) are distinct bytes for PCRE2 even under i.
    expect(show(run("regexp", [S("\u00c3"), S("\u00e3"), S("i")]))).toBe("false");
    expect(show(run("regexp", [S("a\u00e9"), S("A\u00e9"), S("i")]))).toBe("true");
    expect(show(run("regexp", [S("[\u00e0-\u00ff]"), S("\u00c9"), S("i")]))).toBe("false");
    expect(show(run("regexp", [S("\\xe9"), S("\u00e9"), S("i")]))).toBe("true");
    expect(show(run("regexps", [S("(B)\u00e9"), S("ab\u00e9c"), S("<\\1>"), S("if")]))).toBe('"a<b>c"');
  });
});
