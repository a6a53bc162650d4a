/**
 * The job wrapper's decision, on probed fixture ads and on hand-made slot attributes.
 */
import { describe, expect, it } from "vitest";
import { wrapperDecision } from "../../src/probe/index.js";
import { probe } from "../../src/probe/node.js";
import { fixtureView } from "./fixture-view.js";

const IMAGE = "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9";
const noEnv = new Map<string, string>();

describe("wrapperDecision", () => {
  it("runs in a container with -C on a host whose probe passed with PID namespaces", async () => {
    const { ad } = await probe({ view: fixtureView("apptainer-host"), timeoutMs: 1000 });
    const decision = wrapperDecision(ad, noEnv);
    expect(decision).toEqual({
      container: true,
      runtime: "/usr/bin/apptainer",
      image: IMAGE,
      pidNamespace: true,
      nvidia: false,
      flags: ["exec", "-C", "--home", "$_CONDOR_SCRATCH_DIR:/srv", "--pwd", "/srv"],
      reasons: [
        "HAS_SINGULARITY is true: SINGULARITY_JOB holds; runtime /usr/bin/apptainer",
        `image ${IMAGE} (ContainerImage ?: SingularityImage ?: OSG_DEFAULT_SINGULARITY_IMAGE)`,
        "PID namespace: SINGULARITY_USE_PID_NAMESPACES is auto and the slot has HasPidNamespaces = true",
        "no --nv: no GPUs on the slot",
      ],
    });
  });

  it("drops the PID namespace when SINGULARITY_DISABLE_PID_NAMESPACES=1, in both wrapper styles", async () => {
    const view = fixtureView("pid-disabled");
    const { ad } = await probe({ view, timeoutMs: 1000 });
    const htcondor = wrapperDecision(ad, view.env);
    expect(htcondor.pidNamespace).toBe(false);
    expect(htcondor.flags).toEqual(["exec", "--contain", "--ipc", "--cleanenv", "--home", "$_CONDOR_SCRATCH_DIR:/srv", "--pwd", "/srv"]);
    expect(htcondor.reasons).toContain("SINGULARITY_DISABLE_PID_NAMESPACES=1: no PID namespace");
    const gwms = wrapperDecision(ad, view.env, { style: "glideinwms" });
    expect(gwms.flags).toEqual(["exec", "--ipc", "--contain"]);
    // Without the variable the GlideinWMS wrapper adds --pid.
    expect(wrapperDecision(ad, noEnv, { style: "glideinwms" }).flags).toEqual(["exec", "--ipc", "--contain", "--pid"]);
  });

  it("runs without a container when HAS_SINGULARITY is false, and says the job would not land here", async () => {
    const { ad } = await probe({ view: fixtureView("gpu-host"), timeoutMs: 1000 });
    const job = new Map([["SingularityImage", "/cvmfs/singularity.opensciencegrid.org/htc/rocky:8"]]);
    const decision = wrapperDecision(ad, noEnv, { job });
    expect(decision.container).toBe(false);
    expect(decision.flags).toEqual([]);
    expect(decision.reasons).toEqual([
      "HAS_SINGULARITY is false: the pilot's SINGULARITY_JOB = (HAS_SINGULARITY ?: false) && ... is false, so the payload runs without a container " +
        "(the job asks for /cvmfs/singularity.opensciencegrid.org/htc/rocky:8; in the OSPool its Requirements would keep it off this slot)",
    ]);
  });

  it("adds --nv only when the slot has GPUs and the host driver", () => {
    const base: Array<[string, string | number | boolean]> = [
      ["HAS_SINGULARITY", true],
      ["SINGULARITY_PATH", "/usr/bin/apptainer"],
      ["OSG_DEFAULT_SINGULARITY_IMAGE", IMAGE],
      ["HasPidNamespaces", true],
      ["GPUs", 2],
    ];
    const withDriver = wrapperDecision(new Map([...base, ["GPUs_NvidiaDriver", "550.54.15"]]), noEnv);
    expect(withDriver.nvidia).toBe(true);
    expect(withDriver.flags).toEqual(["exec", "-C", "--home", "$_CONDOR_SCRATCH_DIR:/srv", "--pwd", "/srv", "--nv"]);
    expect(withDriver.reasons).toContain("--nv: 2 GPU(s) and host NVIDIA driver 550.54.15");
    const noDriver = wrapperDecision(new Map(base), noEnv);
    expect(noDriver.nvidia).toBe(false);
    expect(noDriver.reasons).toContain("no --nv: the slot has GPUs but no host NVIDIA driver (GPUs_NvidiaDriver)");
  });

  it("prefers the job's image and honours the staff bypass", () => {
    const slot = new Map<string, string | boolean>([
      ["HAS_SINGULARITY", true],
      ["SINGULARITY_PATH", "/usr/bin/apptainer"],
      ["OSG_DEFAULT_SINGULARITY_IMAGE", IMAGE],
    ]);
    const job = new Map<string, string | boolean>([["SingularityImage", "docker://hub/img:1"]]);
    expect(wrapperDecision(slot, noEnv, { job }).image).toBe("docker://hub/img:1");
    job.set("ContainerImage", "/images/a.sif");
    expect(wrapperDecision(slot, noEnv, { job }).image).toBe("/images/a.sif");
    job.set("container_bypass", true);
    job.set("ProjectName", "OSG-Staff");
    const bypass = wrapperDecision(slot, noEnv, { job });
    expect(bypass.container).toBe(false);
    expect(bypass.reasons).toEqual(["container_bypass is set by project OSG-Staff, which the pilot allows to skip the container"]);
  });

  it("needs a runtime path and a literal HAS_SINGULARITY", () => {
    expect(wrapperDecision(new Map([["HAS_SINGULARITY", true]]), noEnv).reasons).toEqual([
      "HAS_SINGULARITY is true but the slot names no runtime (SINGULARITY_PATH), so no container can be started",
    ]);
    expect(wrapperDecision(new Map(), noEnv).reasons[0]).toMatch(/^HAS_SINGULARITY is not a true literal/);
  });
});
