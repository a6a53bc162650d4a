/**
 * The probe on the machine the tests run on: its numbers must agree with what Node's os module
 * and the cgroup files say, and every container attribute must be present with its reason.
 */
import { readFileSync, statfsSync } from "node:fs";
import * as os from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { parseExpression } from "../../src/parser/index.js";
import { probe, realHostView, type ProbeResult } from "../../src/probe/node.js";
import { findOnPath } from "../../src/probe/view.js";
import { attrText, checkNamed, longText } from "./helpers.js";

function read(file: string): string | null {
  try {
    return readFileSync(file, "latin1").trim();
  } catch {
    return null;
  }
}

/** The smallest memory limit in bytes any cgroup file of this process sets, computed independently of the probe. */
function cgroupMemoryLimit(): bigint | null {
  const candidates: string[] = [];
  for (const line of (read("/proc/self/cgroup") ?? "").split("\n")) {
    const [, controllers, cgPath] = line.split(":");
    if (controllers === undefined || cgPath === undefined) continue;
    const parts = cgPath.split("/").filter(Boolean);
    const mounts = controllers === "" ? ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] : controllers.split(",").includes("memory") ? ["/sys/fs/cgroup/memory"] : [];
    const files = controllers === "" ? ["memory.max", "memory.high"] : ["memory.limit_in_bytes"];
    for (const mount of mounts) {
      for (let depth = parts.length; depth >= 0; depth--) {
        for (const file of files) candidates.push([mount, ...parts.slice(0, depth), file].join("/"));
      }
    }
  }
  let best: bigint | null = null;
  for (const file of candidates) {
    const text = read(file);
    if (text === null || !/^[0-9]+$/.test(text)) continue;
    const bytes = BigInt(text);
    if (bytes >= 2n ** 60n) continue;
    if (best === null || bytes < best) best = bytes;
  }
  return best;
}

describe("probe on this machine", () => {
  let result: ProbeResult;
  beforeAll(async () => {
    result = await probe({ timeoutMs: 15_000 });
  });

  it("advertises Memory in MiB as os.totalmem() capped by the cgroup limit", () => {
    const physical = BigInt(os.totalmem());
    const limit = cgroupMemoryLimit();
    const bytes = limit !== null && limit < physical ? limit : physical;
    const expected = String(bytes / (1024n * 1024n));
    expect(attrText(result, "Memory")).toBe(expected);
    expect(attrText(result, "TotalMemory")).toBe(expected);
  });

  it("advertises Cpus within what the OS lets this process use", () => {
    const cpus = Number(attrText(result, "Cpus"));
    expect(cpus).toBeGreaterThanOrEqual(1);
    expect(cpus).toBeLessThanOrEqual(os.availableParallelism());
    const quota = read("/sys/fs/cgroup/cpu.max") ?? "max";
    const v1Quota = Number(read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") ?? "-1");
    // Without a CPU quota at the cgroup root, the affinity mask (what availableParallelism reads) decides.
    if (quota.startsWith("max") && v1Quota <= 0) expect(cpus).toBe(os.availableParallelism());
    expect(attrText(result, "TotalCpus")).toBe(`${cpus}.0`);
    expect(Number(attrText(result, "DetectedCpus"))).toBe(os.cpus().length);
  });

  it("advertises Disk in KiB of the working directory's file system", () => {
    const s = statfsSync(process.cwd());
    const disk = Number(attrText(result, "Disk"));
    // Other processes write meanwhile; the two readings must agree to within 1%.
    const expected = Math.floor((s.bavail * s.bsize) / 1024);
    expect(Math.abs(disk - expected)).toBeLessThanOrEqual(Math.max(1024, expected / 100));
  });

  it("names the machine and its OS", () => {
    expect(attrText(result, "Machine")).toBe(JSON.stringify(os.hostname()));
    expect(attrText(result, "Arch")).toBe(os.machine() === "x86_64" ? '"X86_64"' : JSON.stringify(os.machine()));
    expect(attrText(result, "OpSys")).toBe('"LINUX"');
    expect(attrText(result, "OpSysLongName")).toMatch(/^"[^"]+"$/);
  });

  it("has every container attribute, false with its reason when no runtime is installed", () => {
    for (const name of ["HasSingularity", "HasPidNamespaces", "HasUserNamespaces", "HAS_SINGULARITY", "HAS_UNPRIVILEGED_USER_NAMESPACES", "SINGULARITY_CAN_USE_SIF", "SINGULARITY_CAN_USE_REGISTRY", "InsideContainer", "PidNamespacesAvailable"]) {
      expect(attrText(result, name), name).toBeDefined();
    }
    for (const check of ["startd-singularity", "pilot-singularity", "user-namespaces", "pid-namespaces", "inside-container"]) {
      expect(checkNamed(result, check).reason.length).toBeGreaterThan(10);
    }
    const view = realHostView();
    if (findOnPath(view, "apptainer") === null && findOnPath(view, "singularity") === null) {
      expect(attrText(result, "HasSingularity")).toBe("false");
      expect(attrText(result, "SingularityOfflineReason")).toBe('"no apptainer or singularity executable on PATH"');
      expect(attrText(result, "HasPidNamespaces")).toBe("false");
      expect(attrText(result, "HAS_SINGULARITY")).toBe("false");
      expect(attrText(result, "SINGULARITY_COMMENT")).toMatch(/^"no apptainer or singularity found/);
    }
  });

  it("prints attributes that parse back to the same expressions", () => {
    for (const [name, expr] of result.ad.entries()) {
      const text = longText(expr);
      expect(longText(parseExpression(text)), name).toBe(text);
    }
  });
});
