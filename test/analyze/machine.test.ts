/**
 * "Would my job match this machine?": jobs against the slot ad the probe makes of a host. The
 * hosts are the probe's fixtures (test/data/probe: a file tree and a fake runner), never the
 * machine the tests run on, and the clock is the conformance vectors' fixed `now`, so the answers
 * do not depend on what is installed here or on today's date.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.js";
import { renderAnalysis } from "../../src/analyze/render.js";
import type { ClassAd } from "../../src/classad/classad.js";
import { readAds } from "../../src/formats/stream.js";
import type { HostView } from "../../src/probe/host-view.js";
import { probe } from "../../src/probe/node.js";
import { fixtureView } from "../probe/fixture-view.js";
import { jobAd, sampleNow } from "./fixtures.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples", "jobs");

async function slotOf(view: HostView): Promise<ClassAd> {
  return (await probe({ view, timeoutMs: 1000 })).ad;
}

const containerJobs: Array<[string, () => Promise<ClassAd>]> = [
  ["jobs/s02-ospool-container.ad (conformance)", () => jobAd("jobs/s02-ospool-container.ad")],
  ["samples/jobs/ospool-container.ad (bundled)", async () => (await readAds(join(SAMPLES, "ospool-container.ad"))).ads[0]!],
];

async function vanillaJob(): Promise<ClassAd> {
  return (await readAds(join(SAMPLES, "vanilla.ad"))).ads[0]!;
}

describe("the OSPool container job against probed hosts", () => {
  it.each(containerJobs)("%s does not match a host without a container runtime, because of HasSingularity and HAS_SINGULARITY", async (_name, load) => {
    const report = analyze(await load(), [await slotOf(fixtureView("gpu-host"))], { now: sampleNow() });
    expect(report.verdict.matches).toBe(0);
    const reasons = report.verdict.reasons.join("\n");
    expect(reasons).toContain("HasSingularity");
    expect(reasons).toContain("HAS_SINGULARITY");
    const failing = report.jobClauses.filter((c) => c.matchedAlone === 0).map((c) => c.text);
    expect(failing).toEqual(["TARGET.HasSingularity", "TARGET.HAS_SINGULARITY"]);
    expect(report.container?.hasSingularity).toBe(0);
    expect(report.container?.HAS_SINGULARITY).toBe(0);
    const text = renderAnalysis(report, { poolLabel: "this machine" });
    expect(text).toContain("Verdict: matches none of the 1 slot.");
  });

  it.each(containerJobs)("%s matches a host whose apptainer passes both views' tests", async (_name, load) => {
    const report = analyze(await load(), [await slotOf(fixtureView("apptainer-host"))], { now: sampleNow() });
    expect(report.verdict.matches).toBe(1);
    expect(report.jobClauses.every((c) => c.matchedAlone === 1)).toBe(true);
    expect(report.container).toMatchObject({ hasSingularity: 1, HAS_SINGULARITY: 1, both: 1 });
  });

  it("does not match a host whose kernel refuses user namespaces (the runtime is there but cannot run)", async () => {
    const job = await jobAd("jobs/s02-ospool-container.ad");
    const report = analyze(job, [await slotOf(fixtureView("userns-disabled"))], { now: sampleNow() });
    expect(report.verdict.matches).toBe(0);
    expect(report.container).toMatchObject({ hasSingularity: 0, HAS_SINGULARITY: 0 });
  });
});

describe("the plain vanilla job against probed hosts", () => {
  it("matches an x86_64 Linux host, each clause decided by the probed values", async () => {
    const report = analyze(await vanillaJob(), [await slotOf(fixtureView("gpu-host"))], { now: sampleNow() });
    expect(report.jobClauses.map((c) => c.matchedAlone)).toEqual([1, 1, 1, 1, 1]);
    expect(report.verdict.matches).toBe(1);
  });

  it("fails only the Arch clause on an aarch64 host (Arch comes from uname's machine)", async () => {
    const host = fixtureView("gpu-host");
    const arm: HostView = { ...host, uname: { ...host.uname, machine: "aarch64" } };
    const report = analyze(await vanillaJob(), [await slotOf(arm)], { now: sampleNow() });
    expect(report.verdict.matches).toBe(0);
    expect(report.jobClauses.filter((c) => c.matchedAlone === 0).map((c) => c.text)).toEqual(['TARGET.Arch == "X86_64"']);
  });
});
