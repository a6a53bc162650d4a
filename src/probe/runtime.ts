/**
 * Finding the container runtime (apptainer or singularity) as each view looks for it, and asking
 * its version (`--version`, once per path and probe).
 */
import type { ContainerOptions } from "./container-options.js";
import { OSG_CVMFS_SINGULARITY, safeExecutable } from "./container-options.js";
import type { HostView } from "./host-view.js";
import { runFailure } from "./text.js";
import { findOnPath, hostPathKind, isExecutableFile } from "./view.js";

export interface RuntimeFacts {
  readonly path: string;
  /** How it was found, e.g. "apptainer on PATH". */
  readonly how: string;
  /** First line of `--version`, e.g. "apptainer version 1.5.1-1.el9"; null when it failed. */
  readonly fullVersion: string | null;
  readonly versionFailure: string | null;
}

export interface Located {
  readonly found: true;
  readonly path: string;
  readonly how: string;
}

export interface NotLocated {
  readonly found: false;
  readonly missing: string;
}

export function locateForStartd(view: HostView, options: ContainerOptions): Located | NotLocated {
  if (options.singularityPath) {
    return isExecutableFile(view, options.singularityPath)
      ? { found: true, path: options.singularityPath, how: "configured SINGULARITY path" }
      : { found: false, missing: `the configured SINGULARITY path ${options.singularityPath} is not an executable file` };
  }
  for (const name of ["apptainer", "singularity"]) {
    const found = findOnPath(view, name);
    if (found) return { found: true, path: found, how: `${name} on PATH` };
  }
  return { found: false, missing: "no apptainer or singularity executable on PATH" };
}

export function locateForPilot(view: HostView, options: ContainerOptions): Located | NotLocated {
  const override = view.env.get("GLIDEIN_SINGULARITY_BINARY_OVERRIDE");
  if (override && isExecutableFile(view, override)) return { found: true, path: override, how: "GLIDEIN_SINGULARITY_BINARY_OVERRIDE" };
  const hint = view.env.get("SINGULARITY_BIN");
  if (hint && hint !== "PATH" && hint.startsWith("/")) {
    for (const name of ["apptainer", "singularity"]) {
      const candidate = hostPathKind(view, hint) === "dir" ? `${hint.replace(/\/+$/, "")}/${name}` : hint;
      if (isExecutableFile(view, candidate)) return { found: true, path: candidate, how: `SINGULARITY_BIN hint ${hint}` };
    }
  }
  for (const name of ["apptainer", "singularity"]) {
    const found = findOnPath(view, name);
    if (found) return { found: true, path: found, how: `${name} on PATH` };
  }
  if (safeExecutable(view, OSG_CVMFS_SINGULARITY, options)) return { found: true, path: OSG_CVMFS_SINGULARITY, how: "OSG singularity on CVMFS" };
  return { found: false, missing: `no apptainer or singularity found (override, SINGULARITY_BIN, PATH, ${OSG_CVMFS_SINGULARITY})` };
}

export function runtimeVersion(view: HostView, located: Located, options: ContainerOptions): Promise<RuntimeFacts> {
  const cache = options.versionCache;
  const cached = cache?.get(located.path);
  if (cached) return cached.then((facts) => ({ ...facts, how: located.how }));
  const pending = askVersion(view, located, options.timeoutMs);
  cache?.set(located.path, pending);
  return pending;
}

async function askVersion(view: HostView, located: Located, timeoutMs: number): Promise<RuntimeFacts> {
  const run = await view.run(located.path, ["--version"], { timeoutMs });
  const first = run.stdout.split("\n")[0]?.trim() ?? "";
  if (run.code === 0 && first !== "") return { ...located, fullVersion: first, versionFailure: null };
  return { ...located, fullVersion: null, versionFailure: `\`${located.path} --version\` failed (${runFailure(run)})` };
}
