/**
 * "Would my job match this machine?": the OSPool container job against the slot ad the probe
 * makes of the machine the tests run on. This machine has no apptainer/singularity, so neither
 * HTCondor's HasSingularity nor the pilot's HAS_SINGULARITY can be true: the analysis must say the
 * job would not match, and name both.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.js";
import { renderAnalysis } from "../../src/analyze/render.js";
import { readAds } from "../../src/formats/stream.js";
import { probe } from "../../src/probe/node.js";
import { jobAd } from "./fixtures.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples", "jobs");

describe("the OSPool container job against this machine's probed slot ad", () => {
  const machine = probe({}).then((r) => r.ad);

  it.each([
    ["jobs/s02-ospool-container.ad (conformance)", () => jobAd("jobs/s02-ospool-container.ad")],
    ["samples/jobs/ospool-container.ad (bundled)", async () => (await readAds(join(SAMPLES, "ospool-container.ad"))).ads[0]!],
  ])("%s would not match, because of HasSingularity and HAS_SINGULARITY", async (_name, load) => {
    const job = await load();
    const slot = await machine;
    const report = analyze(job, [slot], { now: Math.floor(Date.now() / 1000) });
    expect(report.verdict.matches).toBe(0);
    const reasons = report.verdict.reasons.join("\n");
    expect(reasons).toContain("HasSingularity");
    expect(reasons).toContain("HAS_SINGULARITY");
    const failing = report.jobClauses.filter((c) => c.matchedAlone === 0).map((c) => c.text);
    expect(failing).toEqual(expect.arrayContaining(["TARGET.HasSingularity", "TARGET.HAS_SINGULARITY"]));
    expect(report.container?.hasSingularity).toBe(0);
    expect(report.container?.HAS_SINGULARITY).toBe(0);
    const text = renderAnalysis(report, { poolLabel: "this machine" });
    expect(text).toContain("Verdict: matches none of the 1 slot.");
  });

  it("the plain vanilla job's clauses are each decided on this machine", async () => {
    const job = (await readAds(join(SAMPLES, "vanilla.ad"))).ads[0]!;
    const report = analyze(job, [await machine], { now: Math.floor(Date.now() / 1000) });
    expect(report.jobClauses.length).toBe(5);
    for (const clause of report.jobClauses) expect([0, 1]).toContain(clause.matchedAlone);
    // Arch and OpSys are probed from this host: a Linux x86_64 test machine passes both.
    if (process.platform === "linux" && process.arch === "x64") {
      expect(report.jobClauses[0]?.matchedAlone).toBe(1);
      expect(report.jobClauses[1]?.matchedAlone).toBe(1);
    }
  });
});
