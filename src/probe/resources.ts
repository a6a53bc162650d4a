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
import type { HostView } from "./host-view.js";
import {
  countCpuList,
  countCpuinfoProcessors,
  parseCgroupMemoryLimit,
  parseCpuMax,
  parseCpusAllowedList,
  parseMemTotalKiB,
  parseProcCgroup,
  type CgroupMembership,
} from "./parsers/proc.js";
import type { ProbeRecorder } from "./record.js";
import { hostPathKind, readHostFile } from "./view.js";

const CGROUP_ROOT = "/sys/fs/cgroup";
const MIB = 1024n * 1024n;

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
      const max = parseCpuMax(readTrimmed(view, file) ?? "");
      if (max) ({ quota, period } = max);
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
  const processors = cpuinfo === null ? 0 : countCpuinfoProcessors(cpuinfo);
  const detected = processors > 0 ? processors : view.osCpuCount;
  const detectedWhy = processors > 0 ? `${processors} processors in /proc/cpuinfo` : `/proc/cpuinfo unreadable; the OS reports ${view.osCpuCount}`;

  const limits: Limit[] = [];
  const status = readHostFile(view, "/proc/self/status", 65536);
  const allowed = status === null ? null : parseCpusAllowedList(status);
  const affinity = allowed === null ? null : countCpuList(allowed);
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

function cgroupMemoryLimit(view: HostView, membership: CgroupMembership): { bytes: bigint; why: string } | null {
  const where = cgroupDirs(view, membership, "memory");
  if (!where) return null;
  const files = where.version === 2 ? ["memory.high", "memory.max"] : ["memory.limit_in_bytes"];
  let best: { bytes: bigint; why: string } | null = null;
  for (const dir of where.dirs) {
    for (const name of files) {
      const file = path.posix.join(dir, name);
      const text = readTrimmed(view, file);
      const bytes = text === null ? null : parseCgroupMemoryLimit(text);
      if (bytes === null) continue;
      if (!best || bytes < best.bytes) best = { bytes, why: `${file} = ${bytes} bytes` };
    }
  }
  return best;
}

export function probeMemory(view: HostView, rec: ProbeRecorder): void {
  const meminfo = readHostFile(view, "/proc/meminfo", 65536);
  const kib = meminfo === null ? null : parseMemTotalKiB(meminfo);
  const physical = kib !== null ? kib * 1024n : BigInt(Math.trunc(view.osTotalMemory));
  const physicalWhy = kib !== null ? `MemTotal ${kib} kB in /proc/meminfo` : "/proc/meminfo unreadable; the OS total";
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
