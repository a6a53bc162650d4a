/**
 * The host probe: the slot ad this machine would advertise to an HTCondor pool, container
 * readiness in HTCondor's and the OSPool pilot's views, the job wrapper's decision, and a watch
 * mode. Node only (reads /proc, /sys, /etc and runs programs).
 */
export { probe, DEFAULT_TIMEOUT_MS, type ProbeOptions, type ProbeResult } from "./probe.js";
export type { ProbeCheck } from "./record.js";
export { watchProbe, diffAds, type AttributeChange, type WatchEvent, type WatchHandle } from "./watch.js";
export { wrapperDecision, type WrapperDecision, type WrapperOptions } from "./wrapper.js";
export {
  realHostView,
  realRunner,
  type FsSpace,
  type HostView,
  type RunOptions,
  type RunResult,
  type Runner,
  type Uname,
} from "./view.js";
export { detectInsideContainer, pidNamespacesDisabledByEnv, type ContainerOptions } from "./containers.js";
export { OSPOOL_CVMFS_REPOS, cvmfsAttributeName } from "./cvmfs.js";
