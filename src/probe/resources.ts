/**
 * CPUs, memory and disk in HTCondor's units (Cpus count, Memory MiB, Disk KiB).
 *
 * HTCondor counts /proc/cpuinfo processors and clamps only by OMP_THREAD_LIMIT and
 * SLURM_CPUS_ON_NODE; this probe also honours what actually bounds a job here: the affinity mask
 * (/proc/self/status Cpus_allowed_list) and the cgroup CPU quota (v2 cpu.max, v1
 * cpu.cfs_quota_us). Memory is clamped by the cgroup limit as HTCondor does (v2 memory.high then
 * memory.max, v1 memory.limit_in_bytes, on the process's cgroup and its ancestors).
 */
import * as path from "node:path";
import { realValue } from "../model/value.js";
import type { ProbeRecorder } from "./record.js";
import { hostPathKind, readHostFile, type HostView } from "./view.js";

const CGROUP_ROOT = "/sys/fs/cgroup";
/** Limits at or above 2^60 bytes mean "no limit" (cgroup v1 writes 2^63 rounded to a page). */
const UNLIMITED_BYTES = 2n ** 60n;
const MIB = 1024n * 1024n;

interface CgroupMembership {
  /** v1 controllers per hierarchy line, e.g. ["cpu", "cpuacct"], with the cgroup path. */
  readonly v1: ReadonlyArray<{ readonly controllers: readonly string[]; readonly path: string }>;
  /** The unified (v2) path, when the process is in one. */
  readonly v2: string | null;
}

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

/**
 * Directories, leaf first, of the cgroup holding `controller`, up to its hierarchy's mount.
 * When the path from /proc/self/cgroup is not visible (a cgroup namespace shows "/" or a path
 * outside the mount), the mount root itself stands for the process's cgroup.
 */
function cgroupDirs(view: HostView, membership: CgroupMembership, controller: string): { dirs: string[]; version: 1 | 2 } | null {
  const entry = membership.v1.find((e) => e.controllers.includes(controller));
  if (entry) {
    for (const mount of [path.posix.join(CGROUP_ROOT, entry.controllers.join(",")), path.posix.join(CGROUP_ROOT, controller)]) {
      if (hostPathKind(view, mount) === "dir") return { dirs: walkUp(view, mount, entry.path), version: 1 };
    }
    return null;
  }
  if (membership.v2 === null) return null;
  for (const mount of [CGROUP_ROOT, path.posix.join(CGROUP_ROOT, "unified")]) {
    if (hostPathKind(view, path.posix.join(mount, "cgroup.controllers")) === "file") {
      return { dirs: walkUp(view, mount, membership.v2), version: 2 };
    }
  }
  return null;
}

function walkUp(view: HostView, mount: string, cgPath: string): string[] {
  let leaf = path.posix.join(mount, cgPath);
  if (!leaf.startsWith(mount) || hostPathKind(view, leaf) !== "dir") leaf = mount;
  const dirs: string[] = [];
  for (let dir = leaf; ; dir = path.posix.dirname(dir)) {
    dirs.push(dir);
    if (dir === mount || dir === "/" || !dir.startsWith(mount)) break;
  }
  return dirs;
}

function readTrimmed(view: HostView, file: string): string | null {
  const text = readHostFile(view, file, 4096);
  return text === null ? null : text.trim();
}

/** A count of CPUs in a list like "0-3,8,10-11". */
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

interface Limit {
  readonly value: number;
  readonly why: string;
}

function cgroupCpuLimit(view: HostView, membership: CgroupMembership): Limit | null {
  const where = cgroupDirs(view, membership, "cpu");
  if (!where) return null;
  let best: Limit | null = null;
  for (const dir of where.dirs) {
    let quota: number | null = null;
    let period: number | null = null;
    let file: string;
    if (where.version === 2) {
      file = path.posix.join(dir, "cpu.max");
      const text = readTrimmed(view, file);
      const m = text ? /^([0-9]+)\s+([0-9]+)$/.exec(text) : null;
      if (m) [quota, period] = [Number(m[1]), Number(m[2])];
    } else {
      file = path.posix.join(dir, "cpu.cfs_quota_us");
      const q = Number(readTrimmed(view, file) ?? "-1");
      const p = Number(readTrimmed(view, path.posix.join(dir, "cpu.cfs_period_us")) ?? "0");
      if (q > 0 && p > 0) [quota, period] = [q, p];
    }
    if (quota === null || period === null || period <= 0) continue;
    const cpus = Math.max(1, Math.ceil(quota / period));
    if (!best || cpus < best.value) best = { value: cpus, why: `${file}: quota ${quota} / period ${period} us = ${(quota / period).toFixed(2)} CPUs, rounded up to ${cpus}` };
  }
  return best;
}

