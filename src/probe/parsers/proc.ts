/**
 * CPU and memory facts from /proc and cgroup files (browser-safe): which cgroups the process is
 * in (/proc/self/cgroup), the processors of /proc/cpuinfo, MemTotal of /proc/meminfo, the
 * affinity mask of /proc/self/status, and the cgroup limit files (v2 `cpu.max`, `memory.max`,
 * `memory.high`; v1 `cpu.cfs_quota_us`, `memory.limit_in_bytes`).
 */

/** The cgroups a process is in, from /proc/<pid>/cgroup. */
export interface CgroupMembership {
  /** v1 controllers per hierarchy line, e.g. ["cpu", "cpuacct"], with the cgroup path. */
  readonly v1: ReadonlyArray<{ readonly controllers: readonly string[]; readonly path: string }>;
  /** The unified (v2) path, when the process is in one. */
  readonly v2: string | null;
}

/** Limits at or above 2^60 bytes mean "no limit" (cgroup v1 writes 2^63 rounded to a page). */
const UNLIMITED_BYTES = 2n ** 60n;

/** /proc/<pid>/cgroup: `hierarchy:controllers:path` lines; `0::path` is the unified (v2) one. */
export function parseProcCgroup(text: string): CgroupMembership {
  const v1: Array<{ controllers: string[]; path: string }> = [];
  let v2: string | null = null;
  for (const line of text.split("\n")) {
    const first = line.indexOf(":");
    const second = line.indexOf(":", first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const cgPath = line.slice(second + 1);
    if (line.slice(0, first) === "0" && controllers === "") v2 = cgPath;
    else if (controllers !== "") v1.push({ controllers: controllers.split(","), path: cgPath });
  }
  return { v1, v2 };
}

/** A count of CPUs in a list like "0-3,8,10-11"; null when malformed or empty. */
export function countCpuList(list: string): number | null {
  let count = 0;
  for (const part of list.trim().split(",")) {
    if (part === "") continue;
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part.trim());
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return null;
    count += hi - lo + 1;
  }
  return count > 0 ? count : null;
}

/** The number of `processor :` lines of /proc/cpuinfo (HTCondor's detected CPU count). */
export function countCpuinfoProcessors(text: string): number {
  return text.split("\n").filter((l) => /^processor\s*:/.test(l)).length;
}

/** `Cpus_allowed_list` of /proc/self/status (the affinity mask, e.g. "0-3,8"), or null. */
export function parseCpusAllowedList(status: string): string | null {
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? null;
}

/** `MemTotal` of /proc/meminfo in KiB, or null. */
export function parseMemTotalKiB(meminfo: string): bigint | null {
  const kib = /^MemTotal:\s*([0-9]+)\s*kB/m.exec(meminfo)?.[1];
  return kib === undefined ? null : BigInt(kib);
}

/** A cgroup v2 `cpu.max` ("quota period", e.g. "150000 100000"); null for "max ..." (no quota) or anything else. */
export function parseCpuMax(text: string): { quota: number; period: number } | null {
  const m = /^([0-9]+)\s+([0-9]+)$/.exec(text.trim());
  return m ? { quota: Number(m[1]), period: Number(m[2]) } : null;
}

/**
 * A cgroup memory limit file (`memory.max`, `memory.high`, `memory.limit_in_bytes`) in bytes;
 * null when it sets no limit ("max", or 2^60 and above as cgroup v1 writes "unlimited") or is not
 * a number.
 */
export function parseCgroupMemoryLimit(text: string): bigint | null {
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed)) return null;
  const bytes = BigInt(trimmed);
  return bytes >= UNLIMITED_BYTES ? null : bytes;
}
