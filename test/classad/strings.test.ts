/**
 * Issue #13 (part B), strings: a JS string given to the library is text, and no public call hands
 * a byte string to a caller who did not ask for one. "José" goes through every public route.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ClassAd,
  Evaluator,
  FunctionRegistry,
  TextStringValue,
  builtinFunctions,
  evaluate,
  evaluateAttribute,
  evaluateInMatch,
  evaluateWithStatus,
  explain,
  externalReferences,
  formatAds,
  fromByteString,
  fromJSValue,
  literal,
  matchPool,
  parseAds,
  parseExpression,
  stringValue,
  toJSValue,
  unparse,
  unparseAttrName,
  unparseValue,
  attrRef,
  intValue,
  type Value,
} from "../../src/core.js";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

/** The bytes of "José" as the evaluator holds them, and as HTCondor prints them in new syntax. */
const JOSE_BYTES = "Jos\u00c3\u00a9";
const JOSE_PRINTED = '"Jos\\303\\251"';

function stringOf(value: Value): string {
  expect(value.kind).toBe("string");
  return value.kind === "string" ? value.v : "";
}

/** A job ad read as `fs.readFileSync(f, "utf8")` gives it (the reproduction of the issue). */
function jobFromUtf8File(): ClassAd {
  const dir = mkdtempSync(join(tmpdir(), "classad-strings-"));
  const file = join(dir, "job.ad");
  writeFileSync(file, 'Owner = "José"\nRequestMemory = 1024\nRequirements = TARGET.Memory >= RequestMemory\n\n', "utf8");
  const ad = parseAds(readFileSync(file, "utf8")).ads[0];
  if (ad === undefined) throw new Error("no ad read");
  return ad;
}

describe("issue #13 reproduction: ad.evaluate and getString agree", () => {
  it("ad.evaluate('Owner') holds the text, as getString does", () => {
    const job = jobFromUtf8File();
    expect(job.getString("Owner")).toBe("José");
    expect(job.evaluate("Owner")).toEqual({ kind: "string", v: "José" });
    expect(stringOf(job.evaluate(parseExpression("Owner")))).toBe("José");
  });
});