function envLimit(view: HostView, name: string): Limit | null {
  const raw = view.env.get(name);
  if (raw === undefined || !/^[0-9]+$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return n > 0 ? { value: n, why: `${name}=${n} in the environment (HTCondor applies it as a thread limit)` } : null;
}

export function probeCpus(view: HostView, rec: ProbeRecorder): void {
  const cpuinfo = readHostFile(view, "/proc/cpuinfo", 8 << 20);
  const processors = cpuinfo === null ? 0 : cpuinfo.split("\n").filter((l) => /^processor\s*:/.test(l)).length;
  const detected = processors > 0 ? processors : view.osCpuCount;
  const detectedWhy = processors > 0 ? `${processors} processors in /proc/cpuinfo` : `/proc/cpuinfo unreadable; the OS reports ${view.osCpuCount}`;

  const limits: Limit[] = [];
  const status = readHostFile(view, "/proc/self/status", 65536);
  const allowed = status === null ? undefined : /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  const affinity = allowed === undefined ? null : countCpuList(allowed);
  if (affinity !== null) limits.push({ value: affinity, why: `affinity mask Cpus_allowed_list ${allowed} = ${affinity} CPUs` });
  const cgroupText = readHostFile(view, "/proc/self/cgroup", 65536);
  const membership = parseProcCgroup(cgroupText ?? "");
  const quota = cgroupCpuLimit(view, membership);
  if (quota) limits.push(quota);
  for (const name of ["OMP_THREAD_LIMIT", "SLURM_CPUS_ON_NODE"]) {
    const limit = envLimit(view, name);
    if (limit) limits.push(limit);
  }

  let cpus = detected;
  let binding = "no limit below the detected count";
  for (const limit of limits) {
    if (limit.value < cpus) {
      cpus = limit.value;
      binding = limit.why;
    }
  }
  const consulted = limits.map((l) => l.why).join("; ");
  rec.publish(
    "cpus",
    [
      ["DetectedCpus", detected],
      ["Cpus", cpus],
      ["TotalSlotCpus", cpus],
      ["TotalCpus", realValue(cpus)],
    ],
    `detected: ${detectedWhy}; limits: ${consulted || "none found"}; Cpus = ${cpus} (${binding})`,
    "/proc/cpuinfo, /proc/self/status, /proc/self/cgroup, cgroup cpu.max or cpu.cfs_quota_us, OMP_THREAD_LIMIT, SLURM_CPUS_ON_NODE",
  );
}

function parseBytes(text: string | null): bigint | null {
  if (text === null || !/^[0-9]+$/.test(text)) return null;
  return BigInt(text);
}

function cgroupMemoryLimit(view: HostView, membership: CgroupMembership): { bytes: bigint; why: string } | null {
  const where = cgroupDirs(view, membership, "memory");
  if (!where) return null;
  const files = where.version === 2 ? ["memory.high", "memory.max"] : ["memory.limit_in_bytes"];
  let best: { bytes: bigint; why: string } | null = null;
  for (const dir of where.dirs) {
    for (const name of files) {
      const file = path.posix.join(dir, name);
      const bytes = parseBytes(readTrimmed(view, file));
      if (bytes === null || bytes >= UNLIMITED_BYTES) continue;
      if (!best || bytes < best.bytes) best = { bytes, why: `${file} = ${bytes} bytes` };
    }
  }
  return best;
}

export function probeMemory(view: HostView, rec: ProbeRecorder): void {
  const meminfo = readHostFile(view, "/proc/meminfo", 65536);
  const kib = meminfo === null ? undefined : /^MemTotal:\s*([0-9]+)\s*kB/m.exec(meminfo)?.[1];
  const physical = kib !== undefined ? BigInt(kib) * 1024n : BigInt(Math.trunc(view.osTotalMemory));
  const physicalWhy = kib !== undefined ? `MemTotal ${kib} kB in /proc/meminfo` : "/proc/meminfo unreadable; the OS total";
  const membership = parseProcCgroup(readHostFile(view, "/proc/self/cgroup", 65536) ?? "");
  const limit = cgroupMemoryLimit(view, membership);
  const bytes = limit && limit.bytes < physical ? limit.bytes : physical;
  const mib = Number(bytes / MIB);
  const why = limit
    ? limit.bytes < physical
      ? `cgroup limit ${limit.why} is below physical memory (${physicalWhy})`
      : `cgroup limit ${limit.why} is above physical memory (${physicalWhy})`
    : `${physicalWhy}; no cgroup memory limit (unlimited or values >= 2^60)`;
  rec.publish(
    "memory",
    [
      ["DetectedMemory", mib],
      ["Memory", mib],
      ["TotalSlotMemory", mib],
      ["TotalMemory", mib],
    ],
    `${why}; ${bytes} bytes = ${mib} MiB`,
    "/proc/meminfo, /proc/self/cgroup, cgroup memory.high/memory.max or memory.limit_in_bytes",
  );
}

export function probeDisk(view: HostView, rec: ProbeRecorder): void {
  const space = view.statfs(view.cwd);
  if (!space) {
    rec.publish("disk", [["Disk", 0], ["TotalDisk", 0]], `statfs(${view.cwd}) failed: no disk space can be offered`, `statfs(${view.cwd})`);
    return;
  }
  const freeKiB = Math.floor((space.bavail * space.bsize) / 1024);
  const totalKiB = Math.floor((space.blocks * space.bsize) / 1024);
  rec.publish(
    "disk",
    [
      ["Disk", freeKiB],
      ["TotalDisk", freeKiB],
      ["TotalSlotDisk", realValue(freeKiB)],
      ["DetectedDisk", totalKiB],
    ],
    `file system of the working directory ${view.cwd}: ${space.bavail} available blocks x ${space.bsize} bytes = ${freeKiB} KiB free (non-root), ${totalKiB} KiB in all`,
    `statfs(${view.cwd})`,
  );
}
