/**
 * The small parsers behind the probe, and the bounds of the real runner and directory listing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  condorPciBusId,
  cudaDriverVersionReal,
  parseCudaVersion,
  parseNvidiaSmiQuery,
  parseNvrmVersion,
  shortGpuId,
} from "../../src/probe/gpu.js";
import { cleanIssueLine, condorArch, linuxDistroName, majorVersion, opsysVersion } from "../../src/probe/os-info.js";
import { countCpuList, parseProcCgroup } from "../../src/probe/resources.js";
import { modeFromUidMap, pidNamespacesDisabledByEnv, shortVersion, unprivilegedUsernsState, type NamespaceFacts } from "../../src/probe/containers.js";
import { listHostDirBounded, realHostView, realRunner } from "../../src/probe/view.js";
import { commandLine } from "../../src/probe/text.js";

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "ads");

describe("OS identity", () => {
  it("maps uname machines as HTCondor does", () => {
    expect(["x86_64", "amd64", "i686", "ia64", "ppc64", "aarch64", "ppc64le"].map(condorArch)).toEqual(["X86_64", "X86_64", "INTEL", "IA64", "PPC64", "aarch64", "ppc64le"]);
  });

  it("cleans issue lines and derives names and versions", () => {
    expect(cleanIssueLine("Debian GNU/Linux 12 \\n \\l\n\n")).toBe("Debian GNU/Linux 12");
    expect(cleanIssueLine("Ubuntu 22.04.4 LTS \\n \\l\n")).toBe("Ubuntu 22.04.4 LTS");
    expect(cleanIssueLine("\\S\nKernel \\r on an \\m\n")).toBe("\\S");
    const cases: Array<[string, string, number, number]> = [
      ["AlmaLinux release 9.7 (Moss Jungle Cat)", "AlmaLinux", 9, 907],
      ["CentOS Linux release 7.9.2009 (Core)", "CentOS", 7, 709],
      ["Ubuntu 22.04.4 LTS", "Ubuntu", 22, 2204],
      ["Red Hat Enterprise Linux release 8.10 (Ootpa)", "RedHat", 8, 810],
      ["Scientific Linux CERN SLC release 6.10 (Carbon)", "SLCern", 6, 610],
      ["Unknown", "LINUX", 0, 0],
    ];
    for (const [long, name, major, ver] of cases) {
      expect([linuxDistroName(long), majorVersion(long), opsysVersion(long)]).toEqual([name, major, ver]);
    }
  });
});

describe("CPU lists and cgroup membership", () => {
  it("counts CPU lists and rejects malformed ones", () => {
    expect(countCpuList("0-3,8,10-11")).toBe(7);
    expect(countCpuList("5")).toBe(1);
    expect(countCpuList("3-1")).toBeNull();
    expect(countCpuList("a-b")).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(512), fc.nat(64)), { minLength: 1, maxLength: 8 }), (ranges) => {
        const text = ranges.map(([lo, len]) => (len === 0 ? `${lo}` : `${lo}-${lo + len}`)).join(",");
        expect(countCpuList(text)).toBe(ranges.reduce((n, [, len]) => n + len + 1, 0));
      }),
    );
  });

  it("splits /proc/self/cgroup into v1 controllers and the unified path", () => {
    expect(parseProcCgroup("12:memory:/a/b\n5:cpu,cpuacct:/a\n0::/user.slice\n")).toEqual({
      v1: [
        { controllers: ["memory"], path: "/a/b" },
        { controllers: ["cpu", "cpuacct"], path: "/a" },
      ],
      v2: "/user.slice",
    });
  });
});

describe("GPU discovery text", () => {
  it("parses nvidia-smi CSV rows, the banner and the NVRM line", () => {
    const { devices, driver } = parseNvidiaSmiQuery("GPU-5368a050-ed79-fab9-5cba-0d37c5f12c81, NVIDIA A100-SXM4-40GB, 40960, 8.0, 00000000:A0:1C.0, Enabled, 595.71.05\n\nnot a row\n");
    expect(driver).toBe("595.71.05");
    expect(devices).toEqual([
      { uuid: "GPU-5368a050-ed79-fab9-5cba-0d37c5f12c81", name: "NVIDIA A100-SXM4-40GB", memoryMiB: 40960, capability: 8, pciBusId: "0000:A0:1C.0", eccEnabled: true },
    ]);
    expect(shortGpuId(devices[0]?.uuid ?? "")).toBe("GPU-5368a050");
    expect(condorPciBusId("00000000:3b:00.0")).toBe("0000:3B:00.0");
    expect(parseCudaVersion("| NVIDIA-SMI 595.71.05   Driver Version: 595.71.05   CUDA Version: 13.2  |")).toBe(13020);
    expect(parseNvrmVersion("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  595.71.05  Release Build  (dvs-builder@U16-I3-B03-4-3)  Thu Jan 1\n")).toBe("595.71.05");
  });

  it("prints DriverVersion as condor_gpu_discovery does, against the real outputs", () => {
    // Pairs seen in HTCondor's real discovery outputs: CUDADriverVersion with CUDAMaxSupportedVersion.
    const text = readFileSync(path.join(DATA, "htcondor__src_gpu__simulated_device_enumeration.real_gpu_discovery_outputs.txt"), "latin1");
    const drivers = [...text.matchAll(/CUDADriverVersion\s*=\s*([0-9.]+)\s*\n\/\/CUDAMaxSupportedVersion\s*=\s*([0-9]+)/g)];
    expect(drivers.length).toBeGreaterThanOrEqual(3);
    for (const [, shown, max] of drivers) expect(cudaDriverVersionReal(Number(max))).toBe(Number(shown));
    expect(cudaDriverVersionReal(13020)).toBe(13.2);
  });
});

describe("container helpers", () => {
  it("reads the mode from uid_map and the version from --version", () => {
    expect(modeFromUidMap("         0          0 4294967295\n")).toBe("privileged");
    expect(modeFromUidMap("         0       1000          1\n")).toBe("fakeroot");
    expect(modeFromUidMap("      1000       1000          1\n")).toBe("unprivileged");
    expect(modeFromUidMap("")).toBeNull();
    expect(shortVersion("apptainer version 1.5.1-1.el9")).toBe("1.5.1-1.el9");
    expect(shortVersion("singularity version 3.6.0-rc.4")).toBe("3.6.0-rc.4");
  });

  it("reads SINGULARITY_DISABLE_PID_NAMESPACES as the backfill container does", () => {
    const on = ["1", "y", "yes", "t", "true", "on", "TRUE", " 1 "];
    const off = ["0", "", "no", "false", "2"];
    for (const v of on) expect(pidNamespacesDisabledByEnv(new Map([["SINGULARITY_DISABLE_PID_NAMESPACES", v]]))).toBe(true);
    for (const v of off) expect(pidNamespacesDisabledByEnv(new Map([["SINGULARITY_DISABLE_PID_NAMESPACES", v]]))).toBe(false);
    expect(pidNamespacesDisabledByEnv(new Map())).toBe(false);
  });

  it("classifies unprivileged user namespaces as GlideinWMS does", () => {
    const ok = { code: 0, stdout: "", stderr: "", timedOut: false };
    const bad = { code: 1, stdout: "", stderr: "", timedOut: false };
    const facts = (max: number, works: boolean): NamespaceFacts => ({
      maxUserNamespaces: max,
      unprivilegedUsernsClone: null,
      apparmorRestrictsUserns: null,
      maxPidNamespaces: null,
      userNamespaceWorks: works,
      userNamespaceRun: works ? ok : bad,
      pidNamespaceWorks: false,
      pidNamespaceRun: bad,
      pidCommand: "unshare",
    });
    expect([facts(100, true), facts(100, false), facts(0, false), facts(0, true)].map(unprivilegedUsernsState)).toEqual(["enabled", "disabled", "unavailable", "error"]);
  });

  it("quotes command lines for messages", () => {
    expect(commandLine("/bin/apptainer", ["exec", "-C", "img", "/bin/sh", "-c", "exit 37"])).toBe("/bin/apptainer exec -C img /bin/sh -c 'exit 37'");
    expect(commandLine("x", ["it's", ""])).toBe("x 'it'\\''s' ''");
  });
});

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
