/**
 * The probe against fixture hosts (test/data/probe/<name>: a file tree and a fake runner).
 * Each test states the exact attributes the host must advertise and the reasons given.
 */
import { describe, expect, it } from "vitest";
import { OSPOOL_CVMFS_REPOS, cvmfsAttributeName } from "../../src/probe/index.js";
import { probe } from "../../src/probe/node.js";
import { fixtureView } from "./fixture-view.js";
import { attrText, checkNamed, pick } from "./helpers.js";

const IMAGE = "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9";

describe("GPU host (nvidia-smi and kernel driver files)", () => {
  it("publishes condor_gpu_discovery-style attributes", async () => {
    const result = await probe({ view: fixtureView("gpu-host"), timeoutMs: 1000 });
    expect(
      pick(result, ["DetectedGPUs", "TotalGPUs", "GPUs", "AssignedGPUs", "GPUs_NvidiaDriver", "GPUs_DriverVersion", "GPUs_MaxSupportedVersion", "AvailableGPUs"]),
    ).toEqual({
      DetectedGPUs: '"GPU-c4a646d7, GPU-6a96bd13"',
      TotalGPUs: "2",
      GPUs: "2",
      AssignedGPUs: '"GPU-c4a646d7,GPU-6a96bd13"',
      GPUs_NvidiaDriver: '"550.54.15"',
      GPUs_DriverVersion: "12.4",
      GPUs_MaxSupportedVersion: "12040",
      AvailableGPUs: "{ GPUs_GPU_c4a646d7,GPUs_GPU_6a96bd13 }",
    });
    expect(attrText(result, "GPUs_GPU_c4a646d7")).toBe(
      '[ Id = "GPU-c4a646d7"; Capability = 7.0; DeviceName = "Tesla V100-PCIE-16GB"; DeviceUuid = "c4a646d7-aa14-1dd1-f1b0-57288cda864d"; ' +
        'ECCEnabled = true; NvidiaDriver = "550.54.15"; DriverVersion = 12.4; DevicePciBusId = "0000:3B:00.0"; GlobalMemoryMb = 16384; MaxSupportedVersion = 12040 ]',
    );
    expect(attrText(result, "GPUs_GPU_6a96bd13")).toContain('DeviceName = "NVIDIA TITAN RTX"; DeviceUuid = "6a96bd13-70bc-6494-6d62-1b77a9a7f29f"; ECCEnabled = false');
    // Capabilities differ between the two devices, so no GPUs_Capability is promoted.
    expect(attrText(result, "GPUs_Capability")).toBeUndefined();
    expect(checkNamed(result, "gpus").reason).toBe("kernel driver 550.54.15; nvidia-smi lists 2 device(s); nvidia-smi banner gives CUDA driver version 12040");
  });

  it("identifies the OS from /etc/redhat-release when /etc/issue names none", async () => {
    const result = await probe({ view: fixtureView("gpu-host"), timeoutMs: 1000 });
    expect(pick(result, ["Arch", "OpSys", "OpSysLongName", "OpSysName", "OpSysMajorVer", "OpSysVer", "OpSysAndVer", "OSG_HOST_KERNEL_VERSION"])).toEqual({
      Arch: '"X86_64"',
      OpSys: '"LINUX"',
      OpSysLongName: '"Rocky Linux release 9.4 (Blue Onyx)"',
      OpSysName: '"Rocky"',
      OpSysMajorVer: "9",
      OpSysVer: "904",
      OpSysAndVer: '"Rocky9"',
      OSG_HOST_KERNEL_VERSION: "51400",
    });
    expect(pick(result, ["MyType", "TargetType", "Name", "Machine", "Cpus", "TotalCpus", "Memory", "TotalMemory", "Disk", "HasFileTransfer"])).toEqual({
      MyType: '"Machine"',
      TargetType: '"Job"',
      Name: '"slot1@gpu01.example.org"',
      Machine: '"gpu01.example.org"',
      Cpus: "8",
      TotalCpus: "8.0",
      Memory: "64000",
      TotalMemory: "64000",
      Disk: "976562500",
      HasFileTransfer: "true",
    });
  });

  it("has no container runtime: both views false with the reason", async () => {
    const result = await probe({ view: fixtureView("gpu-host"), timeoutMs: 1000 });
    expect(pick(result, ["HasSingularity", "SingularityOfflineReason", "HasPidNamespaces", "HAS_SINGULARITY", "SINGULARITY_CAN_USE_SIF"])).toEqual({
      HasSingularity: "false",
      SingularityOfflineReason: '"no apptainer or singularity executable on PATH"',
      HasPidNamespaces: "false",
      HAS_SINGULARITY: "false",
      SINGULARITY_CAN_USE_SIF: "false",
    });
  });
});

