/**
 * `probe()`: the slot ad an HTCondor execution point on this host would advertise (one static
 * slot owning the machine), with the container attributes OSPool matching depends on, and the
 * list of checks that explain each value.
 */
import type { ClassAd } from "../classad/classad.js";
import type { ContainerOptions } from "./container-options.js";
import { probeCvmfs } from "./cvmfs.js";
import { OSPOOL_CVMFS_REPOS } from "./cvmfs-repos.js";
import type { HostView } from "./host-view.js";
import { publishInsideContainer } from "./inside-container.js";
import { probeNamespaces, publishNamespaces } from "./namespaces.js";
import { probePilotSingularity } from "./pilot.js";
import { probeStartdSingularity } from "./startd.js";
import { probeGpus } from "./gpu.js";
import { probeIdentity } from "./os-info.js";
import { publishPolicy } from "./policy.js";
import { ProbeRecorder, type ProbeCheck } from "./record.js";
import { probeCpus, probeDisk, probeMemory } from "./resources.js";
import { realHostView } from "./view.js";

/** What a caller may set of the container checks (see {@link ContainerOptions}). */
export type ContainerChoices = Partial<
  Pick<ContainerOptions, "singularityPath" | "testImage" | "defaultImage" | "sifTestImage" | "usePidNamespaces" | "registryTest">
>;

export interface ProbeOptions extends ContainerChoices {
  /** The host to probe; default: this machine. */
  readonly view?: HostView;
  /** Time limit of each program run and each CVMFS listing (ms). Default 20 000. */
  readonly timeoutMs?: number;
  /** CVMFS repositories to check. Default: the OSPool pilot's list. */
  readonly cvmfsRepos?: readonly string[];
}

export interface ProbeResult {
  readonly ad: ClassAd;
  readonly checks: readonly ProbeCheck[];
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/** Probes the host. Never throws for a missing file or program: those become false values with reasons. */
export async function probe(options: ProbeOptions = {}): Promise<ProbeResult> {
  const view = options.view ?? realHostView();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rec = new ProbeRecorder();

  probeIdentity(view, rec);
  probeCpus(view, rec);
  probeMemory(view, rec);
  probeDisk(view, rec);
  publishPolicy(rec, true);
  await probeGpus(view, rec, timeoutMs);
  const cvmfs = await probeCvmfs(view, rec, options.cvmfsRepos ?? OSPOOL_CVMFS_REPOS, timeoutMs);
  const containerOptions: ContainerOptions = {
    singularityPath: options.singularityPath,
    testImage: options.testImage,
    defaultImage: options.defaultImage,
    sifTestImage: options.sifTestImage,
    usePidNamespaces: options.usePidNamespaces,
    registryTest: options.registryTest,
    timeoutMs,
    versionCache: new Map(),
    cvmfs,
  };

  const ns = await probeNamespaces(view, timeoutMs);
  publishNamespaces(view, rec, ns);
  const startd = await probeStartdSingularity(view, rec, containerOptions, ns);
  const pilot = await probePilotSingularity(view, rec, containerOptions, ns);
  publishInsideContainer(view, rec, pilot, startd);
  return { ad: rec.ad, checks: rec.checks };
}

