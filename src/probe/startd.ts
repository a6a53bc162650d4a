/**
 * Container readiness in HTCondor's startd view (`condor_starter -classad`): `HasSingularity`
 * when the runtime answers `--version` and a test container exits with status 37;
 * `HasPidNamespaces` when that test ran with `-C` (contain all, PID namespace included). HTCondor
 * omits these attributes when no runtime is installed; the probe publishes them false with a
 * reason.
 */
import { HTCONDOR_TEST_SANDBOX, pilotDefaultImage, safeKind, type ContainerOptions } from "./container-options.js";
import type { HostView } from "./host-view.js";
import { kernelUsernsSummary, type NamespaceFacts } from "./namespaces.js";
import { pidNamespacesDisabledByEnv } from "./parsers/containers.js";
import type { ProbeRecorder } from "./record.js";
import { locateForStartd, runtimeVersion, type RuntimeFacts } from "./runtime.js";
import { commandLine, runFailure } from "./text.js";
import { hostPathKind } from "./view.js";

export interface StartdFacts {
  readonly hasSingularity: boolean;
  readonly hasPidNamespaces: boolean;
  readonly runtime: RuntimeFacts | null;
}

function startdTestImage(view: HostView, options: ContainerOptions): { image: string; command: string[]; how: string } | null {
  if (options.testImage) return { image: options.testImage, command: ["/bin/sh", "-c", "exit 37"], how: "the configured test image" };
  if (hostPathKind(view, HTCONDOR_TEST_SANDBOX) === "dir") return { image: HTCONDOR_TEST_SANDBOX, command: ["/exit_37"], how: "HTCondor's test sandbox" };
  const image = pilotDefaultImage(view, options);
  if (image.startsWith("/") && safeKind(view, image, options) !== null) return { image, command: ["/bin/sh", "-c", "exit 37"], how: "the pilot's default image" };
  return null;
}

function containmentArgs(usePid: boolean): string[] {
  return usePid ? ["-C"] : ["--contain", "--ipc", "--cleanenv"];
}

export async function probeStartdSingularity(
  view: HostView,
  rec: ProbeRecorder,
  options: ContainerOptions,
  ns: NamespaceFacts,
): Promise<StartdFacts> {
  const located = locateForStartd(view, options);
  const attrs = ["HasSingularity", "SingularityOfflineReason", "HasPidNamespaces"];
  const fail = (reason: string, runtime: RuntimeFacts | null, source: string): StartdFacts => {
    rec.set("HasSingularity", false);
    rec.set("SingularityOfflineReason", reason);
    rec.set("HasPidNamespaces", false);
    if (runtime?.fullVersion) {
      rec.set("SingularityVersion", runtime.fullVersion);
      attrs.push("SingularityVersion");
    }
    rec.note("startd-singularity", attrs, `${reason}; HasPidNamespaces is false because no container ran`, source);
    return { hasSingularity: false, hasPidNamespaces: false, runtime };
  };
  if (!located.found) return fail(located.missing, null, `SINGULARITY knob, PATH=${view.env.get("PATH") ?? "(unset)"}`);
  const runtime = await runtimeVersion(view, located, options);
  if (runtime.fullVersion === null) return fail(runtime.versionFailure ?? "--version failed", runtime, `${runtime.path} --version`);
  const test = startdTestImage(view, options);
  if (!test) {
    return fail(
      `${runtime.fullVersion} answers --version but no test image was found (HTCondor's ${HTCONDOR_TEST_SANDBOX}, the default image ${pilotDefaultImage(view, options)}); give one with --test-image`,
      runtime,
      `${runtime.path} --version`,
    );
  }
  const knob = pidNamespacesDisabledByEnv(view.env) ? false : (options.usePidNamespaces ?? "auto");
  const tries = knob === "auto" ? [true, false] : [knob];
  const notes: string[] = [];
  if (knob === false && pidNamespacesDisabledByEnv(view.env)) notes.push("SINGULARITY_DISABLE_PID_NAMESPACES makes the pilot set SINGULARITY_USE_PID_NAMESPACES = false, so the test runs without -C");
  let lastFailure = "";
  for (const usePid of tries) {
    const args = ["exec", ...containmentArgs(usePid), test.image, ...test.command];
    const run = await view.run(runtime.path, args, { timeoutMs: options.timeoutMs });
    const command = `${commandLine(runtime.path, args)}`;
    if (run.code === 37) {
      const isSif = test.image.endsWith(".sif");
      const published: Array<[string, boolean | string]> = [
        ["HasSingularity", true],
        ["SingularityVersion", runtime.fullVersion],
        ["HasContainer", true],
        ["HasDockerURL", true],
        [isSif ? "HasSIF" : "HasSandboxImage", true],
        ["HasPidNamespaces", usePid],
      ];
      notes.unshift(`${runtime.how}: ${runtime.fullVersion}; \`${command}\` exited 37 using ${test.how}`);
      if (!usePid) notes.push(knob === "auto" ? `with -C (PID namespace) it failed (${lastFailure}), so HasPidNamespaces is false` : "PID namespaces not used, so HasPidNamespaces is false");
      rec.publish("startd-singularity", published, notes.join("; "), `${runtime.path} --version; ${command}`);
      return { hasSingularity: true, hasPidNamespaces: usePid, runtime };
    }
    lastFailure = `\`${command}\` ${run.code === 0 ? "exited 0 instead of 37" : runFailure(run)}`;
    if (usePid && knob === "auto") notes.push(`with -C: ${lastFailure}`);
  }
  const usernsHint = ns.userNamespaceWorks ? "" : `; ${kernelUsernsSummary(ns)}`;
  return fail(`test container run failed: ${lastFailure}${usernsHint}`, runtime, `${runtime.path} --version; ${runtime.path} exec ...`);
}
