/**
 * Matching semantics on small hand-made pools: what counts as a match, ranks and their order,
 * the clock, one-way matching, and the fast path's grouping.
 */
import { describe, expect, it } from "vitest";
import { ClassAd } from "../../src/classad/classad.js";
import { Pool, matchAds, matchPool, orderMatches } from "../../src/match/index.js";

/** An ad from `name: expression text` pairs (old-format text). */
function ad(attrs: Record<string, string>): ClassAd {
  const out = new ClassAd();
  for (const [name, text] of Object.entries(attrs)) out.setText(name, text, "old");
  return out;
}

const both = (slots: ClassAd[], job: ClassAd, options = {}) => {
  const fast = matchPool(job, new Pool(slots), options);
  const plain = matchPool(job, slots, { ...options, strategy: "plain" });
  expect(fast.matches).toEqual(plain.matches);
  return fast;
};

describe("what counts as a match", () => {
  const job = ad({ Requirements: "true" });
  it.each([
    ["true", true],
    ["1", true],
    ["2.5", true],
    ["-1", true],
    ["0", false],
    ["0.0", false],
    ["false", false],
    ['"true"', false],
    ["undefined", false],
    ["error", false],
    ["{ true }", false],
  ])("slot Requirements = %s", (text, matches) => {
    expect(matchAds(job, ad({ Requirements: text })).symmetric).toBe(matches);
    expect(both([ad({ Requirements: text })], job).indices.length).toBe(matches ? 1 : 0);
  });

  it("a missing Requirements never matches", () => {
    expect(matchAds(job, ad({ Memory: "1" })).symmetric).toBe(false);
    expect(both([ad({ Memory: "1" })], job).indices.length).toBe(0);
  });
});

describe("scoping", () => {
  it("unscoped names missing from the job are read from the slot, and the other way round", () => {
    const job = ad({ RequestMemory: "2048", Requirements: "Memory >= RequestMemory" });
    const slots = [
      ad({ Memory: "4096", Requirements: "RequestMemory <= Memory" }),
      ad({ Memory: "1024", Requirements: "true" }),
      ad({ Memory: "4096", Requirements: "TARGET.RequestMemory > 4096" }),
    ];
    expect([...both(slots, job).indices]).toEqual([0]);
    expect([...both(slots, job, { oneWay: true }).indices]).toEqual([0, 2]);
  });

  it("MY.x never falls back to the other ad", () => {
    const job = ad({ Requirements: "MY.Memory =?= undefined" });
    expect([...both([ad({ Memory: "1", Requirements: "true" })], job).indices]).toEqual([0]);
  });
});

describe("the clock", () => {
  it("time() and CurrentTime read the injected now", () => {
    const job = ad({ Requirements: "true" });
    const slots = [
      ad({ GLIDEIN_ToRetire: "2000", Requirements: "CurrentTime < GLIDEIN_ToRetire" }),
      ad({ GLIDEIN_ToRetire: "2000", Requirements: "time() < GLIDEIN_ToRetire" }),
    ];
    expect([...both(slots, job, { now: 1000 }).indices]).toEqual([0, 1]);
    expect([...both(slots, job, { now: 3000 }).indices]).toEqual([]);
    const pool = new Pool(slots);
    expect(matchPool(job, pool, { now: 1000 }).indices.length).toBe(2);
    expect(matchPool(job, pool, { now: 3000 }).indices.length).toBe(0);
  });
});

describe("ranks and negotiator order", () => {
  it("orders by job Rank, then slot Rank, then pool position", () => {
    const job = ad({ Requirements: "true", Rank: "TARGET.Memory" });
    const slots = [
      ad({ Name: '"a"', Memory: "1", Requirements: "true", Rank: "1" }),
      ad({ Name: '"b"', Memory: "2", Requirements: "true", Rank: "0" }),
      ad({ Name: '"c"', Memory: "1", Requirements: "true", Rank: "5" }),
      ad({ Name: '"d"', Memory: "2", Requirements: "true", Rank: "0" }),
    ];
    const result = both(slots, job);
    expect(result.matches.map((m) => m.name)).toEqual(["b", "d", "c", "a"]);
    expect(result.matches.map((m) => m.jobRank)).toEqual([2, 2, 1, 1]);
    expect(result.matches.map((m) => m.slotRank)).toEqual([0, 0, 5, 1]);
  });

  it("a job without Rank is ranked by the slot's Rank evaluated in the slot (EvalFloat)", () => {
    const job = ad({ Requirements: "true", RequestGPUs: "2" });
    const result = both([ad({ Requirements: "true", Rank: "TARGET.RequestGPUs ?: 0" })], job);
    expect(result.matches[0]?.jobRank).toBe(2);
    expect(result.matches[0]?.slotRank).toBe(2);
  });

  it("non-numeric ranks count as 0 and booleans as 0/1", () => {
    const job = ad({ Requirements: "true", Rank: '"high"' });
    const result = both([ad({ Requirements: "true", Rank: "true" })], job);
    expect(result.matches[0]?.jobRank).toBe(0);
    expect(result.matches[0]?.slotRank).toBe(1);
  });

  it("orderMatches is stable and puts NaN last", () => {
    const job = new Float64Array([1, Number.NaN, 3, 1]);
    const slot = new Float64Array([0, 0, 0, 0]);
    expect([...orderMatches([0, 1, 2, 3], job, slot)]).toEqual([2, 0, 3, 1]);
  });
});

describe("the fast path groups slots", () => {
  it("slots that differ only in values compared the same way share one evaluation", () => {
    const slots = Array.from({ length: 200 }, (_, i) =>
      ad({ Name: `"slot${i}"`, Memory: String(1000 + i * 7), Requirements: "MY.Memory >= TARGET.RequestMemory" }),
    );
    const job = ad({ RequestMemory: "1500", Requirements: "TARGET.Memory >= RequestMemory" });
    const pool = new Pool(slots);
    const result = matchPool(job, pool);
    expect(result.indices.length).toBe(slots.filter((_, i) => 1000 + i * 7 >= 1500).length);
    expect(result.stats.compiledEvaluations).toBeLessThan(12);
    const again = matchPool(job, pool);
    expect(again.stats.compiledEvaluations).toBe(0);
    expect(again.matches).toEqual(result.matches);
  });

  it("add, remove and replace regroup the pool", () => {
    const job = ad({ Requirements: "TARGET.Memory >= 2" });
    const pool = new Pool([ad({ Memory: "1", Requirements: "true" })]);
    expect(matchPool(job, pool).indices.length).toBe(0);
    pool.add(ad({ Memory: "3", Requirements: "true" }));
    expect([...matchPool(job, pool).indices]).toEqual([1]);
    pool.replace(0, ad({ Memory: "5", Requirements: "true" }));
    expect([...matchPool(job, pool).indices]).toEqual([0, 1]);
    pool.remove(0);
    expect([...matchPool(job, pool).indices]).toEqual([0]);
  });

  it("ads that define a match-context name (e.g. TARGET) take the plain path", () => {
    const job = ad({ Requirements: "TARGET.x == 1" });
    const slots = [ad({ Target: "[x = 1]", x: "2", Requirements: "true" }), ad({ x: "1", Requirements: "true" })];
    both(slots, job);
  });
});
