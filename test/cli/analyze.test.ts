/**
 * `classad analyze` and `classad demo` in process (through the dispatcher, with a fake IO):
 * options, sources of the pool, output shapes and exit codes.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { createProgress, progressAllowed } from "../../src/cli/progress.js";
import { fakeIO } from "./fake-io.js";

const MATCH = join(import.meta.dirname, "..", "data", "conformance", "match");
const POOL = join(MATCH, "pool-ospool-143.ads");
const job = (name: string): string => join(MATCH, "jobs", name);
const NOW = "1783286200";

describe("classad analyze", () => {
  it("exits 0 and prints the clause table and verdict when the job matches", async () => {
    const io = fakeIO();
    const code = await main(["analyze", job("s01-vanilla-default.ad"), POOL, "--now", NOW], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toContain("The job's Requirements, clause by clause");
    expect(out).toMatch(/^\[1\] +143 +143 +TARGET\.Arch == "X86_64"$/m);
    expect(out).toContain("Verdict: matches 93 of 143 slots.");
  });

  it("exits 1 when the job matches nothing, with the reasons", async () => {
    const io = fakeIO();
    const code = await main(["analyze", job("s11-big-memory.ad"), POOL, "--now", NOW], io);
    expect(code).toBe(1);
    expect(io.stdout()).toContain("Verdict: matches none of the 143 slots.");
    expect(io.stdout()).toContain("Smallest change found");
  });

  it("--json prints the typed report", async () => {
    const io = fakeIO();
    const code = await main(["analyze", job("s10-no-project.ad"), POOL, "--now", NOW, "--json"], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.stdout());
    expect(report.totals).toEqual({ slots: 143, rejectedByJob: 0, rejectedBySlot: 143, matched: 0 });
    expect(report.verdict.matches).toBe(0);
    expect(report.jobClauses).toEqual([{ index: 1, text: "true", matchedAlone: 143, remaining: 143, constant: true }]);
    expect(report.now).toBe(Number(NOW));
  });

  it("--set applies a what-if change and the exit code follows it", async () => {
    const io = fakeIO();
    const code = await main(
      ["analyze", job("s11-big-memory.ad"), POOL, "--now", NOW, "--set", "RequestMemory=1024", "--set", "RequestCpus = 1", "--json"],
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout());
    expect(report.changes).toEqual([
      { name: "RequestMemory", value: "1024", previous: "65536" },
      { name: "RequestCpus", value: "1", previous: "16" },
    ]);
    expect(report.verdict.matches).toBeGreaterThan(0);
  });

  it("reads the pool from stdin with -", async () => {
    const io = fakeIO({ stdin: readFileSync(POOL) });
    const code = await main(["analyze", job("s04-gpu.ad"), "-", "--now", NOW, "--json"], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout()).matchedSlots).toEqual([61]);
  });

  it("reads the job from stdin with -", async () => {
    const io = fakeIO({ stdin: readFileSync(job("s04-gpu.ad")) });
    const code = await main(["analyze", "-", POOL, "--now", NOW, "--json"], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout()).matchedSlots).toEqual([61]);
  });

  it("without POOL, uses condor_status -long when it is on PATH", async () => {
    const bin = mkdtempSync(join(tmpdir(), "classad-bin-"));
    const script = join(bin, "condor_status");
    writeFileSync(script, `#!/bin/sh\n[ "$1" = "-long" ] || exit 3\nexec cat '${POOL}'\n`);
    chmodSync(script, 0o755);
    const io = fakeIO({ env: { PATH: `${bin}:/usr/bin:/bin` } });
    const code = await main(["analyze", job("s04-gpu.ad"), "--now", NOW, "--json"], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout());
    expect(report.pool).toBe("condor_status -long");
    expect(report.matchedSlots).toEqual([61]);
  });

  it("a failing condor_status is bad input (exit 2)", async () => {
    const bin = mkdtempSync(join(tmpdir(), "classad-bin-"));
    writeFileSync(join(bin, "condor_status"), "#!/bin/sh\necho 'cannot reach collector' >&2\nexit 1\n");
    chmodSync(join(bin, "condor_status"), 0o755);
    const io = fakeIO({ env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(await main(["analyze", job("s04-gpu.ad")], io)).toBe(2);
    expect(io.stderr()).toContain("cannot reach collector");
  });

  it.each([
    [["analyze"], /expected JOB \[POOL\]/],
    [["analyze", job("s01-vanilla-default.ad")], /condor_status is not on PATH/],
    [["analyze", "/no/such/job.ad", POOL], /no such file/],
    [["analyze", job("s01-vanilla-default.ad"), POOL, "--now", "soon"], /--now expects/],
    [["analyze", job("s01-vanilla-default.ad"), POOL, "--set", "RequestMemory"], /--set/],
    [["analyze", job("s01-vanilla-default.ad"), POOL, "--set", "RequestMemory=(("], /--set/],
    [["analyze", job("s01-vanilla-default.ad"), POOL, "--bogus"], /bogus/],
    [["analyze", "-", "-"], /both be read from stdin/],
  ])("%j is bad input: exit 2 with a message", async (argv, message) => {
    const io = fakeIO();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stdout()).toBe("");
  });

  it("an empty job file is bad input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-analyze-"));
    writeFileSync(join(dir, "empty.ad"), "\n");
    const io = fakeIO();
    expect(await main(["analyze", join(dir, "empty.ad"), POOL], io)).toBe(2);
    expect(io.stderr()).toMatch(/no job ad/);
  });

  it("--help documents the options and exit codes", async () => {
    const io = fakeIO();
    expect(await main(["analyze", "--help"], io)).toBe(0);
    for (const word of ["--set", "--now", "--json", "condor_status", "exit status"]) expect(io.stdout()).toContain(word);
  });
});

describe("progress", () => {
  it("is shown only on a terminal, never under --json or CI", () => {
    expect(progressAllowed(fakeIO({ stderrIsTTY: true }), false)).toBe(true);
    expect(progressAllowed(fakeIO({ stderrIsTTY: false }), false)).toBe(false);
    expect(progressAllowed(fakeIO({ stderrIsTTY: true }), true)).toBe(false);
    expect(progressAllowed(fakeIO({ stderrIsTTY: true, env: { CI: "true" } }), false)).toBe(false);
    expect(progressAllowed(fakeIO({ stderrIsTTY: true, env: { CI: "1" } }), false)).toBe(false);
  });

  it("draws on stderr and erases itself", () => {
    const io = fakeIO({ stderrIsTTY: true });
    const progress = createProgress(io, "analyzing", false);
    progress.update(10, 10);
    progress.finish();
    expect(io.stderr()).toContain("analyzing: 10/10 (100%)");
    expect(io.stderr().endsWith("\r\u001b[K")).toBe(true);
    expect(io.stdout()).toBe("");
  });
});

describe("classad demo", () => {
  it("analyzes the three bundled jobs against this machine and a sample pool", async () => {
    const io = fakeIO();
    const code = await main(["demo", "--slots", "200", "--json"], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.pool.slots).toBe(200);
    expect(out.jobs.map((j: { name: string }) => j.name)).toEqual(["vanilla", "ospool-container", "gpu"]);
    for (const j of out.jobs) {
      expect(j.machine.totals.slots).toBe(1);
      expect(j.pool.totals.slots).toBe(200);
    }
    const [vanilla, container, gpu] = out.jobs;
    expect(vanilla.pool.verdict.matches).toBeGreaterThan(0);
    expect(container.pool.container).not.toBeNull();
    expect(container.machine.container).not.toBeNull();
    expect(gpu.pool.jobClauses.at(-1).text).toContain("countMatches");
  });

  it("is reproducible for a seed", async () => {
    const first = fakeIO();
    const second = fakeIO();
    await main(["demo", "--slots", "50", "--seed", "7", "--json"], first);
    await main(["demo", "--slots", "50", "--seed", "7", "--json"], second);
    const pools = [first, second].map((io) => JSON.parse(io.stdout()).jobs.map((j: { pool: unknown }) => j.pool));
    expect(pools[0]).toEqual(pools[1]);
  });

  it("rejects a bad --slots, and one past the documented maximum", async () => {
    const io = fakeIO();
    expect(await main(["demo", "--slots", "none"], io)).toBe(2);
    expect(io.stderr()).toMatch(/--slots/);
    const past = fakeIO();
    expect(await main(["demo", "--slots", "50001"], past)).toBe(2);
    expect(past.stderr()).toMatch(/--slots expects an integer from 1 to 50000/);
  });

  it("reads a pool of more slots than one batch of its reader", async () => {
    const io = fakeIO();
    expect(await main(["demo", "--slots", "2500", "--json"], io)).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.pool.slots).toBe(2500);
    for (const j of out.jobs) expect(j.pool.totals.slots).toBe(2500);
  });
});

describe("classad analyze --stats", () => {
  it("prints the phases to stderr, adding up to the wall time, and the same report on stdout", async () => {
    const plain = fakeIO();
    await main(["analyze", job("s02-ospool-container.ad"), POOL, "--now", NOW], plain);
    const io = fakeIO();
    const code = await main(["analyze", job("s02-ospool-container.ad"), POOL, "--now", NOW, "--stats", "--threads", "1"], io);
    expect(code).toBe(0);
    expect(io.stdout()).toBe(plain.stdout());
    const phases = [...io.stderr().matchAll(/^  (\w+) +([\d.]+) ms/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(phases.map(([name]) => name)).toEqual(["startup", "read", "scan", "parse", "prepare", "analyze", "write", "total"]);
    const sum = phases.slice(0, -1).reduce((total, [, ms]) => total + ms, 0);
    expect(Math.abs(sum - (phases.at(-1)?.[1] ?? 0))).toBeLessThan(0.1 * phases.length);
    expect(io.stderr()).toMatch(/^classad analyze: 143 slots$/m);
    expect(io.stderr()).toMatch(/\d+ slot classes/);
    expect(io.stderr()).toMatch(/peak RSS \d+ MiB/);
  });

  it("with --json, puts the phases in the document", async () => {
    const io = fakeIO();
    await main(["analyze", job("s02-ospool-container.ad"), POOL, "--now", NOW, "--stats", "--json"], io);
    const doc = JSON.parse(io.stdout()) as { totals: { slots: number }; stats: { phases: { name: string }[]; peakRssMiB: number } };
    expect(doc.totals.slots).toBe(143);
    expect(doc.stats.phases.map((p) => p.name)).toEqual(["startup", "read", "scan", "parse", "prepare", "analyze", "write"]);
    expect(doc.stats.peakRssMiB).toBeGreaterThan(0);
  });

  it("refuses a --threads that is not a whole number of at least 1", async () => {
    const io = fakeIO();
    expect(await main(["analyze", job("s02-ospool-container.ad"), POOL, "--threads", "0"], io)).toBe(2);
    expect(io.stderr()).toContain("--threads expects a whole number of at least 1");
  });
});
