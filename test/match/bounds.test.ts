/**
 * What a Pool learns is bounded (the key interner, the memos, the key columns) and the bounds
 * never change an answer; `changed()` makes in-place edits of slot ads visible.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClassAd } from "../../src/classad/classad.js";
import { createEnvironment } from "../../src/classad/environment.js";
import { parseAds } from "../../src/formats/read.js";
import { Pool, matchPool, type MatchResult } from "../../src/match/index.js";
import { intValue } from "../../src/model/value.js";
import { literal } from "../../src/ast/build.js";

function ad(attrs: Record<string, string>): ClassAd {
  const out = new ClassAd();
  for (const [name, text] of Object.entries(attrs)) out.setText(name, text, "old");
  return out;
}

const NOW = 1_700_000_000;
const OSPOOL = join(__dirname, "../data/conformance/match/pool-ospool-143.ads");

function answers(result: MatchResult): unknown {
  return { matches: result.matches };
}

/** Jobs that differ in structure and constants: each brings new keys to the interner. */
function distinctJob(i: number): ClassAd {
  return ad({
    RequestMemory: String(1000 + (i % 97) * 37),
    RequestCpus: String(1 + (i % 4)),
    Owner: `"user${i}"`,
    Requirements:
      `TARGET.Memory >= RequestMemory && TARGET.Cpus >= RequestCpus && ` +
      `(TARGET.Memory - ${i}) > ${i % 13} ${i % 3 === 0 ? `&& TARGET.Arch == "X86_64"` : `|| TARGET.Disk > ${i * 11}`}`,
    Rank: `TARGET.Memory * ${1 + (i % 5)} + ${i}`,
  });
}

describe("a Pool's bounded interner", () => {
  it("never holds more keys than its capacity, and answers stay equal to the plain path", () => {
    const slots = parseAds(readFileSync(OSPOOL, "utf8")).ads;
    const capacity = 600;
    const pool = new Pool(slots, { keyCapacity: capacity });
    let generations = 0;
    let lastGeneration = pool.learnt().generation;
    for (let i = 0; i < 150; i++) {
      const job = distinctJob(i);
      const fast = matchPool(job, pool, { now: NOW });
      const plain = matchPool(job, slots, { now: NOW, strategy: "plain" });
      expect(answers(fast)).toEqual(answers(plain));
      const learnt = pool.learnt();
      expect(learnt.keys).toBeLessThanOrEqual(capacity);
      expect(learnt.keyCapacity).toBe(capacity);
      if (learnt.generation !== lastGeneration) generations++;
      lastGeneration = learnt.generation;
    }
    // The bound was reached, and the pool started over rather than growing.
    expect(generations).toBeGreaterThan(0);
  });

  it("a capacity too small for the pool itself still gives the plain path's answers", () => {
    const slots = parseAds(readFileSync(OSPOOL, "utf8")).ads.slice(0, 40);
    const pool = new Pool(slots, { keyCapacity: 5 });
    for (let i = 0; i < 12; i++) {
      const job = distinctJob(i);
      expect(answers(matchPool(job, pool, { now: NOW }))).toEqual(answers(matchPool(job, slots, { now: NOW, strategy: "plain" })));
      expect(pool.learnt().keys).toBeLessThanOrEqual(5);
    }
  });

  it("bounds the memos and the key columns too", () => {
    const slots = parseAds(readFileSync(OSPOOL, "utf8")).ads;
    const pool = new Pool(slots, { memoNodes: 50, maxColumns: 8 });
    for (let i = 0; i < 40; i++) {
      const job = distinctJob(i);
      // Attributes no other job reads: each needs a column of its own.
      job.set(`Extra${i}`, literal(intValue(i)));
      job.setText("Requirements", `${job.rawText("Requirements") ?? "true"} && TARGET.Unknown${i} =?= UNDEFINED`, "old");
      expect(answers(matchPool(job, pool, { now: NOW }))).toEqual(answers(matchPool(job, slots, { now: NOW, strategy: "plain" })));
      const learnt = pool.learnt();
      expect(learnt.columns).toBeLessThanOrEqual(8);
      // A memo is dropped at the start of the answer after the one that took it past the bound:
      // four questions, each at most the bound plus what one job adds.
      expect(learnt.memoNodes).toBeLessThan(4 * (50 + 2000));
    }
  });
});

describe("Pool.changed()", () => {
  it("makes in-place changes of slot ads visible to the next match", () => {
    const job = ad({ RequestMemory: "2048", Requirements: "TARGET.Memory >= RequestMemory" });
    const slots = [ad({ Name: '"a"', Memory: "1024", Requirements: "true" }), ad({ Name: '"b"', Memory: "4096", Requirements: "true" })];
    const pool = new Pool(slots).prepare();
    expect(matchPool(job, pool, { now: NOW }).matches.map((m) => m.name)).toEqual(["b"]);
    slots[0]?.setText("Memory", "8192", "old");
    slots[1]?.setText("Memory", "512", "old");
    pool.changed();
    expect(matchPool(job, pool, { now: NOW }).matches.map((m) => m.name)).toEqual(["a"]);
    slots[0]?.setText("Name", '"renamed"', "old");
    pool.changed();
    expect(matchPool(job, pool, { now: NOW }).matches.map((m) => m.name)).toEqual(["renamed"]);
  });
});

describe("environments in a Pool", () => {
  it("keeps one memo per environment: a function of one environment never answers for another", () => {
    const job = ad({ Requirements: "pick(TARGET.Memory)" });
    const slots = [ad({ Memory: "1024", Requirements: "true" }), ad({ Memory: "4096", Requirements: "true" })];
    const base = createEnvironment({ timeZone: "UTC" }).functions;
    const register = (limit: number) =>
      createEnvironment({
        timeZone: "UTC",
        functions: (base as import("../../src/functions/registry.js").FunctionRegistry).extend().register("pick", (args, cx) => {
          const value = cx.evaluate(args[0] as import("../../src/model/nodes.js").Expr, cx.scope);
          return { kind: "bool", v: value.kind === "int" && Number(value.v) > limit };
        }),
      });
    const small = register(2000);
    const large = register(8000);
    const pool = new Pool(slots, { environment: small });
    expect([...matchPool(job, pool, { now: NOW }).indices]).toEqual([1]);
    expect([...matchPool(job, pool, { now: NOW, environment: large }).indices]).toEqual([]);
    expect([...matchPool(job, pool, { now: NOW }).indices]).toEqual([1]);
  });
});
