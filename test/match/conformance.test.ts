/**
 * HTCondor's own answers: each conformance job against the 143 real OSPool slots, symmetric and
 * one-way, on the fast path (one Pool shared by every job) and on the plain path.
 */
import { describe, expect, it } from "vitest";
import { Pool, matchPool } from "../../src/match/index.js";
import { matchSides } from "../../src/match/pool.js";
import { requirementsHold } from "../../src/match/slow-path.js";
import { jobAd, matchVectors, ospoolSlots } from "./fixtures.js";

const ascending = (indices: Iterable<number>): number[] => [...indices].sort((a, b) => a - b);

describe("match conformance (test/data/conformance/match/expected.jsonl)", () => {
  const vectors = matchVectors();
  const slots = ospoolSlots();
  const pool = new Pool(slots);

  it("has the 143-slot pool and every vector", () => {
    expect(slots).toHaveLength(143);
    expect(vectors).toHaveLength(12);
    expect(new Set(vectors.map((v) => v.job)).size).toBe(12);
  });

  for (const strategy of ["fast", "plain"] as const) {
    describe(strategy, () => {
      it.each(vectors.map((v) => [v.job, v] as const))("%s", (_name, vector) => {
        const job = jobAd(vector.job);
        const target = strategy === "fast" ? pool : slots;
        const symmetric = matchPool(job, target, { now: vector.now, strategy });
        const oneWay = matchPool(job, target, { now: vector.now, strategy, oneWay: true });
        expect(ascending(symmetric.indices)).toEqual(vector.symmetric);
        expect(ascending(oneWay.indices)).toEqual(vector.oneWay);
      });
    });
  }

  it("the fast path answers every pair the way the plain path does (ranks and order included)", () => {
    for (const vector of vectors) {
      const job = jobAd(vector.job);
      for (const oneWay of [false, true]) {
        const fast = matchPool(job, pool, { now: vector.now, oneWay });
        const plain = matchPool(job, slots, { now: vector.now, oneWay, strategy: "plain" });
        expect(fast.matches).toEqual(plain.matches);
      }
    }
  });

  it("matchSides gives each side of every pair apart, as HTCondor's one-way matches and the plain evaluation of each side", () => {
    for (const vector of vectors) {
      const job = jobAd(vector.job);
      for (const strategy of ["fast", "plain"] as const) {
        const sides = matchSides(job, pool, { now: vector.now, strategy });
        expect(ascending([...sides.job].flatMap((ok, i) => (ok === 1 ? [i] : [])))).toEqual(vector.oneWay);
        const both = slots.flatMap((_, i) => (sides.job[i] === 1 && sides.slot[i] === 1 ? [i] : []));
        expect(both).toEqual(vector.symmetric);
        const slotSide = slots.map((slot) => (requirementsHold(slot, job, { now: vector.now }) ? 1 : 0));
        expect([...sides.slot]).toEqual(slotSide);
      }
    }
  });
});