describe("every public route", () => {
  const job = ClassAd.fromJS({ Owner: "José", RequestMemory: 1024 });

  it("evaluate, evaluateWithStatus, evaluateAttribute, evaluateInMatch", () => {
    expect(stringOf(evaluate('"José"'))).toBe("José");
    expect(stringOf(evaluate("Owner", { my: job }))).toBe("José");
    expect(stringOf(evaluateWithStatus("Owner", { my: job }).value)).toBe("José");
    expect(stringOf(evaluateAttribute("Owner", { my: job }).value)).toBe("José");
    expect(stringOf(evaluateInMatch("TARGET.Owner", ClassAd.fromJS({}), job))).toBe("José");
  });

  it("keeps HTCondor's byte semantics inside: size is in bytes, printing escapes the bytes", () => {
    expect(evaluate('size("José")')).toEqual(intValue(5));
    expect(evaluate("size(Owner)", { my: job })).toEqual(intValue(5));
    expect(unparseValue(evaluate("Owner", { my: job }))).toBe(JOSE_PRINTED);
    expect(unparse(job.lookup("Owner") as never)).toBe(JOSE_PRINTED);
    expect(unparse(parseExpression('"José"'), { syntax: "old" })).toBe('"José"');
  });

  it("Evaluator, with trees and with text", () => {
    const ev = new Evaluator({ now: 0 });
    expect(stringOf(ev.evaluate("Owner", { my: job }))).toBe("José");
    expect(stringOf(ev.evaluate(parseExpression("Owner"), { my: job }))).toBe("José");
    expect(stringOf(ev.evaluateWithStatus("Owner", { my: job }).value)).toBe("José");
    expect(stringOf(ev.evaluateInMatch("TARGET.Owner", job, job))).toBe("José");
  });

  it("getString, toJS and fromJS, toJSValue and fromJSValue", () => {
    expect(job.getString("Owner")).toBe("José");
    expect(job.toJS()).toEqual({ Owner: "José", RequestMemory: 1024 });
    expect(job.toJS({ expressions: "text" })).toEqual({ Owner: '"José"', RequestMemory: "1024" });
    expect(toJSValue(evaluate('"José"'))).toBe("José");
    expect(toJSValue(stringValue("José"))).toBe("José");
    expect(fromJSValue("José")).toEqual({ kind: "string", v: "José" });
    const ad = new ClassAd().set("x", literal(fromJSValue("José")));
    expect(evaluate('x == "José" && size(x) == 5', { my: ad })).toEqual({ kind: "bool", v: true });
  });

  it("stringValue and literal take text; a value handed out goes back in unchanged", () => {
    expect(stringValue("José")).toEqual(evaluate('"José"'));
    const ad = new ClassAd();
    ad.set("a", literal(stringValue("José")));
    ad.set("b", literal(evaluate('"José"')));
    ad.set("c", literal({ kind: "string", v: "José" }));
    for (const name of ["a", "b", "c"]) {
      expect(ad.getString(name)).toBe("José");
      expect(evaluate(`size(${name})`, { my: ad })).toEqual(intValue(5));
    }
  });

  it("a value that is not UTF-8 reads as U+FFFD and still goes back as its exact bytes", () => {
    const value = evaluate('"caf\\351"');
    expect(stringOf(value)).toBe("caf\ufffd");
    expect(value).toBeInstanceOf(TextStringValue);
    expect(unparseValue(value)).toBe('"caf\\351"');
    const ad = new ClassAd().set("x", literal(value));
    expect(evaluate("size(x)", { my: ad })).toEqual(intValue(4));
  });

  it("attribute names: text in, and the stored bytes of names() accepted back", () => {
    const ad = new ClassAd();
    ad.set("Año", literal(intValue(2026)));
    ad.setText("Dueño", '"José"', "new");
    expect(ad.getInteger("Año")).toBe(2026);
    expect(ad.has("año")).toBe(true);
    expect(ad.getString("Dueño")).toBe("José");
    expect(ad.evaluate("Dueño")).toEqual({ kind: "string", v: "José" });
    expect(ad.toJS()).toEqual({ Año: 2026, Dueño: "José" });
    expect(evaluate("'Año' + 1", { my: ad })).toEqual(intValue(2027));
    for (const name of ad.names()) expect(ad.has(name)).toBe(true);
    expect(ad.getInteger(ad.names()[0] as string)).toBe(2026);
    expect(unparseAttrName("Año")).toBe("'A\\303\\261o'");
    expect(evaluate("x", { my: new ClassAd().set("x", attrRef("Año")) })).toEqual({ kind: "undefined" });
  });

  it("setText reads its text as text", () => {
    const ad = new ClassAd().setText("Owner", '"José"', "old");
    expect(ad.getString("Owner")).toBe("José");
    expect(evaluate("size(Owner)", { my: ad })).toEqual(intValue(5));
  });

  it("externalReferences and explain hand out text", () => {
    expect(externalReferences("'Año' + x")).toEqual(["Año", "x"]);
    const e = explain("Owner", { my: job });
    expect(e.value).toEqual({ kind: "string", v: "José" });
    expect(e.valueText).toBe(JOSE_PRINTED);
  });

  it("the debug hook sees text", () => {
    const seen: Value[] = [];
    evaluate('debug("José")', { debug: (_expr, value) => seen.push(value) });
    expect(seen).toEqual([{ kind: "string", v: "José" }]);
  });

  it("matchPool results: names as text, the slot ad with them", () => {
    const slot = ClassAd.fromJS({ Name: "slöt1@host", Owner: "José", Memory: 2048 });
    slot.setText("Requirements", 'TARGET.Owner == "José"', "new");
    const job2 = ClassAd.fromJS({ Owner: "José", RequestMemory: 1024 });
    job2.setText("Requirements", 'TARGET.Owner == "José" && TARGET.Memory >= RequestMemory', "new");
    const [match] = matchPool(job2, [slot], { now: 0 }).matches;
    expect(match?.name).toBe("slöt1@host");
    expect(match?.slot).toBe(slot);
    expect(match?.slot.getString("Owner")).toBe("José");
  });

  it("formatAds of an ad built from JS: text by default, bytes when asked", () => {
    const ad = ClassAd.fromJS({ Owner: "José" });
    expect(formatAds([ad], "long")).toBe('Owner = "José"\n\n');
    expect(formatAds([ad], "long", { encoding: "bytes" })).toBe(`Owner = "${JOSE_BYTES}"\n\n`);
    expect(formatAds([ad], "json")).toBe('[\n{\n  "Owner": "José"\n}\n]\n');
    for (const format of ["long", "new", "json", "xml"] as const) {
      const back = parseAds(formatAds([ad], format)).ads[0];
      expect(back?.getString("Owner"), format).toBe("José");
    }
  });

  it("a user function may return a string made by the public stringValue", () => {
    const functions = builtinFunctions.extend().register("greeting", () => stringValue("olé"));
    expect(stringOf(evaluate("greeting()", { functions }))).toBe("olé");
    expect(evaluate("size(greeting())", { functions })).toEqual(intValue(4));
    expect(new FunctionRegistry().register("f", () => intValue(1)).has("F")).toBe(true);
    // A plain { kind, v } with text works too; a string argument's value goes back unchanged.
    const plain = builtinFunctions.extend().register("plain", () => ({ kind: "string", v: "olé" }));
    expect(evaluate("size(plain()) == 4 && plain() == \"olé\"", { functions: plain })).toEqual({ kind: "bool", v: true });
    // docs/functions.md's example: decode an argument, work on text, return text through stringValue.
    const reverse = builtinFunctions.extend().register("reverse", (args, cx) => {
      const value = cx.evaluate(args[0] as never, cx.scope);
      return value.kind === "string" ? stringValue([...fromByteString(value.v)].reverse().join("")) : intValue(0);
    });
    expect(stringOf(evaluate('reverse("José")', { functions: reverse }))).toBe("ésoJ");
    expect(evaluate('size(reverse("José"))', { functions: reverse })).toEqual(intValue(5));
    // stringValue of the argument's own bytes keeps them (not encoded twice).
    const same = builtinFunctions.extend().register("same", (args, cx) => {
      const value = cx.evaluate(args[0] as never, cx.scope);
      return value.kind === "string" ? stringValue(value.v) : intValue(0);
    });
    expect(evaluate('same("José") == "José"', { functions: same })).toEqual({ kind: "bool", v: true });
    const echo = builtinFunctions.extend().register("echo", (args, cx) => cx.evaluate(args[0] as never, cx.scope));
    expect(evaluate('size(echo("José")) == 5 && echo("José") == "José"', { functions: echo })).toEqual({ kind: "bool", v: true });
  });
});
