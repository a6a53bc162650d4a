/**
 * What the container checks are given (ContainerOptions), the well-known paths they look at, and
 * the helpers they share: the pilot's default image, and path checks that never touch a CVMFS
 * repository found hung.
 */
import type { HostView } from "./host-view.js";
import type { RuntimeFacts } from "./runtime.js";
import { hostPathKind, isExecutableFile } from "./view.js";

export interface ContainerOptions {
  /** HTCondor's SINGULARITY knob: the runtime the startd tests. Default: apptainer, then singularity, on PATH. */
  readonly singularityPath?: string;
  /** Image for the startd-style test run. Default: HTCondor's test sandbox if installed, else the pilot's default image. */
  readonly testImage?: string;
  /** The pilot's default image. Default: $OSG_DEFAULT_SINGULARITY_IMAGE, else the OSPool rocky:9 image on CVMFS. */
  readonly defaultImage?: string;
  /** SIF used for the SIF-support test. Default: htc__minimal__0.sif in the OSG-Staff images on CVMFS. */
  readonly sifTestImage?: string;
  /** HTCondor's SINGULARITY_USE_PID_NAMESPACES; "auto" (default) tries with and then without. */
  readonly usePidNamespaces?: "auto" | boolean;
  /** Pull a docker:// image to test registry access (needs the network). Default false. */
  readonly registryTest?: boolean;
  readonly timeoutMs: number;
  /**
   * CVMFS repositories that answered within the time limit. Paths in other repositories under the
   * CVMFS base are treated as absent without touching them, so a hung mount cannot block a stat.
   */
  readonly cvmfs?: { readonly base: string; readonly checked: ReadonlySet<string>; readonly available: ReadonlySet<string> };
  /** Shares `--version` answers between the two views within one probe (keyed by runtime path). */
  readonly versionCache?: Map<string, Promise<RuntimeFacts>>;
}

export const DEFAULT_OSPOOL_IMAGE = "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9";
export const HTCONDOR_TEST_SANDBOX = "/usr/libexec/condor/singularity_test_sandbox";
export const OSG_CVMFS_SINGULARITY = "/cvmfs/oasis.opensciencegrid.org/mis/singularity/bin/singularity";

/** True when the path lies in a checked CVMFS repository that did not answer (so it must not be touched). */
export function inDeadRepository(path: string, options: Pick<ContainerOptions, "cvmfs">): boolean {
  const cvmfs = options.cvmfs;
  if (!cvmfs || !path.startsWith(cvmfs.base + "/")) return false;
  const repo = path.slice(cvmfs.base.length + 1).split("/")[0] ?? "";
  return cvmfs.checked.has(repo) && !cvmfs.available.has(repo);
}

/** The kind of a host path, or null (absent) without a look when it lies in a hung repository. */
export function safeKind(view: HostView, path: string, options: Pick<ContainerOptions, "cvmfs">): "file" | "dir" | "other" | null {
  return inDeadRepository(path, options) ? null : hostPathKind(view, path);
}

/** True when the host path is an executable file; false without a look when it lies in a hung repository. */
export function safeExecutable(view: HostView, path: string, options: Pick<ContainerOptions, "cvmfs">): boolean {
  return !inDeadRepository(path, options) && isExecutableFile(view, path);
}

/** The pilot's default image: $OSG_DEFAULT_SINGULARITY_IMAGE, the `default:` entry of $SINGULARITY_IMAGES_DICT, the option, or rocky:9 on CVMFS. */
export function pilotDefaultImage(view: HostView, options: Pick<ContainerOptions, "defaultImage">): string {
  if (options.defaultImage) return options.defaultImage;
  const fromEnv = view.env.get("OSG_DEFAULT_SINGULARITY_IMAGE");
  if (fromEnv) return fromEnv;
  const dict = view.env.get("SINGULARITY_IMAGES_DICT");
  if (dict) {
    for (const entry of dict.split(",")) {
      const colon = entry.indexOf(":");
      if (colon > 0 && entry.slice(0, colon).trim() === "default") return entry.slice(colon + 1).trim();
    }
  }
  return DEFAULT_OSPOOL_IMAGE;
}
