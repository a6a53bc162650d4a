import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/commands/convert.js";

const DATA = join(import.meta.dirname, "../data");
const INPUT = join(DATA, "ads/htcondor__condor_tests__StatusAds__small1slot.ads");
const EXPECTED = join(DATA, "conformance/formats/htcondor__condor_tests__StatusAds__small1slot.ads");

function fakeIO(stdin = ""): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdin: Readable.from([Buffer.from(stdin, "latin1")]),
    write(text: string) {
      io.out += text;
    },
    error(text: string) {
      io.err += text;
    },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  return io;
}

describe("classad convert", () => {
  for (const format of ["long", "new", "json", "xml"]) {
    it(`--to ${format} prints what HTCondor prints`, async () => {
      const io = fakeIO();
      expect(await run(["--to", format, INPUT], io)).toBe(0);
      expect(io.err).toBe("");
      expect(io.out).toBe(readFileSync(`${EXPECTED}.${format}`, "latin1"));
    });
  }

  it("reads stdin by default and honours --from", async () => {
    const io = fakeIO(readFileSync(`${EXPECTED}.json`, "latin1"));
    expect(await run(["--from", "json", "--to=long"], io)).toBe(0);
    expect(io.out).toBe(readFileSync(`${EXPECTED}.long`, "latin1"));
  });

  it("keeps private attributes on request", async () => {
    const text = 'Name = "a"\nClaimId = "secret"\n_condor_privX = 1\n';
    const dropped = fakeIO(text);
    await run(["--to", "long"], dropped);
    expect(dropped.out).toBe('Name = "a"\n\n');
    const kept = fakeIO(text);
    await run(["--to", "long", "--keep-private"], kept);
    expect(kept.out).toBe('_condor_privX = 1\nClaimId = "secret"\nName = "a"\n\n');
  });

  it("reports faults with positions on stderr, converts the good ads and exits 2", async () => {
    const io = fakeIO('A = 1\n\nB = (1 +\n\nC = 3\n');
    expect(await run(["--to", "new"], io)).toBe(2);
    expect(io.out).toBe("{\n[ A = 1 ]\n,\n[ C = 3 ]\n}\n");
    expect(io.err).toMatch(/^classad convert: <stdin>: line 3, column \d+ \(ad 1, attribute B\): error: .*\[bad-expression\]\n$/);
  });

  it("--strict stops at the first fault", async () => {
    const io = fakeIO('A = 1\n\nB = (1 +\n\nC = 3\n');
    expect(await run(["--to", "long", "--strict"], io)).toBe(2);
    expect(io.out).toBe("A = 1\n\n");
    expect(io.err).toContain("[bad-expression]");
  });

  it("prints help, and rejects bad usage with exit 2", async () => {
    const help = fakeIO();
    expect(await run(["--help"], help)).toBe(0);
    expect(help.out).toContain("usage: classad convert");
    for (const argv of [[], ["--to", "yaml"], ["--to", "long", "--from", "csv"], ["--to", "long", "--bogus"], ["--to", "long", "a", "b"]]) {
      const io = fakeIO();
      expect(await run(argv, io)).toBe(2);
      expect(io.err).toContain("usage: classad convert");
    }
  });

  it("exits 2 on a missing file", async () => {
    const io = fakeIO();
    expect(await run(["--to", "json", join(DATA, "no-such-file.ads")], io)).toBe(2);
    expect(io.err).toContain("read-error");
    expect(io.out).toBe("");
  });
});
