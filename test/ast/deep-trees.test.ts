/**
 * Left-deep trees that parse within the limits (HTCondor accepts them) go through every walker
 * without a stack overflow (issue #15): printing, the four writers and their readers, external and
 * internal references, the compiled matcher, analyze.
 */
import { describe, expect, it } from "vitest";
import {
  ClassAd,
  analyze,
  externalReferences,
  formatAds,
  internalReferences,
  matchPool,
  parseAds,
  parseExpression,
  unparse,
} from "../../src/core.js";

const LINKS = 20_000;
const CHAINS: Record<string, string> = {
  sum: "x" + " + x".repeat(LINKS),
  selection: "a" + ".a".repeat(LINKS),
  subscript: "a" + "[0]".repeat(LINKS),
  mixed: "a" + ".b[0]".repeat(LINKS / 2),
};

describe.each(Object.entries(CHAINS))("a %s chain of 20,000 links", (_name, text) => {
  const tree = parseExpression(text);

  it("prints as it was written", () => {
    expect(unparse(tree)).toBe(text);
  });

  it("has its references collected", () => {
    const ad = new ClassAd();
    ad.setText("x", "y + 1");
    expect(() => externalReferences(tree, ad)).not.toThrow();
    expect(() => internalReferences(tree, ad)).not.toThrow();
  });

  it("is written and read back in every format", () => {
    const ad = new ClassAd();
    ad.setText("Name", '"deep"');
    ad.setText("Deep", text);
    for (const format of ["long", "new", "json", "xml"] as const) {
      const read = parseAds(formatAds([ad, ad], format));
      expect(read.faults, format).toEqual([]);
      expect(read.ads.length, format).toBe(2);
      expect(unparse(read.ads[1]!.lookup("Deep")!), format).toBe(text);
    }
  });
});

describe("matchmaking and analysis with a deep attribute in one slot", () => {
  const slots = Array.from({ length: 5 }, (_, i) => {
    const slot = new ClassAd();
    slot.setText("Name", `"slot${i}"`);
    slot.setText("Memory", i === 2 ? CHAINS["sum"]!.replaceAll("x", "1") : "4096");
    slot.setText("Requirements", "true");
    return slot;
  });
  const job = new ClassAd();
  job.setText("Requirements", "TARGET.Memory >= 1024");

  it("matches the other slots", () => {
    // The deep sum is past the evaluation depth (400, as HTCondor): that slot alone does not match.
    expect([...matchPool(job, slots).indices]).toEqual([0, 1, 3, 4]);
  });

  it("analyzes", () => {
    expect(() => analyze(job, slots)).not.toThrow();
  });

  it("matches when the job's own expression is the deep one", () => {
    const deepJob = new ClassAd();
    deepJob.setText("Requirements", "TARGET.Memory >= 1024 && MY.Deep =!= 3");
    deepJob.setText("Deep", CHAINS["selection"]!);
    expect(() => matchPool(deepJob, slots)).not.toThrow();
    expect(() => analyze(deepJob, slots)).not.toThrow();
  });
});
