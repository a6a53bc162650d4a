/**
 * Container facts from texts and the environment (browser-safe): the mode a runtime runs in
 * (the uid_map seen inside a container), the version in a runtime's `--version` line, the
 * environment flag that turns PID namespaces off, and the container technology a cgroup path
 * names.
 */

/** How apptainer/singularity runs: setuid (privileged), fakeroot, or in a user namespace (unprivileged). */
export type ContainerMode = "privileged" | "fakeroot" | "unprivileged";

/** The values of an environment flag the OSPool backfill container treats as true. */
const TRUTHY = new Set(["1", "y", "yes", "t", "true", "on"]);

/** True when SINGULARITY_DISABLE_PID_NAMESPACES asks for no PID namespaces (1, or y/yes/t/true/on as the backfill container accepts). */
export function pidNamespacesDisabledByEnv(env: ReadonlyMap<string, string>): boolean {
  const raw = env.get("SINGULARITY_DISABLE_PID_NAMESPACES");
  return raw !== undefined && TRUTHY.has(raw.trim().toLowerCase());
}

/**
 * The mode from the first non-blank line of /proc/self/uid_map seen inside the container, as the
 * pilot reads it: `0 0 ...` privileged, `0 <uid> ...` fakeroot, anything else unprivileged; null
 * when the line has fewer than two fields.
 */
export function parseUidMapMode(uidMap: string): ContainerMode | null {
  const fields = (uidMap.split("\n").find((l) => l.trim() !== "") ?? "").trim().split(/\s+/);
  if (fields.length < 2) return null;
  if (fields[0] !== "0") return "unprivileged";
  return fields[1] === "0" ? "privileged" : "fakeroot";
}

/** "apptainer version 1.5.1-1.el9" -> "1.5.1-1.el9" (the pilot's SINGULARITY_VERSION: the last word). */
export function shortRuntimeVersion(fullVersion: string): string {
  const words = fullVersion.trim().split(/\s+/);
  return words[words.length - 1] ?? fullVersion;
}

/** Container technologies recognised in cgroup paths, checked in this order. */
const CGROUP_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/kubepods/, "kubernetes"],
  [/libpod|podman/, "podman"],
  [/docker/, "docker"],
  [/crio/, "cri-o"],
  [/containerd/, "containerd"],
  [/lxc/, "lxc"],
];

/**
 * The container technology a /proc/<pid>/cgroup text names (kubernetes, podman, docker, cri-o,
 * containerd, lxc, first found in that order) with the line that names it; null when none does.
 */
export function containerTechnologyInCgroup(text: string): { technology: string; line: string } | null {
  const lines = text.split("\n");
  for (const [pattern, technology] of CGROUP_HINTS) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return { technology, line: line.trim() };
  }
  return null;
}