describe("host with a working apptainer", () => {
  it("passes HTCondor's test and the pilot's, in unprivileged mode", async () => {
    const view = fixtureView("apptainer-host");
    const result = await probe({ view, timeoutMs: 1000 });
    expect(
      pick(result, ["HasSingularity", "SingularityVersion", "HasContainer", "HasDockerURL", "HasSandboxImage", "HasPidNamespaces", "HasUserNamespaces", "SingularityUserNamespaces"]),
    ).toEqual({
      HasSingularity: "true",
      SingularityVersion: '"apptainer version 1.3.4-1.el9"',
      HasContainer: "true",
      HasDockerURL: "true",
      HasSandboxImage: "true",
      HasPidNamespaces: "true",
      HasUserNamespaces: "true",
      SingularityUserNamespaces: "true",
    });
    expect(
      pick(result, [
        "HAS_SINGULARITY",
        "SINGULARITY_PATH",
        "SINGULARITY_VERSION",
        "SINGULARITY_FULL_VERSION",
        "SINGULARITY_MODE",
        "GLIDEIN_PROVIDES",
        "OSG_DEFAULT_SINGULARITY_IMAGE",
        "SINGULARITY_CAN_USE_SIF",
        "SINGULARITY_CAN_USE_REGISTRY",
        "STASHCP_VERIFIED",
        "HAS_UNPRIVILEGED_USER_NAMESPACES",
        "SINGULARITY_DISK_IS_FULL",
      ]),
    ).toEqual({
      HAS_SINGULARITY: "true",
      SINGULARITY_PATH: '"/usr/bin/apptainer"',
      SINGULARITY_VERSION: '"1.3.4-1.el9"',
      SINGULARITY_FULL_VERSION: '"apptainer version 1.3.4-1.el9"',
      SINGULARITY_MODE: '"unprivileged"',
      GLIDEIN_PROVIDES: '"singularity/unprivileged"',
      OSG_DEFAULT_SINGULARITY_IMAGE: `"${IMAGE}"`,
      SINGULARITY_CAN_USE_SIF: "HAS_SINGULARITY && STASHCP_VERIFIED",
      SINGULARITY_CAN_USE_REGISTRY: "false",
      STASHCP_VERIFIED: "PelicanPluginVersion =!= undefined",
      HAS_UNPRIVILEGED_USER_NAMESPACES: '"enabled"',
      SINGULARITY_DISK_IS_FULL: "false",
    });
    expect(checkNamed(result, "startd-singularity").reason).toBe(
      `apptainer on PATH: apptainer version 1.3.4-1.el9; \`/usr/bin/apptainer exec -C ${IMAGE} /bin/sh -c 'exit 37'\` exited 37 using the pilot's default image`,
    );
    const pilot = checkNamed(result, "pilot-singularity").reason;
    expect(pilot).toContain('uid_map "1000       1000          1" means unprivileged mode');
    expect(pilot).toContain("registry test not run (it pulls from the network; enable it with --registry-test)");
    // --version is asked once and shared by both views.
    expect(view.calls.filter((c) => c === "/usr/bin/apptainer --version")).toHaveLength(1);
    expect(view.calls).toContain(`/usr/bin/apptainer exec --home /home/worker/execute:/srv --pwd /srv --ipc --contain --pid --bind /cvmfs,/etc/hosts,/etc/localtime ${IMAGE} cat /proc/self/uid_map`);
  });

  it("sees the mounted CVMFS repositories and only those", async () => {
    const result = await probe({ view: fixtureView("apptainer-host"), timeoutMs: 1000 });
    const mounted = new Set(["oasis.opensciencegrid.org", "singularity.opensciencegrid.org"]);
    for (const repo of OSPOOL_CVMFS_REPOS) expect(attrText(result, cvmfsAttributeName(repo))).toBe(mounted.has(repo) ? "true" : "false");
    expect(OSPOOL_CVMFS_REPOS).toHaveLength(31);
    expect(checkNamed(result, "cvmfs").reason).toBe(
      "2 of 31 repositories listable under /cvmfs (oasis.opensciencegrid.org, singularity.opensciencegrid.org); not listable: ENOENT: 29 repositories",
    );
  });

  it("reports fakeroot and privileged modes from the uid_map line", async () => {
    const view = fixtureView("apptainer-host");
    const line = `/usr/bin/apptainer exec --home /home/worker/execute:/srv --pwd /srv --ipc --contain --pid --bind /cvmfs,/etc/hosts,/etc/localtime ${IMAGE} cat /proc/self/uid_map`;
    view.overrides.set(line, { stdout: "         0          0 4294967295\n" });
    const privileged = await probe({ view, timeoutMs: 1000 });
    expect(pick(privileged, ["SINGULARITY_MODE", "SingularityUserNamespaces"])).toEqual({ SINGULARITY_MODE: '"privileged"', SingularityUserNamespaces: "false" });
    view.overrides.set(line, { stdout: "         0       1000          1\n         1     100000      65536\n" });
    const fakeroot = await probe({ view, timeoutMs: 1000 });
    expect(attrText(fakeroot, "SINGULARITY_MODE")).toBe('"fakeroot"');
  });

  it("turns HAS_SINGULARITY false when binding onto a missing path fails", async () => {
    const view = fixtureView("apptainer-host");
    view.overrides.set(`/usr/bin/apptainer exec -B /home/worker/execute:/doesnotexist ${IMAGE} /bin/true`, {
      code: 255,
      stderr: "FATAL:   container creation failed: mount hook function failure: destination /doesnotexist doesn't exist in container\n",
    });
    const result = await probe({ view, timeoutMs: 1000 });
    expect(attrText(result, "HAS_SINGULARITY")).toBe("false");
    expect(attrText(result, "SINGULARITY_COMMENT")).toBe(
      `"Disabled due broken overlay/underlay: \`/usr/bin/apptainer exec -B /home/worker/execute:/doesnotexist ${IMAGE} /bin/true\` exit 255: FATAL:   container creation failed: mount hook function failure: destination /doesnotexist doesn't exist in container"`,
    );
    // HTCondor's own test does not bind, so its view still says yes: the two attributes differ.
    expect(attrText(result, "HasSingularity")).toBe("true");
  });

  it("bounds a hanging runtime: a timed-out test is a false with the reason", async () => {
    const view = fixtureView("apptainer-host");
    view.overrides.set(`/usr/bin/apptainer exec -C ${IMAGE} /bin/sh -c exit 37`, { code: null, timedOut: true });
    view.overrides.set(`/usr/bin/apptainer exec --contain --ipc --cleanenv ${IMAGE} /bin/sh -c exit 37`, { code: null, timedOut: true });
    const result = await probe({ view, timeoutMs: 1000 });
    expect(attrText(result, "HasSingularity")).toBe("false");
    expect(attrText(result, "SingularityOfflineReason")).toBe(
      `"test container run failed: \`/usr/bin/apptainer exec --contain --ipc --cleanenv ${IMAGE} /bin/sh -c 'exit 37'\` timed out"`,
    );
  });
});

