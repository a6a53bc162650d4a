/**
 * The parsers behind the probe (file contents, command output and the environment into facts),
 * as the browser-safe part of the probe exports them, and the small helpers of its messages.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  condorArch,
  condorPciBusId,
  containerTechnologyInCgroup,
  countCpuList,
  countCpuinfoProcessors,
  cudaDriverVersionReal,
  kernelVersionNumber,
  linuxDistroName,
  opsysMajorVersion,
  opsysVersion,
  parseCgroupMemoryLimit,
  parseCpuMax,
  parseCpusAllowedList,
  parseCudaVersion,
  parseIssueFile,
  parseMemTotalKiB,
  parseNvidiaGpuInformation,
  parseNvidiaSmiQuery,
  parseNvrmVersion,
  parseOsReleasePrettyName,
  parseProcCgroup,
  parseUidMapMode,
  pidNamespacesDisabledByEnv,
  shortGpuId,
  shortRuntimeVersion,
} from "../../src/probe/index.js";
import { unprivilegedUsernsState, type NamespaceFacts } from "../../src/probe/namespaces.js";
import { commandLine, runFailure } from "../../src/probe/text.js";

const PROBE_DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "probe");

/** A file of a probe fixture's host tree. */
function fixtureFile(host: string, file: string): string {
  return readFileSync(path.join(PROBE_DATA, host, "root", file), "latin1");
}

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "ads");

