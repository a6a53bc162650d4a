/**
 * The CLI and hostile input (issue #15): what came from input is escaped before it reaches a
 * terminal, and a pool with faults is reported with a summary that names the first skipped ad.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { escapeControls } from "../../src/cli/terminal.js";
import { fakeIO } from "./fake-io.js";

const dir = mkdtempSync(join(tmpdir(), "classad-hostile-"));
const ESC = "\x1b";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, "latin1");
  return path;
}

const JOB = file("job.ad", 'Requirements = TARGET.Memory >= 1024\nRequestMemory = 1024\nOwner = "u"\n');

/** A -long pool of `count` slots; slot `bad` (if any) has a malformed line. */
function pool(count: number, bad = -1, name = (i: number): string => `slot${i}@host`): string {
  const ads: string[] = [];
  for (let i = 0; i < count; i++) {
    // The broken attribute is one the slot's Requirements reads: `match` reads a -long pool for
    // what the answer needs (docs/matchmaking.md), and a fault is found where it is read.
    ads.push(`Name = "${name(i)}"\nMemory = 4096\nRequirements = ${i === bad ? "Broken" : "true"}\n${i === bad ? "Broken = (1 +\n" : ""}`);
  }
  return ads.join("\n");
}

describe("escaping for the terminal", () => {
  it("escapes C0, DEL and C1 controls but keeps tab, newline and UTF-8 text", () => {
    expect(escapeControls(`a${ESC}[31mb\x07c\x7f\td\n`)).toBe("a\\x1b[31mb\\x07c\\x7f\td\n");
    expect(escapeControls("\xc2\x9b2J")).toBe("\\xc2\\x9b2J");
    expect(escapeControls("caf\xc3\xa9")).toBe("caf\xc3\xa9");
  });

  it("match and analyze print a slot Name holding ESC sequences escaped", async () => {
    const poolPath = file("escape.ads", pool(3, -1, (i) => (i === 1 ? `evil${ESC}]0;pwned\x07${ESC}[2J` : `slot${i}`)));
    for (const command of [["match"], ["analyze", "--now", "1700000000"]]) {
      const io = fakeIO();
      await main([command[0]!, JOB, poolPath, ...command.slice(1)], io);
      expect(io.stdout() + io.stderr(), command[0]).not.toContain(ESC);
      expect(io.stdout() + io.stderr(), command[0]).not.toContain("\x07");
    }
  });

  it("fault messages quoting input are escaped", async () => {
    // A C1 CSI (0xC2 0x9B as UTF-8) in an attribute name that the fault message quotes.
    const poolPath = file("escape-fault.ads", `Name = "a"\nBad\xc2\x9b2J = (1 +\n\nName = "b"\n`);
    const io = fakeIO();
    await main(["convert", "--to", "json", poolPath], io);
    expect(io.stderr()).not.toContain("\xc2\x9b");
    expect(io.stderr()).toContain("Bad\\xc2\\x9b2J");
  });
});

describe("fault summary of a pool", () => {
  it("names how many ads were read and skipped, and the first skipped ad with its line", async () => {
    const poolPath = file("faulty.ads", pool(10, 4));
    const io = fakeIO();
    await main(["match", JOB, poolPath], io);
    expect(io.stderr()).toMatch(/classad match: .*faulty\.ads: 10 ads read, 1 skipped: ad 4, line 20: /);
  });

  it("caps the fault lines and counts the rest", async () => {
    const poolPath = file("many-faults.ads", Array.from({ length: 60 }, (_, i) => pool(1, 0, () => `s${i}`)).join("\n"));
    const io = fakeIO();
    await main(["match", JOB, poolPath], io);
    const lines = io.stderr().trim().split("\n");
    expect(lines[0]).toMatch(/60 ads read, 60 skipped: ad 0, line 4: /);
    expect(lines.slice(1, 21).every((line) => line.startsWith("  line "))).toBe(true);
    expect(lines[21]).toBe("  ... and 40 more");
    expect(lines[22]).toMatch(/no slot ads found/);
  });
});

describe("match indices", () => {
  it("are positions in the pool as read, skipped ads counted", async () => {
    const poolPath = file("indices.ads", pool(8, 3));
    const io = fakeIO();
    await main(["match", JOB, poolPath, "--json"], io);
    const document = JSON.parse(io.stdout()) as { matches: { index: number; name: string }[] };
    expect(document.matches.map((m) => m.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    for (const m of document.matches) expect(m.name).toBe(`slot${m.index}@host`);
  });

  it("a truncated gzip pool is bad input (exit 2), not an empty pool", async () => {
    const { gzipSync } = await import("node:zlib");
    const whole = gzipSync(Buffer.from(pool(50), "latin1"));
    const poolPath = join(dir, "truncated.ads.gz");
    writeFileSync(poolPath, whole.subarray(0, whole.length >> 1));
    const io = fakeIO();
    expect(await main(["match", JOB, poolPath], io)).toBe(2);
    expect(io.stderr()).toMatch(/cannot read .*truncated\.ads\.gz/);
  });
});


describe("--strict: every attribute read, a distinct exit status for skipped ads", () => {
  /** Four slots; slot 2 has a syntax error in an attribute nothing the match reads. */
  const unreadFault = (): string =>
    file(
      "unread-fault.ads",
      [0, 1, 2, 3].map((i) => `Name = "slot${i}@host"\nMemory = 4096\nRequirements = true\n${i === 2 ? "Comment = (1 +\n" : ""}`).join("\n"),
    );

  for (const command of ["match", "analyze"] as const) {
    it(`${command}: without --strict the unread attribute is not seen; with it the ad is skipped and the exit status is 3`, async () => {
      const poolPath = unreadFault();
      const extra = command === "analyze" ? ["--now", "1700000000"] : [];
      const lenient = fakeIO();
      expect(await main([command, JOB, poolPath, ...extra], lenient)).toBe(0);
      expect(lenient.stderr()).not.toContain("skipped");

      const strict = fakeIO();
      expect(await main([command, JOB, poolPath, ...extra, "--strict"], strict)).toBe(3);
      expect(strict.stderr()).toMatch(/4 ads read, 1 skipped: ad 2, line \d+/);
      expect(strict.stderr()).toContain(`classad ${command}: --strict: 1 ad skipped as malformed (exit 3)`);
      // The other slots are still answered.
      expect(strict.stdout()).toContain(command === "match" ? "3 of 3 slots match" : "against 3 slots");
    });
  }

  it("exits as usual when nothing was skipped", async () => {
    const io = fakeIO();
    expect(await main(["match", JOB, file("clean.ads", pool(3)), "--strict"], io)).toBe(0);
    expect(io.stderr()).toBe("");
  });

  it("counts a malformed job ad too", async () => {
    const jobs = file("jobs.ad", 'Requirements = TARGET.Memory >= 1024\nRequestMemory = 1024\n\nRequirements = (1 +\n');
    const io = fakeIO();
    expect(await main(["match", jobs, file("clean2.ads", pool(3)), "--strict"], io)).toBe(3);
    expect(io.stdout()).toContain("3 of 3 slots match");
  });
});
