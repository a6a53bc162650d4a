/**
 * The host probe, browser-safe part: the parsers that turn what a host shows (file contents,
 * command output, the environment) into facts, the job wrapper's decision, and the difference of
 * two probed ads. Probing a host (reading /proc, /sys, /etc and running programs) is in node.ts.
 */
export type { ProbeCheck } from "./record.js";
export { diffAds, type AttributeChange } from "./ad-diff.js";
export { wrapperDecision, type WrapperDecision, type WrapperOptions } from "./wrapper.js";
export { OSPOOL_CVMFS_REPOS, cvmfsAttributeName } from "./cvmfs-repos.js";
export {
  condorArch,
  linuxDistroName,
  opsysMajorVersion,
  opsysVersion,
  parseIssueFile,
  parseOsReleasePrettyName,
  kernelVersionNumber,
} from "./parsers/os.js";
export {
  NVIDIA_SMI_QUERY,
  parseNvidiaSmiQuery,
  parseCudaVersion,
  parseNvrmVersion,
  parseNvidiaGpuInformation,
  shortGpuId,
  condorPciBusId,
  cudaDriverVersionReal,
  type GpuDevice,
} from "./parsers/nvidia.js";
export {
  parseProcCgroup,
  countCpuList,
  countCpuinfoProcessors,
  parseCpusAllowedList,
  parseMemTotalKiB,
  parseCpuMax,
  parseCgroupMemoryLimit,
  type CgroupMembership,
} from "./parsers/proc.js";
export {
  pidNamespacesDisabledByEnv,
  parseUidMapMode,
  shortRuntimeVersion,
  containerTechnologyInCgroup,
  type ContainerMode,
} from "./parsers/containers.js";