describe("OS identity", () => {
  it("maps uname machines as HTCondor does", () => {
    expect(["x86_64", "amd64", "i686", "ia64", "ppc64", "aarch64", "ppc64le"].map(condorArch)).toEqual(["X86_64", "X86_64", "INTEL", "IA64", "PPC64", "aarch64", "ppc64le"]);
  });

  it("cleans issue lines and derives names and versions", () => {
    expect(parseIssueFile("Debian GNU/Linux 12 \\n \\l\n\n")).toBe("Debian GNU/Linux 12");
    expect(parseIssueFile("Ubuntu 22.04.4 LTS \\n \\l\n")).toBe("Ubuntu 22.04.4 LTS");
    expect(parseIssueFile("\\S\nKernel \\r on an \\m\n")).toBe("\\S");
    const cases: Array<[string, string, number, number]> = [
      ["AlmaLinux release 9.7 (Moss Jungle Cat)", "AlmaLinux", 9, 907],
      ["CentOS Linux release 7.9.2009 (Core)", "CentOS", 7, 709],
      ["Ubuntu 22.04.4 LTS", "Ubuntu", 22, 2204],
      ["Red Hat Enterprise Linux release 8.10 (Ootpa)", "RedHat", 8, 810],
      ["Scientific Linux CERN SLC release 6.10 (Carbon)", "SLCern", 6, 610],
      ["Unknown", "LINUX", 0, 0],
    ];
    for (const [long, name, major, ver] of cases) {
      expect([linuxDistroName(long), opsysMajorVersion(long), opsysVersion(long)]).toEqual([name, major, ver]);
    }
  });

  it("reads PRETTY_NAME of /etc/os-release as HTCondor does", () => {
    expect(parseOsReleasePrettyName(fixtureFile("cgroup-v2-container", "etc/os-release"))).toBe("Debian GNU/Linux 12 (bookworm)");
    expect(parseIssueFile(fixtureFile("cgroup-v2-container", "etc/issue"))).toBe("Debian GNU/Linux 12");
    // The first PRETTY_NAME line with a quote wins; an unclosed quote runs to the end of the line.
    expect(parseOsReleasePrettyName("PRETTY_NAME=bare\nPRETTY_NAME=\"Rocky Linux 9.4\nX=1\n")).toBe("Rocky Linux 9.4");
    expect(parseOsReleasePrettyName("NAME=Alpine\n")).toBeNull();
  });

  it("turns uname's release into OSG_HOST_KERNEL_VERSION", () => {
    expect(kernelVersionNumber("5.14.0-503.40.1.el9_5.x86_64")).toBe(51400);
    expect(kernelVersionNumber("3.10.0-1160.el7.x86_64")).toBe(31000);
    expect(kernelVersionNumber("6.8.12")).toBe(60812);
    expect(kernelVersionNumber("unknown")).toBeNull();
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

  it("counts /proc/cpuinfo processors and reads the affinity mask and MemTotal", () => {
    expect(countCpuinfoProcessors("processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nflags\t: processor\n")).toBe(2);
    expect(countCpuinfoProcessors("")).toBe(0);
    expect(parseCpusAllowedList("Name:\tnode\nCpus_allowed:\tff\nCpus_allowed_list:\t0-3,8\n")).toBe("0-3,8");
    expect(parseCpusAllowedList("Name:\tnode\n")).toBeNull();
    expect(parseMemTotalKiB("MemTotal:       16318712 kB\nMemFree:          123 kB\n")).toBe(16318712n);
    expect(parseMemTotalKiB("MemFree: 1 kB\n")).toBeNull();
    const kubernetes = fixtureFile("cgroup-v1-kubernetes", "proc/self/status");
    expect(countCpuList(parseCpusAllowedList(kubernetes) ?? "")).toBe(2);
  });

  it("reads cgroup limit files: quotas, and memory limits with 'max' and v1's huge values as none", () => {
    expect(parseCpuMax("150000 100000\n")).toEqual({ quota: 150000, period: 100000 });
    expect(parseCpuMax("max 100000")).toBeNull();
    expect(parseCpuMax("")).toBeNull();
    expect(parseCgroupMemoryLimit("4294967296\n")).toBe(4294967296n);
    expect(parseCgroupMemoryLimit("max\n")).toBeNull();
    expect(parseCgroupMemoryLimit("9223372036854771712")).toBeNull();
    expect(parseCgroupMemoryLimit(String(2n ** 60n - 1n))).toBe(2n ** 60n - 1n);
    expect(parseCgroupMemoryLimit("-1")).toBeNull();
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

  it("reads a device from the kernel driver's information file", () => {
    const info = "Model: \t\t NVIDIA A100-SXM4-40GB\nIRQ:   \t\t 88\nGPU UUID: \t GPU-5368a050-ed79-fab9-5cba-0d37c5f12c81\nBus Location: \t 0000:a0:1c.0\n";
    expect(parseNvidiaGpuInformation(info, "0000:a0:1c.0")).toEqual({
      uuid: "GPU-5368a050-ed79-fab9-5cba-0d37c5f12c81",
      name: "NVIDIA A100-SXM4-40GB",
      memoryMiB: null,
      capability: null,
      pciBusId: "0000:A0:1C.0",
      eccEnabled: null,
    });
    expect(parseNvidiaGpuInformation("GPU UUID: GPU-1\n", "0000:3b:00.0")?.pciBusId).toBe("0000:3B:00.0");
    expect(parseNvidiaGpuInformation("Model: x\n", "0000:3b:00.0")).toBeNull();
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
    expect(parseUidMapMode("         0          0 4294967295\n")).toBe("privileged");
    expect(parseUidMapMode("         0       1000          1\n")).toBe("fakeroot");
    expect(parseUidMapMode("      1000       1000          1\n")).toBe("unprivileged");
    expect(parseUidMapMode("")).toBeNull();
    expect(shortRuntimeVersion("apptainer version 1.5.1-1.el9")).toBe("1.5.1-1.el9");
    expect(shortRuntimeVersion("singularity version 3.6.0-rc.4")).toBe("3.6.0-rc.4");
  });

  it("names the container technology a cgroup file shows, checking the hints in a fixed order", () => {
    expect(containerTechnologyInCgroup(fixtureFile("cgroup-v1-kubernetes", "proc/self/cgroup"))?.technology).toBe("kubernetes");
    expect(containerTechnologyInCgroup("0::/system.slice/docker-0123abcd.scope\n")).toEqual({ technology: "docker", line: "0::/system.slice/docker-0123abcd.scope" });
    // kubepods wins over the docker line of the same file: the hints are checked in order.
    expect(containerTechnologyInCgroup("12:cpu:/docker/1\n11:memory:/kubepods/burstable/pod1/2\n")?.technology).toBe("kubernetes");
    expect(containerTechnologyInCgroup("0::/user.slice/user-1000.slice\n")).toBeNull();
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

  it("says why a run failed", () => {
    expect(runFailure({ code: null, stderr: "", timedOut: true })).toBe("timed out");
    expect(runFailure({ code: null, stderr: "", timedOut: false, error: "ENOENT" })).toBe("not found");
    expect(runFailure({ code: 255, stderr: "INFO: x\nFATAL: no image\n", timedOut: false })).toBe("exit 255: FATAL: no image");
  });
});
