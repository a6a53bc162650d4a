/**
 * Is this process itself in a container? Environment variables the runtimes set, their marker
 * files, and the cgroup paths of PID 1 and of this process; the check also names the runtime
 * payloads would use.
 */
import type { HostView } from "./host-view.js";
import { containerTechnologyInCgroup } from "./parsers/containers.js";
import type { PilotFacts } from "./pilot.js";
import type { ProbeRecorder } from "./record.js";
import type { StartdFacts } from "./startd.js";
import { hostPathKind, readHostFile } from "./view.js";

export interface InsideContainerFacts {
  readonly inside: boolean;
  /** docker, podman, apptainer, singularity, kubernetes, lxc, containerd, ... or "none". */
  readonly technology: string;
  readonly evidence: string[];
}

export function detectInsideContainer(view: HostView): InsideContainerFacts {
  const evidence: string[] = [];
  const found: string[] = [];
  const note = (tech: string, why: string): void => {
    found.push(tech);
    evidence.push(why);
  };
  for (const name of ["APPTAINER_CONTAINER", "SINGULARITY_CONTAINER"]) {
    const v = view.env.get(name);
    if (v) note(name.startsWith("APPTAINER") ? "apptainer" : "singularity", `${name}=${v}`);
  }
  if (hostPathKind(view, "/.dockerenv") !== null) note("docker", "/.dockerenv exists");
  if (hostPathKind(view, "/run/.containerenv") !== null) note("podman", "/run/.containerenv exists");
  const containerVar = view.env.get("container");
  if (containerVar) note(containerVar, `container=${containerVar} in the environment`);
  if (view.env.get("KUBERNETES_SERVICE_HOST")) note("kubernetes", "KUBERNETES_SERVICE_HOST is set");
  for (const file of ["/proc/1/cgroup", "/proc/self/cgroup"]) {
    const hint = containerTechnologyInCgroup(readHostFile(view, file, 65536) ?? "");
    if (hint) note(hint.technology, `${file}: ${hint.line}`);
  }
  const technology = found[0] ?? "none";
  return { inside: found.length > 0, technology, evidence };
}

export function publishInsideContainer(view: HostView, rec: ProbeRecorder, pilot: PilotFacts, startd: StartdFacts): InsideContainerFacts {
  const facts = detectInsideContainer(view);
  const runtime = pilot.runtime?.path ?? startd.runtime?.path ?? null;
  const runtimeWhy = runtime
    ? `payloads would run with ${runtime}`
    : "no container runtime found, so payloads would run without a container";
  const nested = facts.inside ? "; a runtime inside a container needs user namespaces or a setuid install, and /dev/fuse for SIF" : "";
  rec.publish(
    "inside-container",
    [
      ["InsideContainer", facts.inside],
      ["InsideContainerTechnology", facts.technology],
    ],
    (facts.inside ? `this process runs inside a container: ${facts.evidence.join("; ")}` : "no sign of a container (/.dockerenv, /run/.containerenv, container env vars, cgroup paths)") +
      `; ${runtimeWhy}${nested}`,
    "/.dockerenv, /run/.containerenv, env container/APPTAINER_CONTAINER/SINGULARITY_CONTAINER/KUBERNETES_SERVICE_HOST, /proc/1/cgroup, /proc/self/cgroup",
  );
  return facts;
}
