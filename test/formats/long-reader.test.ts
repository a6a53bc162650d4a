/**
 * HTCondor's old (`-long`) format rules, as `condor_status -ads` reads a file.
 */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/model/nodes.js";
import { parseAds } from "../../src/formats/index.js";

function literalOf(expr: Expr | undefined): unknown {
  return expr?.kind === "literal" ? expr.value : expr?.kind;
}

describe("old format lines", () => {
  it("splits on the first =, trims only spaces before it, skips only spaces after it", () => {
    const { ads, faults } = parseAds('  A = 1\nB=2\nC  =  "x = y"\nD\t= 4\n');
    expect(faults).toEqual([]);
    const ad = ads[0]!;
    expect(ad.names()).toEqual(["A", "B", "C", "D\t"]);
    expect(literalOf(ad.lookup("C"))).toEqual({ kind: "string", v: "x = y" });
    expect(literalOf(ad.lookup("D\t"))).toEqual({ kind: "int", v: 4 });
  });

  it("reads strings with the old rules: backslash is literal except before a quote inside", () => {
    const { ads } = parseAds('A = "a\\nb"\nB = "ab\\"cd\\ef"\nC = "ab\\"\n');
    const ad = ads[0]!;
    expect(literalOf(ad.lookup("A"))).toEqual({ kind: "string", v: "a\\nb" });
    expect(literalOf(ad.lookup("B"))).toEqual({ kind: "string", v: 'ab"cd\\ef' });
    expect(literalOf(ad.lookup("C"))).toEqual({ kind: "string", v: "ab\\" });
  });

  it("drops trailing text after a complete expression, as HTCondor's full=false parse does", () => {
    const { ads, faults } = parseAds('A = 1 junk\nJ = 1;2\nL = "a" "b"\nN = x y\n', { validation: "eager" });
    expect(faults).toEqual([]);
    const ad = ads[0]!;
    expect(literalOf(ad.lookup("A"))).toEqual({ kind: "int", v: 1 });
    expect(literalOf(ad.lookup("J"))).toEqual({ kind: "int", v: 1 });
    expect(literalOf(ad.lookup("L"))).toEqual({ kind: "string", v: "a" });
    expect(ad.lookup("N")).toMatchObject({ kind: "attr", name: "x" });
  });

  it("separates ads by blank (or white-space) lines and *** lines; skips # comments", () => {
    const text = "# header\nA = 1\n# inside\nB = 2\n \t\nA = 3\n*** history delimiter\nA = 4\r\nB = 5\r\n\r\n";
    const { ads, summary } = parseAds(text);
    expect(ads.map((ad) => ad.names())).toEqual([["A", "B"], ["A"], ["A", "B"]]);
    expect(ads.map((ad) => ad.origin)).toEqual([
      { index: 0, line: 2 },
      { index: 1, line: 6 },
      { index: 2, line: 8 },
    ]);
    expect(summary).toMatchObject({ ads: 3, attributes: 5, faults: 0 });
  });

  it("reports the line of an attribute after a comment inside the ad", () => {
    const { ads, faults } = parseAds("A = 1\n# note\nB = (1 2)\n");
    expect(ads).toHaveLength(1);
    ads[0]!.lookup("B");
    expect(faults[0]).toMatchObject({ code: "bad-expression", line: 3 });
  });

  it("shares identical lines between ads and still gives each ad its own values", () => {
    const one = (i: number): string => `Name = "slot${i}"\nStart = (TARGET.X > 1) && (MY.Y < 2)\nCpus = ${i % 3}\nArch = "X86_64"\n`;
    const text = Array.from({ length: 50 }, (_, i) => one(i)).join("\n");
    const { ads } = parseAds(text);
    expect(ads).toHaveLength(50);
    for (let i = 0; i < 50; i++) {
      expect(literalOf(ads[i]!.lookup("Name"))).toEqual({ kind: "string", v: `slot${i}` });
      expect(literalOf(ads[i]!.lookup("cpus"))).toEqual({ kind: "int", v: i % 3 });
      expect(ads[i]!.origin).toEqual({ index: i, line: 1 + i * 5 });
    }
    // One parsed tree serves every ad with the same text.
    expect(ads[7]!.lookup("Start")).toBe(ads[42]!.lookup("Start"));
  });

  it("turns into an ordinary ad when changed", () => {
    const { ads } = parseAds("A = 1\nB = 2\n");
    const ad = ads[0]!;
    ad.delete("A");
    expect(ad.names()).toEqual(["B"]);
    expect(ad.size).toBe(1);
  });
});
