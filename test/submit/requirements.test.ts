/**
 * The Requirements condor_submit and the OSPool access point build, against the exact strings
 * HTCondor produces (HTCondor's submit_utils.cpp SetRequirements, and the conformance job ads).
 */
import { describe, expect, it } from "vitest";
import { unparse } from "../../src/ast/print.js";
import { ClassAd } from "../../src/classad/classad.js";
import type { Expr } from "../../src/model/nodes.js";
import { buildSubmitRequirements, ospoolContainerTransform } from "../../src/submit/index.js";
import { jobAd } from "../match/fixtures.js";

const VANILLA_YES =
  '(TARGET.Arch == "X86_64") && (TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && (TARGET.HasFileTransfer)';

function requirementsText(ad: ClassAd): string {
  const expr = ad.lookup("Requirements");
  if (expr === undefined) throw new Error("no Requirements");
  return unparse(expr, { syntax: "old" });
}

/** A job like condor_submit's: requests, universe, file system domain. */
function baseJob(extra: Record<string, string> = {}): ClassAd {
  const ad = new ClassAd();
  const attrs: Record<string, string> = {
    JobUniverse: "5",
    RequestCpus: "1",
    RequestMemory: "1024",
    RequestDisk: "1048576",
    FileSystemDomain: '"ap40.uw.osg-htc.org"',
    ...extra,
  };
  for (const [name, text] of Object.entries(attrs)) ad.setText(name, text, "old");
  return ad;
}

function without(ad: ClassAd, name: string): ClassAd {
  const copy = new ClassAd(ad.entries());
  copy.delete(name);
  return copy;
}

describe("buildSubmitRequirements", () => {
  it("vanilla, should_transfer_files = YES: the canonical default", () => {
    const job = buildSubmitRequirements(baseJob(), { shouldTransferFiles: "YES" });
    expect(requirementsText(job)).toBe(VANILLA_YES);
  });

  it("reproduces the conformance job s01 from its requests", () => {
    const s01 = jobAd("jobs/s01-vanilla-default.ad");
    const rebuilt = buildSubmitRequirements(without(s01, "Requirements"), { shouldTransferFiles: "YES" });
    expect(requirementsText(rebuilt)).toBe(requirementsText(s01));
  });

  it("default IF_NEEDED file transfer gives the FileSystemDomain alternative", () => {
    const job = buildSubmitRequirements(baseJob());
    expect(requirementsText(job)).toBe(
      '(TARGET.Arch == "X86_64") && (TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && ((TARGET.FileSystemDomain == MY.FileSystemDomain) || (TARGET.HasFileTransfer))',
    );
  });

  it("should_transfer_files = NO gives the FileSystemDomain clause alone", () => {
    const job = buildSubmitRequirements(baseJob(), { shouldTransferFiles: "NO" });
    expect(requirementsText(job)).toMatch(/&& \(TARGET\.FileSystemDomain == MY\.FileSystemDomain\)$/);
  });

  it("Cpus above one, GPUs, and the countMatches form when RequireGPUs is set", () => {
    const gpus = buildSubmitRequirements(baseJob({ RequestCpus: "4", RequestGPUs: "1" }), { shouldTransferFiles: "YES" });
    expect(requirementsText(gpus)).toBe(
      '(TARGET.Arch == "X86_64") && (TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && (TARGET.Cpus >= RequestCpus) && (TARGET.GPUs >= RequestGPUs) && (TARGET.HasFileTransfer)',
    );
    const require = buildSubmitRequirements(baseJob({ RequestGPUs: "1", RequireGPUs: "Capability >= 7.0" }), {
      shouldTransferFiles: "YES",
    });
    expect(requirementsText(require)).toContain(" && (countMatches(MY.RequireGPUs,TARGET.AvailableGPUs) >= RequestGPUs)");
  });

  it("the user's clause comes first, in parentheses, and suppresses the clauses it covers", () => {
    const job = buildSubmitRequirements(baseJob(), {
      requirements: "HAS_SINGULARITY == true && OSG_HOST_KERNEL_VERSION >= 31000",
      shouldTransferFiles: "YES",
    });
    expect(requirementsText(job)).toBe(`(HAS_SINGULARITY == true && OSG_HOST_KERNEL_VERSION >= 31000) && ${VANILLA_YES}`);
    const covered = buildSubmitRequirements(baseJob(), { requirements: 'OpSysAndVer == "AlmaLinux9" && Arch == "ARM64"' });
    expect(requirementsText(covered)).not.toContain("TARGET.OpSys");
    expect(requirementsText(covered)).not.toContain("TARGET.Arch");
  });

  it("container universe: Arch, HasContainer and the image clause, no OpSys", () => {
    const sif = buildSubmitRequirements(baseJob({ ContainerImage: '"/images/rocky9.sif"' }), { shouldTransferFiles: "YES" });
    expect(requirementsText(sif)).toBe(
      '(TARGET.Arch == "X86_64") && TARGET.HasContainer && TARGET.HasSIF && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && (TARGET.HasFileTransfer)',
    );
    const docker = buildSubmitRequirements(baseJob({ ContainerImage: '"docker://rockylinux:9"' }), { shouldTransferFiles: "YES" });
    expect(requirementsText(docker)).toContain("TARGET.HasContainer && TARGET.HasDockerURL && ");
    const sandbox = buildSubmitRequirements(baseJob({ ContainerImage: '"/images/rocky9/"' }), { shouldTransferFiles: "YES" });
    expect(requirementsText(sandbox)).toContain("TARGET.HasContainer && TARGET.HasSandboxImage && ");
  });

  it("the version-aware Disk clause of HTCondor 26 development builds, on request", () => {
    const job = buildSubmitRequirements(baseJob(), { shouldTransferFiles: "YES", versionAwareDisk: true });
    expect(requirementsText(job)).toContain(
      ' && (versionGE(split(TARGET.CondorVersion)[1],"25.12.0") || (TARGET.Disk >= RequestDisk))',
    );
  });

  it("URL inputs add a plugin-method clause inside the transfer clause", () => {
    const job = buildSubmitRequirements(baseJob({ TransferInput: '"osdf:///ospool/data/x.tar.gz,local.txt"' }), {
      shouldTransferFiles: "YES",
    });
    expect(requirementsText(job)).toMatch(
      /&& \(TARGET\.HasFileTransfer && stringListIMember\("osdf",TARGET\.HasFileTransferPluginMethods\)\)$/,
    );
  });

  it("returns a new ad and leaves the input alone", () => {
    const input = baseJob();
    const output = buildSubmitRequirements(input);
    expect(output).not.toBe(input);
    expect(input.lookup("Requirements")).toBeUndefined();
  });
});

