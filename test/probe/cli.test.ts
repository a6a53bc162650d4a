/**
 * `classad probe` on this machine through a fake CliIO.
 */
import { describe, expect, it } from "vitest";
import { fakeIO } from "../cli/fake-io.js";
import { run } from "../../src/cli/commands/probe.js";


describe("classad probe", () => {
  it("prints the ad in long format", async () => {
    const io = fakeIO();
    expect(await run(["--timeout", "15"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^MyType = "Machine"$/m);
    expect(io.stdout()).toMatch(/^HasSingularity = (true|false)$/m);
    expect(io.stdout()).toMatch(/^HAS_SINGULARITY = (true|false)$/m);
    expect(io.stdout()).toMatch(/^Memory = [0-9]+$/m);
  });

  it("explains each check with its reason and source", async () => {
    const io = fakeIO();
    expect(await run(["--explain"], io)).toBe(0);
    expect(io.stdout()).toContain("# checks");
    expect(io.stdout()).toMatch(/^\[startd-singularity\] HasSingularity = (true|false)/m);
    expect(io.stdout()).toMatch(/^ {2}why: {4}\S/m);
    expect(io.stdout()).toMatch(/^ {2}source: \S/m);
  });

  it("prints JSON, with the checks when explaining", async () => {
    const plain = fakeIO();
    expect(await run(["--json"], plain)).toBe(0);
    const ads = JSON.parse(plain.stdout()) as Array<Record<string, unknown>>;
    expect(ads[0]?.MyType).toBe("Machine");
    const explained = fakeIO();
    expect(await run(["--format", "json", "--explain"], explained)).toBe(0);
    const doc = JSON.parse(explained.stdout()) as { ad: Record<string, unknown>; checks: Array<{ check: string }> };
    expect(typeof doc.ad.HasSingularity).toBe("boolean");
    expect(doc.checks.map((c) => c.check)).toContain("pilot-singularity");
  });

  it("answers --help and rejects bad usage with status 2", async () => {
    const help = fakeIO();
    expect(await run(["--help"], help)).toBe(0);
    expect(help.stdout()).toContain("usage: classad probe");
    for (const argv of [["--format", "yaml"], ["--watch", "0"], ["--bogus"], ["--singularity"]]) {
      const io = fakeIO();
      expect(await run(argv, io), argv.join(" ")).toBe(2);
      expect(io.stderr()).toMatch(/^classad probe: /);
    }
  });
});
