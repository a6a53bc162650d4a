/**
 * `classad match`: output shapes, exit codes and agreement with HTCondor's expected matches.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { fakeIO } from "./fake-io.js";
import { MATCH_DATA, matchVectors } from "../match/fixtures.js";

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[]): Promise<Captured> {
  const io = fakeIO();
  const code = await main(["match", ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const POOL = join(MATCH_DATA, "pool-ospool-143.ads");
const job = (name: string): string => join(MATCH_DATA, "jobs", name);

describe("classad match", () => {
  const vectors = new Map(matchVectors().map((v) => [v.job, v]));

  it("--json lists HTCondor's matching slots with names and ranks", async () => {
    const vector = vectors.get("jobs/s02-ospool-container.ad");
    if (!vector) throw new Error("missing vector");
    const out = await runCli([job("s02-ospool-container.ad"), POOL, "--now", String(vector.now), "--json"]);
    expect(out.code).toBe(0);
    const parsed = JSON.parse(out.stdout) as { matches: { index: number; name: string; jobRank: number; slotRank: number }[] };
    expect(parsed.matches.map((m) => m.index).sort((a, b) => a - b)).toEqual(vector.symmetric);
    for (const m of parsed.matches) {
      expect(Object.keys(m)).toEqual(["index", "name", "jobRank", "slotRank"]);
      expect(typeof m.name).toBe("string");
    }
  });

  it("--one-way matches only on the job's Requirements", async () => {
    const vector = vectors.get("jobs/s10-no-project.ad");
    if (!vector) throw new Error("missing vector");
    const out = await runCli([job("s10-no-project.ad"), POOL, "--now", String(vector.now), "--one-way", "--json"]);
    expect(out.code).toBe(0);
    const parsed = JSON.parse(out.stdout) as { matches: { index: number }[] };
    expect(parsed.matches.map((m) => m.index).sort((a, b) => a - b)).toEqual(vector.oneWay);
  });

  it("orders by the job's Rank (s07 ranks by Memory)", async () => {
    const out = await runCli([job("s07-rank-memory.ad"), POOL, "--now", "1783286200", "--json"]);
    const ranks = (JSON.parse(out.stdout) as { matches: { jobRank: number }[] }).matches.map((m) => m.jobRank);
    expect(ranks.length).toBeGreaterThan(1);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it("exits 1 when nothing matches, with a readable table", async () => {
    const out = await runCli([job("s10-no-project.ad"), POOL, "--now", "1783286200"]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("0 of 143 slots match");
  });

  it("prints a table by default and timings with --stats", async () => {
    const out = await runCli([job("s04-gpu.ad"), POOL, "--now", "1783286200", "--stats"]);
    expect(out.code).toBe(0);
    expect(out.stdout.split("\n")[0]).toMatch(/INDEX\s+JOB RANK\s+SLOT RANK\s+NAME/);
    expect(out.stdout).toContain("1 of 143 slots match");
    const phases = [...out.stderr.matchAll(/^  (\w+) +([\d.]+) ms/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(phases.map(([name]) => name)).toEqual(["startup", "read", "scan", "parse", "prepare", "match", "write", "total"]);
    // The phases add up to the wall time (each printed rounded to 0.1 ms).
    const sum = phases.slice(0, -1).reduce((total, [, ms]) => total + ms, 0);
    expect(Math.abs(sum - (phases.at(-1)?.[1] ?? 0))).toBeLessThan(0.1 * phases.length);
    expect(out.stderr).toMatch(/parsing \d+ distinct values/);
    expect(out.stderr).toMatch(/peak RSS \d+ MiB/);
  });

  it("--stats --json puts the phases in the document", async () => {
    const out = await runCli([job("s04-gpu.ad"), POOL, "--now", "1783286200", "--stats", "--json"]);
    const doc = JSON.parse(out.stdout) as { matches: unknown[]; stats: { phases: { name: string; ms: number }[]; totalMs: number; peakRssMiB: number } };
    expect(doc.matches).toHaveLength(1);
    expect(doc.stats.phases.map((p) => p.name)).toEqual(["startup", "read", "scan", "parse", "prepare", "match", "write"]);
    expect(doc.stats.peakRssMiB).toBeGreaterThan(0);
  });

  it("--repeat N reports cold and warm times per job, in text and JSON", async () => {
    const text = await runCli([job("s04-gpu.ad"), POOL, "--now", "1783286200", "--repeat", "3"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/143 slots, fast strategy, 3 warm runs per job/);
    expect(text.stdout).toMatch(/COLD us\/slot/);
    expect(text.stdout).toMatch(/peak RSS \d+ MiB/);
    const json = await runCli([job("s04-gpu.ad"), POOL, "--now", "1783286200", "--repeat", "2", "--json"]);
    const doc = JSON.parse(json.stdout) as { slots: number; jobs: { matched: number; runs: number; coldMs: number; warmBestMs: number; warmUsPerSlot: number }[] };
    expect(doc.slots).toBe(143);
    expect(doc.jobs).toHaveLength(1);
    expect(doc.jobs[0]).toMatchObject({ matched: 1, runs: 2 });
    expect(doc.jobs[0]?.warmBestMs).toBeGreaterThanOrEqual(0);
    expect((await runCli([job("s04-gpu.ad"), POOL, "--repeat", "0"])).code).toBe(2);
    expect((await runCli([job("s04-gpu.ad"), POOL, "--threads", "x"])).code).toBe(2);
  });

  it("scanning in worker threads gives the answers of one thread", async () => {
    for (const name of ["s02-ospool-container.ad", "s06-os-and-site.ad"]) {
      const one = await runCli([job(name), POOL, "--now", "1783286200", "--json", "--threads", "1"]);
      const two = await runCli([job(name), POOL, "--now", "1783286200", "--json", "--threads", "2"]);
      expect(two.stdout).toBe(one.stdout);
    }
  });

  it("--plain gives the same answer", async () => {
    const fast = await runCli([job("s06-os-and-site.ad"), POOL, "--now", "1783286200", "--json"]);
    const plain = await runCli([job("s06-os-and-site.ad"), POOL, "--now", "1783286200", "--json", "--plain"]);
    expect(plain.stdout).toBe(fast.stdout);
  });

  it("--help prints usage and exits 0", async () => {
    const out = await runCli(["--help"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("usage: classad match JOB POOL");
  });

  it("exits 2 on bad input", async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli([job("s01-vanilla-default.ad")])).code).toBe(2);
    expect((await runCli([job("s01-vanilla-default.ad"), POOL, "--now", "soon"])).code).toBe(2);
    expect((await runCli([job("s01-vanilla-default.ad"), POOL, "--bogus"])).code).toBe(2);
    expect((await runCli([job("missing.ad"), POOL])).code).toBe(2);
  });
});
