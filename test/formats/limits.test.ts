/**
 * The readers' documented limits (docs/security.md): JSON and XML values nest at most 256 levels
 * below the ad (deeper input is a fault for that ad, never a stack overflow), and a read keeps at
 * most 10,000 faults while counting and reporting all of them.
 */
import { describe, expect, it } from "vitest";
import { formatAds, parseAds, type AdFault, type AdFormat } from "../../src/formats/index.js";
import { readAds } from "../../src/formats/node.js";
import { MAX_FAULTS_KEPT } from "../../src/formats/read.js";

const LIMIT = 256;

/** One JSON ad whose attribute `a` holds `levels` nested ads (the innermost holds `x = 1`). */
function jsonNestedAds(levels: number): string {
  return '{"a": ' + '{"a": '.repeat(levels - 1) + '{"x": 1' + "}".repeat(levels) + "}\n";
}

/** One JSON ad whose attribute `a` holds `levels` nested lists around `1`. */
function jsonNestedLists(levels: number): string {
  return '{"a": ' + "[".repeat(levels) + "1" + "]".repeat(levels) + "}\n";
}

function xmlNestedAds(levels: number): string {
  return '<c><a n="a">' + '<c><a n="a">'.repeat(levels - 1) + '<c><a n="x"><i>1</i></a></c>' + "</a></c>".repeat(levels - 1) + "</a></c>\n";
}

function xmlNestedLists(levels: number): string {
  return '<c><a n="a">' + "<l>".repeat(levels) + "<i>1</i>" + "</l>".repeat(levels) + "</a></c>\n";
}

const XML_HEAD = '<?xml version="1.0"?>\n<classads>\n';
const XML_TAIL = "</classads>\n";

// The format is named: detection (as HTCondor's) reads a lone JSON line that does not parse as
// the long form, and these tests are about the JSON and XML readers' own limits.
const cases: Array<[string, (levels: number) => string, (ads: string) => string, string, AdFormat]> = [
  ["JSON nested ads", jsonNestedAds, (ads) => ads, "bad-json", "json"],
  ["JSON nested lists", jsonNestedLists, (ads) => ads, "bad-json", "json"],
  ["XML nested ads", xmlNestedAds, (ads) => XML_HEAD + ads + XML_TAIL, "bad-xml", "xml"],
  ["XML nested lists", xmlNestedLists, (ads) => XML_HEAD + ads + XML_TAIL, "bad-xml", "xml"],
];

describe("nesting of JSON and XML values", () => {
  it.each(cases)("%s: 256 levels are read, 257 are a fault for that ad only", (_name, nested, wrap, code) => {
    const good = nested(LIMIT);
    const { ads, faults, summary } = parseAds(wrap(good + nested(LIMIT + 1) + good));
    expect(ads.length).toBe(2);
    expect(ads.map((ad) => ad.origin?.index)).toEqual([0, 2]);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code, adIndex: 1, severity: "error" });
    expect(faults[0]!.message).toMatch(/nested too deeply/);
    expect(summary).toMatchObject({ ads: 2, adsDropped: 1, faults: 1 });
  });

  it.each(cases)("%s: 100,000 levels give a fault, not a stack overflow", (_name, nested, wrap, code, format) => {
    const { ads, faults } = parseAds(wrap(nested(100_000)), { format });
    expect(ads).toEqual([]);
    expect(faults.map((f) => f.code)).toEqual([code]);
  });

  it("an ad nested to the limit is written and read back unchanged in both formats", () => {
    const deep = parseAds(jsonNestedAds(LIMIT) + jsonNestedLists(LIMIT)).ads;
    expect(deep).toHaveLength(2);
    for (const format of ["json", "xml"] as const) {
      const text = formatAds(deep, format);
      const back = parseAds(text);
      expect(back.faults, format).toEqual([]);
      expect(formatAds(back.ads, format), format).toBe(text);
    }
  });
});

describe("faults kept per read", () => {
  const over = MAX_FAULTS_KEPT + 7;
  // Each ad is one line without `=`: one missing-equals fault, and the ad is dropped.
  const garbage = "not an attribute\n\n".repeat(over) + "A = 1\n";

  it("is the documented 10,000", () => {
    expect(MAX_FAULTS_KEPT).toBe(10_000);
  });

  it("keeps the first 10,000 faults, counts every one and passes every one to onFault", () => {
    const seen: AdFault[] = [];
    const { ads, faults, summary } = parseAds(garbage, { onFault: (fault) => seen.push(fault) });
    expect(ads).toHaveLength(1);
    expect(faults).toHaveLength(MAX_FAULTS_KEPT);
    expect(faults.every((f) => f.code === "missing-equals")).toBe(true);
    expect(faults[MAX_FAULTS_KEPT - 1]!.adIndex).toBe(MAX_FAULTS_KEPT - 1);
    expect(summary).toMatchObject({ ads: 1, adsDropped: over, faults: over });
    expect(seen).toHaveLength(over);
    expect(seen[over - 1]!.adIndex).toBe(over - 1);
  });

  it("applies to the Node readers too (the same engine)", async () => {
    const { faults, summary } = await readAds({ text: garbage });
    expect(faults).toHaveLength(MAX_FAULTS_KEPT);
    expect(summary.faults).toBe(over);
  });
});
