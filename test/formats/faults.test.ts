/**
 * Bad input: every malformed attribute or ad is reported with its ad index, line and column;
 * lenient mode (default) loads every well-formed ad; strict mode throws at the first fault.
 */
import { describe, expect, it } from "vitest";
import { AdFormatError, parseAds, type AdFault } from "../../src/formats/index.js";

const GOOD_0 = ['Name = "slot1@a"', "Cpus = 1", 'Requirements = (TARGET.Memory > 10) && START'];
const JUNK_1 = ['Name = "slot2@junk"', "\x00\x01\xff\xfe\x89PNG\x1a binary", "Cpus = 2"];
const BAD_EXPR_2 = ['Name = "slot3@bad"', "Requirements = (TARGET.Memory > ", "Cpus = 3"];
const DUPLICATE_3 = ['Name = "slot4@dup"', "Cpus = 4", "Memory = 100", "cpus = 5"];
const GOOD_4 = ['Name = "slot5@b"', 'Arch = "X86_64"'];
const NO_EQUALS_5 = ['Name = "slot6@noeq"', "Memory 2048"];
const EMPTY_VALUE_6 = ['Name = "slot7@empty"', "Memory = "];
const TRUNCATED_7 = ['Name = "slot8@trunc"', "Requirements = (Memory > 1 && (Disk"];

function dump(ads: string[][]): string {
  return ads.map((lines) => lines.join("\n") + "\n").join("\n").replace(/\n$/, "");
}

const DUMP = dump([GOOD_0, JUNK_1, BAD_EXPR_2, DUPLICATE_3, GOOD_4, NO_EQUALS_5, EMPTY_VALUE_6, TRUNCATED_7]);

/** Line number (1-based) of the `index`-th line of ad `ad` in DUMP. */
function lineOf(ad: number, index: number): number {
  const all = [GOOD_0, JUNK_1, BAD_EXPR_2, DUPLICATE_3, GOOD_4, NO_EQUALS_5, EMPTY_VALUE_6, TRUNCATED_7];
  let line = 1;
  for (let i = 0; i < ad; i++) line += all[i]!.length + 1;
  return line + index;
}

describe("fault injection (old format)", () => {
  const seen: AdFault[] = [];
  const result = parseAds(DUMP, { onFault: (fault) => seen.push(fault) });

  it("loads every well-formed ad, in order, with its source position", () => {
    const names = result.ads.map((ad) => ad.lookup("Name"));
    expect(names.map((expr) => (expr?.kind === "literal" && expr.value.kind === "string" ? expr.value.v : null))).toEqual([
      "slot1@a",
      "slot4@dup",
      "slot5@b",
    ]);
    expect(result.ads.map((ad) => ad.origin)).toEqual([
      { index: 0, line: lineOf(0, 0) },
      { index: 3, line: lineOf(3, 0) },
      { index: 4, line: lineOf(4, 0) },
    ]);
  });

  it("keeps the last value of a repeated attribute and its first spelling, with a warning", () => {
    const dup = result.ads[1]!;
    const cpus = dup.lookup("CPUS");
    expect(cpus?.kind === "literal" && cpus.value).toEqual({ kind: "int", v: 5 });
    expect(dup.names()).toEqual(["Name", "Cpus", "Memory"]);
    expect(result.faults.find((f) => f.code === "duplicate-attribute")).toMatchObject({
      severity: "warning",
      adIndex: 3,
      line: lineOf(3, 3),
      attribute: "cpus",
    });
  });

  it("reports each fault with its code, ad index, line and column", () => {
    const errors = result.faults.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.code, f.adIndex, f.line])).toEqual([
      ["binary-data", 1, lineOf(1, 1)],
      ["bad-expression", 2, lineOf(2, 1)],
      ["missing-equals", 5, lineOf(5, 1)],
      ["empty-value", 6, lineOf(6, 1)],
      ["bad-expression", 7, lineOf(7, 1)],
    ]);
    for (const fault of errors) {
      expect(fault.column).toBeGreaterThan(0);
      expect(fault.message.length).toBeGreaterThan(10);
    }
    // The binary junk starts at the first byte of its line.
    expect(errors[0]!.column).toBe(1);
    // The unfinished expression is reported where the parser gave up (after `>`).
    expect(errors[1]!.column).toBeGreaterThan("Requirements = (TARGET.Memory".length);
  });

  it("counts ads, attributes and faults; passes every fault to onFault", () => {
    expect(result.summary).toMatchObject({ format: "long", ads: 3, adsDropped: 5, faults: 5, warnings: 1 });
    expect(result.summary.attributes).toBe(GOOD_0.length + DUPLICATE_3.length + GOOD_4.length);
    expect(seen).toEqual(result.faults);
  });

  it("keeps partial ads on request", () => {
    const partial = parseAds(DUMP, { keepPartialAds: true });
    expect(partial.ads).toHaveLength(8);
    expect(partial.ads[1]!.has("Cpus")).toBe(true);
    expect(partial.ads[1]!.names()).toEqual(["Name", "Cpus"]);
  });

  it("strict mode throws a typed error at the first fault", () => {
    let thrown: unknown;
    try {
      parseAds(DUMP, { strict: true });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AdFormatError);
    expect((thrown as AdFormatError).code).toBe("binary-data");
    expect((thrown as AdFormatError).fault).toMatchObject({ adIndex: 1, line: lineOf(1, 1), column: 1 });
  });
});