describe("runtime present, image or path missing", () => {
  it("says so in both views when the default image does not exist", async () => {
    const result = await probe({ view: fixtureView("apptainer-host"), timeoutMs: 1000, defaultImage: "/cvmfs/singularity.opensciencegrid.org/htc/missing:1" });
    expect(attrText(result, "HasSingularity")).toBe("false");
    expect(attrText(result, "SingularityOfflineReason")).toBe(
      '"apptainer version 1.3.4-1.el9 answers --version but no test image was found (HTCondor\'s /usr/libexec/condor/singularity_test_sandbox, ' +
        'the default image /cvmfs/singularity.opensciencegrid.org/htc/missing:1); give one with --test-image"',
    );
    expect(attrText(result, "SINGULARITY_COMMENT")).toBe(
      '"apptainer version 1.3.4-1.el9 found (apptainer on PATH) but the default image /cvmfs/singularity.opensciencegrid.org/htc/missing:1 does not exist"',
    );
  });

  it("reports a configured SINGULARITY path that is not executable", async () => {
    const result = await probe({ view: fixtureView("apptainer-host"), timeoutMs: 1000, singularityPath: "/opt/apptainer/bin/apptainer" });
    expect(attrText(result, "SingularityOfflineReason")).toBe('"the configured SINGULARITY path /opt/apptainer/bin/apptainer is not an executable file"');
    // The pilot searches on its own and still finds /usr/bin/apptainer.
    expect(attrText(result, "HAS_SINGULARITY")).toBe("true");
  });
});

