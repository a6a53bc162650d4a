/**
 * The projecting loader (src/formats/projection*.ts) against the plain path: a pool read for what
 * matching some jobs reads, grouped into classes while loading, must give exactly the matches,
 * ranks and indices of a pool read whole (`parseAds`) and matched slot by slot.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { ClassAd } from "../../src/classad/classad.js";
import { parseAds } from "../../src/formats/index.js";
import { resamplePool } from "../../src/formats/resample.js";
import { projectAds } from "../../src/formats/projection.js";
import { projectFile } from "../../src/formats/projection-file.js";
import { Pool, matchPool, type MatchOptions, type MatchResult } from "../../src/match/pool.js";
import { matchReads } from "../../src/match/reads.js";
import { MATCH_DATA, jobAd, matchVectors } from "./fixtures.js";

const POOL_TEXT = readFileSync(join(MATCH_DATA, "pool-ospool-143.ads"), "latin1");
const JOBS = matchVectors().map((vector) => vector.job);

/** Matches as comparable rows: input index (counting dropped ads), job rank, slot rank, name. */
function rows(result: MatchResult, slots: readonly ClassAd[]): string[] {
  return result.matches.map((m) => `${slots[m.index]?.origin?.index ?? m.index} ${m.jobRank} ${m.slotRank} ${m.name ?? ""}`);
}

function plainRows(job: ClassAd, text: string, options: MatchOptions): string[] {
  const slots = parseAds(text, { format: "long" }).ads;
  return rows(matchPool(job, new Pool(slots), { ...options, strategy: "plain" }), slots);
}

function projectedRows(job: ClassAd, text: string, options: MatchOptions): string[] {
  const table = projectAds(text, matchReads([job], ["mycurrenttime", "lastheardfrom"]));
  const pool = new Pool(table);
  pool.prepare();
  return rows(matchPool(job, pool, options), table.ads);
}

