/**
 * The analysis over slot classes (one evaluation per class and clause, the classes of a pool read
 * by the projecting loader) gives the report of the analysis slot by slot on the whole ads.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, CONTAINER_PROBES } from "../../src/analyze/analyze.js";
import { applyChanges, type JobChange } from "../../src/analyze/what-if.js";
import { parseAds } from "../../src/formats/index.js";
import { projectAds } from "../../src/formats/projection.js";
import { resamplePool } from "../../src/formats/resample.js";
import { Pool } from "../../src/match/pool.js";
import { matchReads } from "../../src/match/reads.js";
import { MATCH_DATA, jobAd, matchVectors } from "../match/fixtures.js";

const POOL_TEXT = readFileSync(join(MATCH_DATA, "pool-ospool-143.ads"), "latin1");

function both(jobName: string, text: string, set: readonly JobChange[] = []): [unknown, unknown, number] {
  const job = jobAd(jobName);
  const plain = analyze(job, parseAds(text, { format: "long" }).ads, { now: 1783286200, set });
  const reads = matchReads([applyChanges(job, set).job], ["mycurrenttime", "lastheardfrom", ...CONTAINER_PROBES]);
  const table = projectAds(text, reads);
  const classes = table.slotClasses(["name", "mycurrenttime", "lastheardfrom"].filter((name) => !reads.jobNames.has(name)));
  const classed = analyze(job, table.ads, { now: 1783286200, set, slotClasses: classes, pool: new Pool(table) });
  return [classed, plain, new Set(classes).size];
}

describe("analysis by slot classes", () => {
  it("reports exactly what the slot-by-slot analysis does, for every shared job on the OSPool sample", () => {
    for (const vector of matchVectors()) {
      const [classed, plain, classCount] = both(vector.job, POOL_TEXT);
      expect(classed, vector.job).toEqual(plain);
      expect(classCount).toBeLessThanOrEqual(143);
    }
  });

  it("on a resampled pool, with a what-if change, evaluating fewer classes than slots", () => {
    const text = [...resamplePool(POOL_TEXT, { slots: 300, seed: 5, jitter: 0 })].join("");
    const set: JobChange[] = [{ name: "RequestMemory", value: "8192" }];
    for (const name of ["jobs/s02-ospool-container.ad", "jobs/s04-gpu.ad", "jobs/s10-no-project.ad"]) {
      const [classed, plain, classCount] = both(name, text, set);
      expect(classed, name).toEqual(plain);
      expect(classCount).toBeLessThan(300);
    }
  });

  it("asks the job's side of the matcher when given a pool over the slots, with the same report", () => {
    const slots = parseAds(POOL_TEXT, { format: "long" }).ads;
    for (const vector of matchVectors()) {
      const job = jobAd(vector.job);
      const withPool = analyze(job, slots, { now: vector.now, pool: new Pool(slots) });
      expect(withPool, vector.job).toEqual(analyze(job, slots, { now: vector.now }));
    }
  });

  it("gives two slots the same class exactly when they agree on every column of the table", () => {
    const text = [...resamplePool(POOL_TEXT, { slots: 400, seed: 9, jitter: 0 })].join("");
    const reportOnly = ["name", "mycurrenttime", "lastheardfrom"];
    const table = projectAds(text, matchReads([jobAd("jobs/s02-ospool-container.ad")], [...reportOnly, ...CONTAINER_PROBES]));
    const classes = table.slotClasses(reportOnly);
    // No kept value of this pool reads the report-only names, so they split no class.
    const keyed = table.columns.filter((_, c) => !reportOnly.includes(table.names[c] as string));
    expect(keyed.length).toBe(table.columns.length - reportOnly.length);
    const rowKey = (r: number): string => keyed.map((column) => column[r]).join(",");
    for (let a = 0; a < table.ads.length; a += 7) {
      for (let b = 0; b < table.ads.length; b++) {
        expect(classes[a] === classes[b], `${a} ${b}`).toBe(rowKey(a) === rowKey(b));
      }
    }
    expect(new Set(classes).size).toBeLessThan(400);
  });

  it("rejects classes that do not fit the slots", () => {
    expect(() => analyze(jobAd("jobs/s01-vanilla-default.ad"), parseAds(POOL_TEXT, { format: "long" }).ads, { slotClasses: new Int32Array(3) })).toThrow(RangeError);
  });
});