describe("lazily stored text", () => {
  it("reports a syntax error the load-time check cannot see when the attribute is first used", () => {
    const seen: AdFault[] = [];
    const result = parseAds('Name = "x"\nOdd = (a b)\nCpus = 1\n', { onFault: (f) => seen.push(f) });
    expect(result.ads).toHaveLength(1);
    expect(result.faults).toEqual([]);
    const odd = result.ads[0]!.lookup("Odd");
    expect(odd?.kind === "literal" && odd.value.kind).toBe("error");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: "bad-expression", adIndex: 0, line: 2, attribute: "Odd" });
    // Column: inside the value `(a b)`, which starts at column 7.
    expect(seen[0]!.column).toBeGreaterThanOrEqual(7);
    expect(result.summary.faults).toBe(1);
  });

  it("eager validation reports it at load and drops the ad", () => {
    const result = parseAds('Name = "x"\nOdd = (a b)\nCpus = 1\n', { validation: "eager" });
    expect(result.ads).toHaveLength(0);
    expect(result.faults[0]).toMatchObject({ code: "bad-expression", line: 2 });
  });

  it("validate() parses everything left and returns what it found", () => {
    const result = parseAds('A = (1 2)\n\nB = 3\n');
    const found = result.validate();
    expect(found.map((f) => [f.code, f.adIndex, f.line])).toEqual([["bad-expression", 0, 1]]);
  });
});

describe("fault injection (JSON, XML, new)", () => {
  it("JSON: a bad ad and a truncated ad are reported, the good ones load", () => {
    const text = '[\n{ "A": 1 },\n{ "B": tru },\n{ "C": "ok" },\n{ "D": [1, 2\n';
    const result = parseAds(text);
    expect(result.summary.format).toBe("json");
    expect(result.ads.map((ad) => ad.names())).toEqual([["A"], ["C"]]);
    expect(result.faults.map((f) => [f.code, f.adIndex, f.line])).toEqual([
      ["bad-json", 1, 3],
      ["truncated-ad", 3, 5],
    ]);
  });

  it("XML: a bad expression is reported with its line", () => {
    const text = '<?xml version="1.0"?>\n<classads>\n<c>\n    <a n="A"><i>1</i></a>\n</c>\n<c>\n    <a n="B"><e>(1 +</e></a>\n</c>\n</classads>\n';
    const result = parseAds(text);
    expect(result.ads.map((ad) => ad.names())).toEqual([["A"]]);
    expect(result.faults).toHaveLength(1);
    expect(result.faults[0]).toMatchObject({ code: "bad-xml", adIndex: 1, line: 7 });
  });

  it("new format: a bad record is reported, stray text too", () => {
    const text = "{\n[ A = 1 ],\n[ B = (1 + ],\n[ C = 3 ]\n}\n";
    const result = parseAds(text);
    expect(result.summary.format).toBe("new");
    expect(result.ads.map((ad) => ad.names())).toEqual([["A"], ["C"]]);
    expect(result.faults.map((f) => [f.code, f.adIndex, f.line])).toEqual([["bad-record", 1, 3]]);
  });
});
