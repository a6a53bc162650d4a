/**
 * Progress while loading big dumps: on stderr, only on a terminal, never under --json or CI, and
 * only for loads long enough to need it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { createProgress } from "../../src/cli/progress.js";
import { fakeIO, type CapturedIO } from "./fake-io.js";

const MATCH = join(import.meta.dirname, "..", "data", "conformance", "match");
const POOL = readFileSync(join(MATCH, "pool-ospool-143.ads"));
const JOB = join(MATCH, "jobs", "s01-vanilla-default.ad");

/** The pool on stdin in four pieces, 150 ms apart: a load slow enough to show progress. */
function slowStdin(): Readable {
  const quarter = Math.ceil(POOL.length / 4);
  return Readable.from(
    (async function* () {
      for (let at = 0; at < POOL.length; at += quarter) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        yield POOL.subarray(at, at + quarter);
      }
    })(),
  );
}

function terminalIO(env: NodeJS.ProcessEnv = { PATH: "" }): CapturedIO {
  return { ...fakeIO({ stderrIsTTY: true, env }), stdin: slowStdin() };
}

describe("progress while loading", () => {
  it("draws nothing before its delay, then counts bytes in MB", () => {
    const io = fakeIO({ stderrIsTTY: true });
    const early = createProgress(io, "reading x", false, { delayMs: 60_000, unit: "bytes" });
    early.update(1, 2);
    expect(io.stderr()).toBe("");
    const now = createProgress(io, "reading x", false, { unit: "bytes" });
    now.update(2_500_000, 10_000_000);
    now.finish();
    expect(io.stderr()).toBe("\rreading x: 2.5 MB/10.0 MB (25%)\u001b[K\r\u001b[K");
  });

  it("match and analyze show it on a terminal for a slow load, and erase it", async () => {
    for (const command of [["match", JOB, "-", "--now", "1783286200"], ["analyze", JOB, "-", "--now", "1783286200"]]) {
      const io = terminalIO();
      expect(await main(command, io)).toBe(0);
      expect(io.stderr(), command[0]).toMatch(/^\rreading stdin: [\d.]+ MB\u001b\[K/);
      expect(io.stderr().endsWith("\r\u001b[K"), command[0]).toBe(true);
      expect(io.stdout()).not.toContain("reading");
    }
  });

  it("is never shown under --json or when CI is set", async () => {
    const json = terminalIO();
    expect(await main(["match", JOB, "-", "--now", "1783286200", "--json"], json)).toBe(0);
    expect(json.stderr()).toBe("");
    const ci = terminalIO({ PATH: "", CI: "true" });
    expect(await main(["analyze", JOB, "-", "--now", "1783286200"], ci)).toBe(0);
    expect(ci.stderr()).toBe("");
  });
});
