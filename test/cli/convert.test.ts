import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeIO } from "./fake-io.js";
import { run } from "../../src/cli/commands/convert.js";

const DATA = join(import.meta.dirname, "../data");
const INPUT = join(DATA, "ads/htcondor__condor_tests__StatusAds__small1slot.ads");
const EXPECTED = join(DATA, "conformance/formats/htcondor__condor_tests__StatusAds__small1slot.ads");


describe("classad convert", () => {
  for (const format of ["long", "new", "json", "xml"]) {
    it(`--to ${format} prints what HTCondor prints`, async () => {
      const io = fakeIO();
      expect(await run(["--to", format, INPUT], io)).toBe(0);
      expect(io.stderr()).toBe("");
      expect(io.stdout()).toBe(readFileSync(`${EXPECTED}.${format}`, "latin1"));
    });
  }

  it("reads stdin by default and honours --from", async () => {
    const io = fakeIO({ stdin: readFileSync(`${EXPECTED}.json`, "latin1") });
    expect(await run(["--from", "json", "--to=long"], io)).toBe(0);
    expect(io.stdout()).toBe(readFileSync(`${EXPECTED}.long`, "latin1"));
  });

  it("keeps private attributes on request", async () => {
    const text = 'Name = "a"\nClaimId = "secret"\n_condor_privX = 1\n';
    const dropped = fakeIO({ stdin: text });
    await run(["--to", "long"], dropped);
    expect(dropped.stdout()).toBe('Name = "a"\n\n');
    const kept = fakeIO({ stdin: text });
    await run(["--to", "long", "--keep-private"], kept);
    expect(kept.stdout()).toBe('_condor_privX = 1\nClaimId = "secret"\nName = "a"\n\n');
  });

  it("reports faults with positions on stderr, converts the good ads and exits 2", async () => {
    const io = fakeIO({ stdin: 'A = 1\n\nB = (1 +\n\nC = 3\n' });
    expect(await run(["--to", "new"], io)).toBe(2);
    expect(io.stdout()).toBe("{\n[ A = 1 ]\n,\n[ C = 3 ]\n}\n");
    expect(io.stderr()).toMatch(/^classad convert: stdin: line 3, column \d+ \(ad 1, attribute B\): error: .*\[bad-expression\]\n$/);
  });

  it("--strict stops at the first fault", async () => {
    const io = fakeIO({ stdin: 'A = 1\n\nB = (1 +\n\nC = 3\n' });
    expect(await run(["--to", "long", "--strict"], io)).toBe(2);
    expect(io.stdout()).toBe("A = 1\n\n");
    expect(io.stderr()).toContain("[bad-expression]");
  });

  it("prints help, and rejects bad usage with exit 2", async () => {
    const help = fakeIO();
    expect(await run(["--help"], help)).toBe(0);
    expect(help.stdout()).toContain("usage: classad convert");
    for (const argv of [[], ["--to", "yaml"], ["--to", "long", "--from", "csv"], ["--to", "long", "--bogus"], ["--to", "long", "a", "b"]]) {
      const io = fakeIO();
      expect(await run(argv, io), argv.join(" ")).toBe(2);
      expect(io.stderr()).toMatch(/^classad convert: .+\nRun 'classad convert --help' for the options\.\n$/);
      expect(io.stdout()).toBe("");
    }
  });

  it("exits 2 on a missing file, named as such", async () => {
    const io = fakeIO();
    const missing = join(DATA, "no-such-file.ads");
    expect(await run(["--to", "json", missing], io)).toBe(2);
    expect(io.stderr()).toBe(`classad convert: cannot read ${missing}: no such file\n`);
    expect(io.stdout()).toBe("");
  });
});

describe("classad convert and a slow reader", () => {
  it("writes no further ad while stdout has not drained", async () => {
    const ads = Array.from({ length: 50 }, (_, i) => `Name = "slot${i}"\nMemory = ${i}\n`).join("\n");
    const io = fakeIO({ stdin: ads });
    let writes = 0;
    let release: (() => void) | null = null;
    const blocked = { ...io, write: (text: string) => void (writes++, io.write(text)), drain: () => new Promise<void>((resolve) => (release = resolve)) };
    const running = run(["--to", "json"], blocked);
    // Let the reading and the first write happen; the command must then wait for the drain.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toBe(2);
    let released = 0;
    while (release !== null && released < 100) {
      const next: () => void = release;
      release = null;
      next();
      released++;
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await running).toBe(0);
    expect(released).toBe(50);
    expect(JSON.parse(io.stdout())).toHaveLength(50);
  });
});