describe("host with user namespaces disabled", () => {
  it("fails both container views and says the kernel is why", async () => {
    const result = await probe({ view: fixtureView("userns-disabled"), timeoutMs: 1000 });
    expect(pick(result, ["HasUserNamespaces", "HAS_UNPRIVILEGED_USER_NAMESPACES", "PidNamespacesAvailable", "HasSingularity", "HasPidNamespaces", "SingularityVersion", "HAS_SINGULARITY"])).toEqual({
      HasUserNamespaces: "false",
      HAS_UNPRIVILEGED_USER_NAMESPACES: '"unavailable"',
      PidNamespacesAvailable: "false",
      HasSingularity: "false",
      HasPidNamespaces: "false",
      SingularityVersion: '"apptainer version 1.2.5-1.el7"',
      HAS_SINGULARITY: "false",
    });
    const kernel =
      "/proc/sys/user/max_user_namespaces = 0 (user namespaces disabled); `unshare -U true` failed (exit 1: unshare: unshare failed: No space left on device)";
    const fatal = "exit 255: FATAL:   container creation failed: could not create user namespace: user namespaces are disabled (max_user_namespaces = 0)";
    expect(attrText(result, "SingularityOfflineReason")).toBe(
      `"test container run failed: \`/usr/bin/apptainer exec --contain --ipc --cleanenv ${IMAGE} /bin/sh -c 'exit 37'\` ${fatal}; ${kernel}"`,
    );
    expect(attrText(result, "SINGULARITY_COMMENT")).toBe(
      `"test run of the default image failed: \`/usr/bin/apptainer exec --home /var/lib/condor/execute:/srv --pwd /srv --ipc --contain --pid --bind /cvmfs,/etc/hosts ${IMAGE} cat /proc/self/uid_map\` ${fatal}; ${kernel} (without setuid installation apptainer needs user namespaces)"`,
    );
    expect(checkNamed(result, "user-namespaces").reason).toBe(`no user namespace can be created (HTCondor omits HasUserNamespaces then); pilot classification "unavailable": ${kernel}`);
    expect(pick(result, ["OpSysAndVer", "OpSysVer", "OSG_HOST_KERNEL_VERSION"])).toEqual({ OpSysAndVer: '"CentOS7"', OpSysVer: "709", OSG_HOST_KERNEL_VERSION: "31000" });
  });
});

describe("cgroup-limited containers", () => {
  it("v2 Docker container: cpu.max 1.5 CPUs rounds up to 2, memory.max caps Memory", async () => {
    const result = await probe({ view: fixtureView("cgroup-v2-container"), timeoutMs: 1000 });
    expect(pick(result, ["DetectedCpus", "Cpus", "TotalCpus", "DetectedMemory", "Memory", "TotalMemory", "Disk", "DetectedDisk", "InsideContainer", "InsideContainerTechnology"])).toEqual({
      DetectedCpus: "16",
      Cpus: "2",
      TotalCpus: "2.0",
      DetectedMemory: "4096",
      Memory: "4096",
      TotalMemory: "4096",
      Disk: "51200000",
      DetectedDisk: "102400000",
      InsideContainer: "true",
      InsideContainerTechnology: '"docker"',
    });
    expect(checkNamed(result, "cpus").reason).toBe(
      "detected: 16 processors in /proc/cpuinfo; limits: affinity mask Cpus_allowed_list 0-15 = 16 CPUs; /sys/fs/cgroup/cpu.max: quota 150000 / period 100000 us = 1.50 CPUs, rounded up to 2; " +
        "Cpus = 2 (/sys/fs/cgroup/cpu.max: quota 150000 / period 100000 us = 1.50 CPUs, rounded up to 2)",
    );
    expect(checkNamed(result, "memory").reason).toBe(
      "cgroup limit /sys/fs/cgroup/memory.max = 4294967296 bytes is below physical memory (MemTotal 65536000 kB in /proc/meminfo); 4294967296 bytes = 4096 MiB",
    );
    // Root in a container under the default seccomp profile: no namespace can be made.
    expect(pick(result, ["HasUserNamespaces", "HAS_UNPRIVILEGED_USER_NAMESPACES", "PidNamespacesAvailable"])).toEqual({
      HasUserNamespaces: "false",
      HAS_UNPRIVILEGED_USER_NAMESPACES: '"disabled"',
      PidNamespacesAvailable: "false",
    });
    expect(checkNamed(result, "pid-namespaces").reason).toBe(
      "/proc/sys/user/max_pid_namespaces = 63000; `unshare --pid --fork true` failed (exit 1: unshare: unshare failed: Operation not permitted)",
    );
  });

  it("v1 Kubernetes pod: the affinity mask binds below the CFS quota; the leaf memory limit binds", async () => {
    const result = await probe({ view: fixtureView("cgroup-v1-kubernetes"), timeoutMs: 1000 });
    expect(pick(result, ["DetectedCpus", "Cpus", "Memory", "Disk", "SINGULARITY_DISK_IS_FULL", "InsideContainerTechnology", "OpSysAndVer", "OpSysVer", "HAS_UNPRIVILEGED_USER_NAMESPACES"])).toEqual({
      DetectedCpus: "64",
      Cpus: "2",
      Memory: "2048",
      Disk: "4194304",
      SINGULARITY_DISK_IS_FULL: "true",
      InsideContainerTechnology: '"kubernetes"',
      OpSysAndVer: '"Ubuntu22"',
      OpSysVer: "2204",
      HAS_UNPRIVILEGED_USER_NAMESPACES: '"disabled"',
    });
    const pod = "/sys/fs/cgroup/cpu,cpuacct/kubepods/burstable/pod5e1c/0a9b8c7d";
    expect(checkNamed(result, "cpus").reason).toBe(
      `detected: 64 processors in /proc/cpuinfo; limits: affinity mask Cpus_allowed_list 4-5 = 2 CPUs; ${pod}/cpu.cfs_quota_us: quota 300000 / period 100000 us = 3.00 CPUs, rounded up to 3; ` +
        "Cpus = 2 (affinity mask Cpus_allowed_list 4-5 = 2 CPUs)",
    );
    expect(checkNamed(result, "memory").reason).toBe(
      "cgroup limit /sys/fs/cgroup/memory/kubepods/burstable/pod5e1c/0a9b8c7d/memory.limit_in_bytes = 2147483648 bytes is below physical memory (MemTotal 263175544 kB in /proc/meminfo); 2147483648 bytes = 2048 MiB",
    );
    expect(checkNamed(result, "user-namespaces").reason).toContain("kernel.unprivileged_userns_clone = 0 (unprivileged clone disabled)");
  });
});

