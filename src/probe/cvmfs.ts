/**
 * CVMFS availability as the OSPool pilot's advertise-base publishes it: one
 * `HAS_CVMFS_<repo with . and - as _>` boolean per repository it knows, true when
 * `<CVMFS_BASE>/<repo>/.` can be listed within the time limit (autofs mounts on first access;
 * a hung mount is a timeout, i.e. false).
 */
import { cvmfsAttributeName } from "./cvmfs-repos.js";
import type { HostView } from "./host-view.js";
import type { ProbeRecorder } from "./record.js";
import { hostPathKind, listHostDirBounded } from "./view.js";

/** Where CVMFS is mounted: $CVMFS_BASE (cvmfsexec) or /cvmfs. */
export function cvmfsBase(view: HostView): string {
  const base = view.env.get("CVMFS_BASE");
  return base && base.startsWith("/") ? base.replace(/\/+$/, "") || "/" : "/cvmfs";
}

export interface CvmfsFacts {
  readonly base: string;
  /** Repositories that were checked. */
  readonly checked: ReadonlySet<string>;
  /** Repositories that answered. */
  readonly available: ReadonlySet<string>;
}

export async function probeCvmfs(
  view: HostView,
  rec: ProbeRecorder,
  repos: readonly string[],
  timeoutMs: number,
): Promise<CvmfsFacts> {
  const base = cvmfsBase(view);
  const checked = new Set(repos);
  const available = new Set<string>();
  if (hostPathKind(view, base) !== "dir") {
    rec.publish(
      "cvmfs",
      repos.map((repo) => [cvmfsAttributeName(repo), false] as const),
      `${base} does not exist: no CVMFS repository is mounted`,
      base,
    );
    return { base, checked, available };
  }
  const results = await Promise.all(repos.map((repo) => listHostDirBounded(view, `${base}/${repo}/.`, timeoutMs)));
  const failures = new Map<string, string[]>();
  results.forEach((result, i) => {
    const repo = repos[i] ?? "";
    if (result.ok) available.add(repo);
    else failures.set(result.reason, [...(failures.get(result.reason) ?? []), repo]);
  });
  const missing = [...failures].map(([reason, names]) => `${reason}: ${names.length > 3 ? `${names.length} repositories` : names.join(", ")}`);
  rec.publish(
    "cvmfs",
    repos.map((repo) => [cvmfsAttributeName(repo), available.has(repo)] as const),
    `${available.size} of ${repos.length} repositories listable under ${base}` +
      (available.size ? ` (${[...available].join(", ")})` : "") +
      (missing.length ? `; not listable: ${missing.join("; ")}` : ""),
    `ls ${base}/<repo>/. (bounded by ${timeoutMs} ms each)`,
  );
  return { base, checked, available };
}