describe("projecting loader", () => {
  it("gives HTCondor's matches for every shared job on the OSPool sample, symmetric and one-way", () => {
    for (const vector of matchVectors()) {
      const job = jobAd(vector.job);
      for (const oneWay of [false, true]) {
        const table = projectAds(POOL_TEXT, matchReads([job]));
        const pool = new Pool(table);
        pool.prepare();
        const result = matchPool(job, pool, { now: vector.now, oneWay });
        const indices = [...result.indices].map((i) => table.ads[i]?.origin?.index ?? i).sort((a, b) => a - b);
        expect(indices, `${vector.job} ${oneWay ? "one-way" : "symmetric"}`).toEqual([...(oneWay ? vector.oneWay : vector.symmetric)].sort((a, b) => a - b));
        expect(projectedRows(job, POOL_TEXT, { now: vector.now, oneWay })).toEqual(plainRows(job, POOL_TEXT, { now: vector.now, oneWay }));
      }
    }
  });

  it("parses far fewer values than the pool holds, each distinct value once", () => {
    const job = jobAd("jobs/s02-ospool-container.ad");
    const table = projectAds(POOL_TEXT, matchReads([job]));
    const pool = new Pool(table);
    pool.prepare();
    matchPool(job, pool, { now: 1783286200 });
    const stats = table.stats;
    expect(stats.valuesParsed).toBeLessThanOrEqual(stats.linesKept);
    expect(stats.keptEntries).toBeLessThan(table.summary.attributes / 4);
    expect(table.ads).toHaveLength(143);
  });

  it("agrees with the plain path on resampled pools (jittered figures, every job)", () => {
    const text = [...resamplePool(POOL_TEXT, { slots: 250, seed: 7, jitter: 0.5 })].join("");
    for (const name of JOBS) {
      const job = jobAd(name);
      for (const oneWay of [false, true]) expect(projectedRows(job, text, { now: 1783286200, oneWay }), name).toEqual(plainRows(job, text, { now: 1783286200, oneWay }));
    }
  });

  it("answers lookups of attributes it did not read from the ad's text", () => {
    const job = jobAd("jobs/s04-gpu.ad");
    const table = projectAds(POOL_TEXT, matchReads([job]));
    const plain = parseAds(POOL_TEXT, { format: "long" }).ads;
    for (const i of [0, 57, 142]) {
      const ad = table.ads[i] as ClassAd;
      const whole = plain[i] as ClassAd;
      expect([...ad.names()].sort()).toEqual([...whole.names()].sort());
      for (const name of ["OpSys", "Machine", "TotalSlotCpus", "GLIDEIN_Site"]) expect(String(ad.evaluate(name).kind)).toBe(String(whole.evaluate(name).kind));
    }
  });

  it("skips a malformed ad without shifting the indices of the others", () => {
    const ads = POOL_TEXT.split(/\n\n+/).filter((ad) => ad.trim() !== "");
    const broken = [...ads.slice(0, 3), "Name = \"broken\"\nRequirements = (((\nStart = true", ...ads.slice(3, 20)].join("\n\n") + "\n";
    const job = jobAd("jobs/s01-vanilla-default.ad");
    const table = projectAds(broken, matchReads([job]));
    const plain = parseAds(broken, { format: "long" });
    expect(table.ads.map((ad) => ad.origin?.index)).toEqual(plain.ads.map((ad) => ad.origin?.index));
    expect(table.ads.map((ad) => ad.origin?.index)).not.toContain(3);
    expect(table.faults[0]).toMatchObject({ adIndex: 3 });
    expect(table.faults[0]).toMatchObject({ adIndex: plain.faults[0]?.adIndex, line: plain.faults[0]?.line });
    expect(projectedRows(job, broken, { now: 1783286200 })).toEqual(plainRows(job, broken, { now: 1783286200 }));
  });

  describe("in worker threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-projection-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("merges the parts in order and gives the answers of one thread", async () => {
      const ads = [...resamplePool(POOL_TEXT, { slots: 600, seed: 3 })];
      ads.splice(250, 0, "Name = \"broken\"\nStart = (\n\n");
      const path = join(dir, "pool.ads");
      writeFileSync(path, ads.join(""), "latin1");
      const job = jobAd("jobs/s02-ospool-container.ad");
      const plan = matchReads([job]);
      const one = await projectFile(path, plan, { workers: 1 });
      const three = await projectFile(path, plan, { workers: 3, blockSize: 1 << 16 });
      expect(one?.timings.workers).toBe(1);
      expect(three?.timings.workers).toBe(3);
      const indices = (loaded: typeof one): (number | undefined)[] => (loaded?.table.ads ?? []).map((ad) => ad.origin?.index);
      expect(indices(three)).toEqual(indices(one));
      expect(indices(one)).toEqual(parseAds(ads.join(""), { format: "long" }).ads.map((ad) => ad.origin?.index));
      const answer = (loaded: typeof one): string[] => {
        const pool = new Pool(loaded?.table);
        pool.prepare();
        return rows(matchPool(job, pool, { now: 1783286200 }), loaded?.table.ads ?? []);
      };
      expect(answer(three)).toEqual(answer(one));
      expect(answer(one)).toEqual(plainRows(job, ads.join(""), { now: 1783286200 }));
    });
  });

  it("property: projected and plain agree on random policies", () => {
    const exprs = [
      "true",
      "false",
      "Memory >= 1024",
      "TARGET.RequestMemory <= Memory",
      "MY.Cpus >= TARGET.RequestCpus",
      "Start && Flag =!= false",
      "Weight > 2",
      "ifThenElse(isUndefined(Site), true, Site == \"A\")",
      "Helper",
      "eval(\"Memory > 10\")",
      "TARGET[\"RequestCpus\"] > 0",
      "undefined",
      "Memory * 2",
      "stringListMember(\"x\", Tags)",
    ];
    const ident = fc.constantFrom("Memory", "Cpus", "Site", "Flag", "Weight", "Helper", "Tags", "Start", "Requirements", "Rank", "Other");
    const value = fc.oneof(fc.constantFrom(...exprs), fc.integer({ min: 0, max: 4096 }).map(String), fc.constantFrom("\"A\"", "\"B\"", "\"x,y\""));
    const adArb = fc.uniqueArray(fc.tuple(ident, value), { selector: ([name]) => name, maxLength: 8 });
    const jobArb = fc.record({ requirements: fc.constantFrom(...exprs), rank: fc.constantFrom("Memory", "0", "Weight + Cpus"), memory: fc.integer({ min: 0, max: 4096 }) });
    fc.assert(
      fc.property(fc.array(adArb, { minLength: 1, maxLength: 12 }), jobArb, fc.boolean(), (slots, j, oneWay) => {
        const text = slots.map((attrs, i) => [`Name = "slot${i}"`, ...attrs.map(([n, v]) => `${n} = ${v}`)].join("\n") + "\n\n").join("");
        const job = parseAds(`Requirements = ${j.requirements}\nRank = ${j.rank}\nRequestMemory = ${j.memory}\nRequestCpus = 1\n`, { format: "long" }).ads[0] as ClassAd;
        expect(projectedRows(job, text, { now: 1783286200, oneWay })).toEqual(plainRows(job, text, { now: 1783286200, oneWay }));
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