describe("host with SINGULARITY_DISABLE_PID_NAMESPACES=1", () => {
  it("tests without -C and runs the pilot test without --pid", async () => {
    const view = fixtureView("pid-disabled");
    const result = await probe({ view, timeoutMs: 1000 });
    expect(pick(result, ["HasSingularity", "HasPidNamespaces", "PidNamespacesAvailable", "HAS_SINGULARITY", "SINGULARITY_MODE"])).toEqual({
      HasSingularity: "true",
      HasPidNamespaces: "false",
      PidNamespacesAvailable: "false",
      HAS_SINGULARITY: "true",
      SINGULARITY_MODE: '"unprivileged"',
    });
    const runtimeCalls = view.calls.filter((c) => c.startsWith("/usr/bin/apptainer "));
    expect(runtimeCalls.some((c) => c.includes(" -C ") || c.includes(" --pid "))).toBe(false);
    expect(checkNamed(result, "startd-singularity").reason).toBe(
      `apptainer on PATH: apptainer version 1.3.4-1.el9; \`/usr/bin/apptainer exec --contain --ipc --cleanenv ${IMAGE} /bin/sh -c 'exit 37'\` exited 37 using the pilot's default image; ` +
        "SINGULARITY_DISABLE_PID_NAMESPACES makes the pilot set SINGULARITY_USE_PID_NAMESPACES = false, so the test runs without -C; PID namespaces not used, so HasPidNamespaces is false",
    );
    expect(checkNamed(result, "pid-namespaces").reason).toBe(
      "/proc/sys/user/max_pid_namespaces = 15000; `unshare --user --map-root-user --pid --fork true` succeeded; " +
        "SINGULARITY_DISABLE_PID_NAMESPACES=1 in the environment: the pilot sets SINGULARITY_USE_PID_NAMESPACES = false and the job wrapper drops --pid",
    );
    expect(checkNamed(result, "pilot-singularity").reason).toContain("--pid left out: SINGULARITY_DISABLE_PID_NAMESPACES is set");
  });

  it("accepts the backfill container's true spellings, not other values", async () => {
    for (const [value, disabled] of [["true", true], ["Yes", true], ["0", false], ["no", false]] as const) {
      const view = fixtureView("apptainer-host", { env: { SINGULARITY_DISABLE_PID_NAMESPACES: value } });
      // The apptainer-host replies cover only the -C test; the no-PID test is answered here.
      view.overrides.set(`/usr/bin/apptainer exec --contain --ipc --cleanenv ${IMAGE} /bin/sh -c exit 37`, { code: 37 });
      const result = await probe({ view, timeoutMs: 1000 });
      expect(attrText(result, "HasPidNamespaces")).toBe(disabled ? "false" : "true");
    }
  });
});
