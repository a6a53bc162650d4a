/**
 * The bounds of the real host view: the runner's deadline and output, and the bounded directory
 * listing (src/probe/view.ts, Node only).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listHostDirBounded, realHostView, realRunner } from "../../src/probe/view.js";

describe("bounded system access", () => {
  it("kills a program at its deadline and reports a timeout", async () => {
    const result = await realRunner("sleep", ["30"], { timeoutMs: 200 });
    expect(result).toMatchObject({ code: null, timedOut: true, error: "timeout" });
  });

  it("reports a missing program as ENOENT, not an exception", async () => {
    const result = await realRunner("/nonexistent/classad-probe-tool", [], { timeoutMs: 2000 });
    expect(result).toMatchObject({ code: null, timedOut: false, error: "ENOENT" });
  });

  it("collects output and exit status", async () => {
    const result = await realRunner("sh", ["-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 5000 });
    expect(result).toEqual({ code: 3, stdout: "out\n", stderr: "err\n", timedOut: false });
  });

  it("lists directories within a deadline and reports failures as reasons", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "classad-probe-"));
    writeFileSync(path.join(dir, "f"), "x");
    const view = realHostView({ root: dir });
    expect(await listHostDirBounded(view, "/", 2000)).toEqual({ ok: true, entries: ["f"] });
    expect(await listHostDirBounded(view, "/missing", 2000)).toEqual({ ok: false, reason: "ENOENT" });
  });
});
