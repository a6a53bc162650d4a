/**
 * What every subcommand shares, in process over all of them (the built binary is checked once
 * each way in e2e-usage.test.ts): `--version`, the `--now` rule, usage errors on stderr with exit
 * 2 and nothing on stdout, files that cannot be read named as such.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { VERSION } from "../../src/cli/version.js";
import { fakeIO } from "./fake-io.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SAMPLE = join(ROOT, "samples", "ospool-143.ads.gz");
const JOB = join(ROOT, "samples", "jobs", "vanilla.ad");
const COMMANDS = ["eval", "match", "analyze", "convert", "probe", "demo"];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIO();
  const code = await main(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("every subcommand", () => {
  it("prints the version with --version", async () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    for (const name of COMMANDS) expect(await cli([name, "--version"]), name).toEqual({ code: 0, stdout: `classad ${VERSION}\n`, stderr: "" });
  });

  it("refuses an unknown option on stderr with exit 2, with a pointer to --help", async () => {
    for (const name of COMMANDS) {
      const r = await cli([name, "--frobnicate"]);
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe("");
      expect(r.stderr, name).toBe(`classad ${name}: unknown option '--frobnicate'${name === "eval" ? " (an expression starting with '-' goes after '--': classad eval -- '--frobnicate')" : ""}\nRun 'classad ${name} --help' for the options.\n`);
    }
  });

  it("reads --now one way: whole seconds or 'now'", async () => {
    const withTime = [["eval", "1"], ["match", JOB, SAMPLE], ["analyze", JOB, SAMPLE], ["demo"]];
    for (const args of withTime) {
      for (const bad of ["1.9", "", "soon", "1e9"]) {
        const r = await cli([...args, `--now=${bad}`]);
        expect(r.code, `${args[0]} --now=${bad}`).toBe(2);
        expect(r.stderr, `${args[0]} --now=${bad}`).toContain(`--now expects whole seconds since the epoch (e.g. 1783286200) or 'now', got '${bad}'`);
      }
    }
    // Subcommands that evaluate nothing have no --now.
    for (const name of ["convert", "probe"]) expect((await cli([name, "--now", "1"])).stderr, name).toContain("unknown option '--now'");
  });

  it("names a file that cannot be read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-shared-"));
    const missing = join(dir, "job.ad");
    const cases = [
      ["analyze", missing, SAMPLE],
      ["match", missing, SAMPLE],
      ["match", JOB, missing],
      ["convert", "--to", "long", missing],
      ["eval", "--my", missing, "1"],
      ["eval", "--target", missing, "1"],
      ["demo", "--job", missing],
      ["analyze", dir, SAMPLE],
    ];
    for (const args of cases) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toMatch(/^classad \w+: cannot read \S+: (no such file|is a directory)\n$/);
    }
  });
});