describe("ospoolContainerTransform", () => {
  const base = (): ClassAd => without(jobAd("jobs/s02-ospool-container.ad"), "SingularityImage");
  const withImage = (image: string): ClassAd => {
    const ad = base();
    ad.set("Requirements", jobAd("jobs/s01-vanilla-default.ad").lookup("Requirements") as Expr);
    ad.setText("SingularityImage", JSON.stringify(image), "old");
    return ad;
  };

  it("a /cvmfs image gets HasSingularity and HAS_SINGULARITY (conformance job s02)", () => {
    const out = ospoolContainerTransform(withImage("/cvmfs/singularity.opensciencegrid.org/htc/rocky:9"));
    expect(requirementsText(out)).toBe(requirementsText(jobAd("jobs/s02-ospool-container.ad")));
    expect(requirementsText(out)).toBe(`${VANILLA_YES} && TARGET.HasSingularity && TARGET.HAS_SINGULARITY`);
  });

  it("a .sif image by URL gets the plugin clause and SINGULARITY_CAN_USE_SIF (conformance job s05)", () => {
    const out = ospoolContainerTransform(withImage("osdf:///ospool/ap40/data/alice/img.sif"));
    expect(requirementsText(out)).toBe(requirementsText(jobAd("jobs/s05-sif-image.ad")));
    expect(requirementsText(out)).toBe(
      `${VANILLA_YES} && TARGET.HasSingularity && StringListIMember("osdf",TARGET.HasFileTransferPluginMethods) && TARGET.SINGULARITY_CAN_USE_SIF`,
    );
    expect(out.lookup("orig_SingularityImage")).toBeDefined();
  });

  it("a docker:// image gets SINGULARITY_CAN_USE_REGISTRY and is not transferred", () => {
    const out = ospoolContainerTransform(withImage("docker://hub.opensciencegrid.org/htc/rocky:9"));
    expect(requirementsText(out)).toBe(`${VANILLA_YES} && TARGET.HasSingularity && TARGET.SINGULARITY_CAN_USE_REGISTRY`);
    expect(out.lookup("orig_SingularityImage")).toBeUndefined();
  });

  it("reproduces the real ap21 job of 2024 (user clause, submit defaults, then the transform)", () => {
    const submitted = buildSubmitRequirements(baseJob({ SingularityImage: '"osdf:///ospool/ap21/data/u/image.sif"' }), {
      requirements: "HAS_SINGULARITY == true && OSG_HOST_KERNEL_VERSION >= 31000",
      shouldTransferFiles: "YES",
    });
    expect(requirementsText(ospoolContainerTransform(submitted))).toBe(
      '(HAS_SINGULARITY == true && OSG_HOST_KERNEL_VERSION >= 31000) && (TARGET.Arch == "X86_64") && (TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && (TARGET.HasFileTransfer) && TARGET.HasSingularity && StringListIMember("osdf",TARGET.HasFileTransferPluginMethods) && TARGET.SINGULARITY_CAN_USE_SIF',
    );
  });

  it("leaves jobs without a SingularityImage string unchanged", () => {
    const job = jobAd("jobs/s01-vanilla-default.ad");
    expect(requirementsText(ospoolContainerTransform(job))).toBe(requirementsText(job));
  });
});
