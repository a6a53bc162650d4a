/**
 * The README's main job, run as the README tells a user to: `npm start` on a checkout with no data
 * of the user's. `npm start` is `prestart` (the build) then the `start` script; the build is done
 * once for all end-to-end tests (see test/cli/built-cli.ts), then the `start` script runs exactly
 * as package.json spells it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT, runProcess } from "./cli/built-cli.js";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe("README main job", () => {
  it("the README's main command is `npm start`, which runs the demo", () => {
    expect(readme).toMatch(/```sh\n(npm ci && )?npm start\n```/);
    expect(pkg.scripts.start).toMatch(/dist\/cli\/main\.js demo/);
    expect(pkg.scripts.prestart).toMatch(/tsup/);
  });

  it("finishes with a sensible report: this machine and a sample pool, three example jobs", async () => {
    const start = (pkg.scripts.start as string).replace("dist/cli/main.js", process.env.CLASSAD_TEST_CLI ?? "dist/cli/main.js");
    const r = await runProcess(start, [], { shell: true, env: { ...process.env, CI: "1" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout;
    // This machine was probed, with its container readiness and why.
    expect(out).toContain("This machine (probed):");
    expect(out).toMatch(/HasSingularity = (true|false)/);
    expect(out).toMatch(/HAS_SINGULARITY = (true|false)/);
    // A sample pool was made by the generator.
    expect(out).toMatch(/Sample pool: 500 slots resampled \(seed 1\) from samples\/ospool-143\.ads\.gz/);
    // Three bundled jobs, each with a clause table and two verdicts.
    expect(out).toContain("=== Job 1: a plain vanilla job");
    expect(out).toContain("=== Job 2: an OSPool container job");
    expect(out).toContain("=== Job 3: a GPU job");
    expect(out.match(/^Clause +This machine +Pool alone +Pool remaining +Condition$/gm)).toHaveLength(3);
    const poolVerdicts = [...out.matchAll(/^Sample pool: (matches (\d+) of 500 slots|matches none of the 500 slots)\.$/gm)];
    expect(poolVerdicts).toHaveLength(3);
    // The vanilla job runs somewhere in an OSPool sample.
    expect(poolVerdicts[0]?.[2]).toBeDefined();
    expect(Number(poolVerdicts[0]?.[2])).toBeGreaterThan(0);
    // The container job cannot run on a machine without apptainer/singularity, and says why.
    const container = out.slice(out.indexOf("=== Job 2"), out.indexOf("=== Job 3"));
    if (/HasSingularity = false/.test(out)) {
      expect(container).toContain("This machine: does not match.");
      expect(container).toContain("TARGET.HasSingularity");
    }
  });
});
