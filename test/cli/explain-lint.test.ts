/** `classad eval --explain / --json / --lint` and `classad lint`, in process with a fake CliIO. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run as evalRun } from "../../src/cli/commands/eval.js";
import { run as lintRun } from "../../src/cli/commands/lint.js";
import { fakeIO } from "./fake-io.js";

const dir = mkdtempSync(join(tmpdir(), "classad-explain-"));
const JOB = join(dir, "job.ad");
const SLOT = join(dir, "slot.ad");
writeFileSync(JOB, 'MyType = "Job"\nRequestMemory = 2048\nRequestCpus = 1\nRequirements = TARGET.Memory >= RequestMemory && TARGET.Cpus >= RequestCpus && TARGET.HasDocker\n');
writeFileSync(SLOT, 'MyType = "Machine"\nName = "slot1@node"\nMemory = 4096\nCpus = 4\n');

async function cli(run: (argv: string[], io: ReturnType<typeof fakeIO>) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIO();
  const code = await run(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("classad eval --explain", () => {
  it("names the slot attribute the slot lacks as UNDEFINED and shows the other references' values", async () => {
    const r = await cli(evalRun, ["--explain", "--my", JOB, "--target", SLOT, "Requirements"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("Requirements  =>  undefined");
    expect(r.out).toMatch(/undefined {3}TARGET\.HasDocker {3}\[missing: TARGET does not define it\] {3}<- first UNDEFINED/);
    expect(r.out).toMatch(/4096 {3}TARGET\.Memory {3}\[TARGET\]/);
    expect(r.out).toMatch(/2048 {3}RequestMemory {3}\[MY\]/);
    expect(r.out).toMatch(/4 {3}TARGET\.Cpus {3}\[TARGET\]/);
    expect(r.out).toContain("* marks the path from the first UNDEFINED to the result: TARGET.HasDocker (missing: TARGET does not define it) makes the result UNDEFINED.");
  });

  it("--json: one JSON document per expression, with the tree", async () => {
    const r = await cli(evalRun, ["--explain", "--json", "--my", JOB, "--target", SLOT, "Requirements", "1 + 1"]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] as string) as { value: string; problem: { text: string }; tree: { reference: { source: string } } };
    expect(first.value).toBe("undefined");
    expect(first.problem.text).toBe("TARGET.HasDocker");
    expect(first.tree.reference.source).toBe("MY");
    expect(JSON.parse(lines[1] as string)).toMatchObject({ value: "2", type: "int" });
  });

  it("--json alone is a usage error", async () => {
    const r = await cli(evalRun, ["--json", "1"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--json goes with --explain");
  });

  it("--lint prints hints on stderr and keeps the value lines", async () => {
    const r = await cli(evalRun, ["--lint", "a - b > c is undefined ? 1 : 2", "x == undefined"]);
    expect(r.out).toBe("1\nundefined\n");
    expect(r.err).toContain("warning ternary-condition");
    expect(r.err).toContain("grouped:    (((a - b) > c) is undefined) ? 1 : 2");
    expect(r.err).toContain("warning compare-undefined");
  });
});

describe("classad lint", () => {
  it("checks every expression attribute of an ad file, exit 1 on a warning", async () => {
    const file = join(dir, "policy.ad");
    writeFileSync(file, 'MyType = "Job"\nPeriodicRemove = EnteredCurrentStatus - JobCurrentStartDate > maxWalltime is undefined ? 4320*60 : maxWalltime*60\nRequirements = TARGET.Memory > 0\n');
    const r = await cli(lintRun, [file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}: ad 1: warning ternary-condition (PeriodicRemove): `);
    expect(r.out).toContain("1 warning, 0 info.");
  });

  it("--expr with --target counts the slots lacking an attribute; --json", async () => {
    const r = await cli(lintRun, ["-e", "TARGET.HasDocker != true", "--target", SLOT, "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { hints: { code: string; severity: string; message: string; file: string }[] };
    expect(out.hints).toHaveLength(1);
    expect(out.hints[0]).toMatchObject({ code: "undefined-prone", severity: "warning", file: "--expr" });
    expect(out.hints[0]?.message).toContain("undefined on 1 of 1 ad");
  });

  it("exit 0 and `No hints.` for clean ads; 2 for bad input", async () => {
    expect((await cli(lintRun, [SLOT])).out).toBe("No hints.\n");
    expect((await cli(lintRun, [SLOT])).code).toBe(0);
    expect((await cli(lintRun, [join(dir, "missing.ad")])).code).toBe(2);
    expect((await cli(lintRun, ["-e", "1 +"])).code).toBe(2);
    expect((await cli(lintRun, [])).code).toBe(2);
  });

  it("reports a hint repeated across the ads of a dump once, with the count", async () => {
    const file = join(dir, "pool.ads");
    writeFileSync(file, ["A", "B", "C"].map((n) => `Name = "${n}"\nSTART = TARGET.ProjectName != ""\n`).join("\n"));
    const r = await cli(lintRun, [file]);
    expect(r.out).toContain(`${file}: A (and 2 more ads): info undefined-prone (START)`);
  });
});
