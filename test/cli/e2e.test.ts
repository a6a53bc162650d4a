/**
 * End to end: the built `classad` binary spawned as a user runs it (`node dist/cli/main.js`),
 * with real files, stdin, and exit codes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { classad, ensureBuilt, ROOT } from "./built-cli.js";

const MATCH = join(ROOT, "test", "data", "conformance", "match");
const POOL = join(MATCH, "pool-ospool-143.ads");
const job = (name: string): string => join(MATCH, "jobs", name);
const NOW = "1783286200";

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe("classad (built binary)", () => {
  it("lists its subcommands with --help, and exits 2 on an unknown one", async () => {
    const help = await classad(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["eval", "match", "analyze", "convert", "probe", "demo"]) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    const unknown = await classad(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command");
  });

  it("analyze: a matching job exits 0 with the report on stdout and nothing on stderr", async () => {
    const r = await classad(["analyze", job("s02-ospool-container.ad"), POOL, "--now", NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Container readiness");
    expect(r.stdout).toContain("Verdict: matches 90 of 143 slots.");
  });

  it("analyze: a job matching nothing exits 1", async () => {
    const r = await classad(["analyze", job("s10-no-project.ad"), POOL, "--now", NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("does not define ProjectName");
  });

  it("analyze: the pool from stdin, JSON out", async () => {
    const r = await classad(["analyze", job("s06-os-and-site.ad"), "-", "--now", NOW, "--json"], { stdin: readFileSync(POOL) });
    expect(r.code).toBe(0);
    const expected = readFileSync(join(MATCH, "expected.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((v) => v.job === "jobs/s06-os-and-site.ad");
    expect(JSON.parse(r.stdout).matchedSlots).toEqual(expected.symmetric);
  });

  it("analyze: a gzipped pool and a what-if", async () => {
    const r = await classad(
      ["analyze", job("s11-big-memory.ad"), join(ROOT, "samples", "ospool-143.ads.gz"), "--now", NOW, "--set", "RequestCpus=1", "--set", "RequestMemory=4096"],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("What-if");
    expect(r.stdout).toContain("RequestMemory = 4096    (was 65536)");
  });

  it("analyze: bad input exits 2 with a message on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-e2e-"));
    const garbage = join(dir, "garbage.ad");
    writeFileSync(garbage, "this is not = = a ClassAd ((\n");
    for (const args of [["analyze"], ["analyze", "/no/such/file", POOL], ["analyze", garbage, POOL], ["analyze", job("s01-vanilla-default.ad"), POOL, "--set", "x"]]) {
      const r = await classad(args, { env: { PATH: "/usr/bin:/bin", CI: "1" } });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^classad/);
      expect(r.stdout, args.join(" ")).toBe("");
    }
  });

  it("analyze --help exits 0", async () => {
    const r = await classad(["analyze", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: classad analyze");
  });

  it("demo runs on the bundled samples and reports every job against both targets", async () => {
    const r = await classad(["demo"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This machine (probed):");
    expect(r.stdout).toMatch(/Sample pool: 500 slots resampled/);
    expect(r.stdout.match(/^=== Job \d: /gm)).toHaveLength(3);
    expect(r.stdout.match(/^This machine: (MATCHES|does not match)\.$/gm)).toHaveLength(3);
    expect(r.stdout.match(/^Sample pool: matches /gm)).toHaveLength(3);
  });
});
