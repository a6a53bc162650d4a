/**
 * Deep nesting on a cold JIT and the main thread's default stack: every nesting form gives the
 * typed limit error (CA2001), never a RangeError, and the default limit (HTCondor's 500) is
 * reachable with room to spare. Each form runs in a fresh `node` process
 * (test/parser/fixtures/nesting-probe.ts), because stack use per level is highest before V8
 * optimises the parser and the threshold moves with JIT state (docs/grammar.md).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClassAdLimitError, DEFAULT_MAX_PARSE_DEPTH, parseExpression } from "../../src/parser/index.js";
import { NESTING_FORMS, type ProbeResult } from "./fixtures/nesting-probe.js";

const PROBE = join(import.meta.dirname, "fixtures", "nesting-probe.ts");
/** A limit 1.5 times the default must still fit the cold stack: the default's safety margin. */
const HEADROOM_DEPTH = Math.floor(DEFAULT_MAX_PARSE_DEPTH * 1.5);
const LIFTED = 1_000_000_000;

/** Run the probe in a fresh process; one result per `maxDepth:n` spec, in order. */
function coldProbe(form: string, specs: string[]): ProbeResult[] {
  const out = spawnSync(process.execPath, ["--import", "tsx", PROBE, form, ...specs], {
    encoding: "utf8",
    env: { ...process.env, CLASSAD_DEV: "0" },
  });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ProbeResult);
}

/** The deepest nesting of a form that `maxDepth` admits (found with the exact counter). */
function deepestAccepted(build: (n: number) => string, maxDepth: number): number {
  for (let n = 1; ; n++) {
    try {
      parseExpression(build(n + 1), { maxDepth });
    } catch (error) {
      expect(error).toBeInstanceOf(ClassAdLimitError);
      return n;
    }
  }
}

describe("nesting limits on a cold JIT, one process per form", () => {
  for (const [form, build] of NESTING_FORMS) {
    it(`${form}: 1.5x the default limit fits the cold stack; past the limit and at 100,000 levels: CA2001`, () => {
      const headroom = deepestAccepted(build, HEADROOM_DEPTH);
      const deepest = deepestAccepted(build, DEFAULT_MAX_PARSE_DEPTH);
      const results = coldProbe(form, [
        `${HEADROOM_DEPTH}:${headroom}`, // first, so on the coldest JIT
        `default:${deepest}`,
        `default:${deepest + 1}`,
        "default:100000",
        `${LIFTED}:100000`,
      ]);
      const limitError = { outcome: "ClassAdLimitError", code: "CA2001" };
      expect(results.slice(0, 4)).toEqual([
        { maxDepth: String(HEADROOM_DEPTH), n: headroom, outcome: "ok" },
        { maxDepth: "default", n: deepest, outcome: "ok" },
        { maxDepth: "default", n: deepest + 1, ...limitError },
        { maxDepth: "default", n: 100_000, ...limitError },
      ]);
      // With the limit lifted the stack decides: a typed limit error (or a result for the
      // forms the parser reads iteratively), never a RangeError.
      expect(["ok", "ClassAdLimitError"], JSON.stringify(results[4])).toContain(results[4]?.outcome);
    });
  }
});
