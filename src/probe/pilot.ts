/**
 * Container readiness in the OSPool/GlideinWMS pilot's view (singularity_setup.sh,
 * singularity-extras): `HAS_SINGULARITY` when the runtime runs the default image (`exec ... cat
 * /proc/self/uid_map`, whose first line gives the mode: privileged, fakeroot or unprivileged) and
 * its bind mounts work, plus `SINGULARITY_CAN_USE_SIF`, `SINGULARITY_CAN_USE_REGISTRY`,
 * `SINGULARITY_DISK_IS_FULL` and `STASHCP_VERIFIED`.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef, binary, literal } from "../ast/build.js";
import { TRUE, UNDEFINED } from "../model/value.js";
import { pilotDefaultImage, safeKind, type ContainerOptions } from "./container-options.js";
import type { HostView } from "./host-view.js";
import { kernelUsernsSummary, type NamespaceFacts } from "./namespaces.js";
import { kernelVersionNumber } from "./parsers/os.js";
import { parseUidMapMode, pidNamespacesDisabledByEnv, shortRuntimeVersion, type ContainerMode } from "./parsers/containers.js";
import type { ProbeRecorder } from "./record.js";
import { locateForPilot, runtimeVersion, type RuntimeFacts } from "./runtime.js";
import { commandLine, runFailure } from "./text.js";
import { hostPathKind } from "./view.js";

const REGISTRY_TEST_IMAGE = "docker://ospool-static-registry.osg.chtc.io/alpine:latest";

export interface PilotFacts {
  readonly hasSingularity: boolean;
  readonly mode: ContainerMode | null;
  readonly runtime: RuntimeFacts | null;
  readonly image: string;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}

/** Bytes free for an unprivileged user at a host path, or null. */
function freeBytes(view: HostView, p: string): number | null {
  const s = view.statfs(p);
  return s ? s.bavail * s.bsize : null;
}

const FIVE_GIB = 5 * 1024 * 1024 * 1024;

function diskIsFull(view: HostView): { full: boolean; why: string } {
  const home = view.env.get("HOME");
  const cache = view.env.get("SINGULARITY_CACHEDIR") ?? (home ? `${home}/.singularity/cache` : undefined);
  const tmp = view.env.get("SINGULARITY_TMPDIR") ?? view.env.get("TMPDIR") ?? "/tmp";
  const checks: string[] = [];
  let full = false;
  for (const dir of [cache, tmp]) {
    if (!dir) continue;
    const free = freeBytes(view, dir);
    if (free === null) continue;
    const gib = free / (1024 * 1024 * 1024);
    checks.push(`${dir}: ${gib.toFixed(1)} GiB free`);
    if (free < FIVE_GIB) full = true;
  }
  return { full, why: checks.length ? checks.join(", ") : "no cache or tmp directory could be measured" };
}

function canUseSifExpr(): Expr {
  return binary("&&", attrRef("HAS_SINGULARITY"), attrRef("STASHCP_VERIFIED"));
}

function canUseRegistryExpr(): Expr {
  return binary("&&", attrRef("SINGULARITY_CAN_USE_SIF"), binary("isnt", attrRef("SINGULARITY_DISK_IS_FULL"), literal(TRUE)));
}

function stashcpVerifiedExpr(): Expr {
  return binary("isnt", attrRef("PelicanPluginVersion"), literal(UNDEFINED));
}

export async function probePilotSingularity(
  view: HostView,
  rec: ProbeRecorder,
  options: ContainerOptions,
  ns: NamespaceFacts,
): Promise<PilotFacts> {
  const image = pilotDefaultImage(view, options);
  const pidDisabled = pidNamespacesDisabledByEnv(view.env);
  const disk = diskIsFull(view);
  rec.publish("singularity-disk", [["SINGULARITY_DISK_IS_FULL", disk.full]], `full means less than 5 GiB free in the cache or the tmp directory; ${disk.why}`, "statfs of SINGULARITY_CACHEDIR (or ~/.singularity/cache) and SINGULARITY_TMPDIR/TMPDIR/tmp");
  rec.publish("stashcp", [["STASHCP_VERIFIED", stashcpVerifiedExpr()], ["OSDF_VERIFIED", stashcpVerifiedExpr()]], "as the pilot advertises them: true only where a Pelican plugin publishes PelicanPluginVersion (this probe does not)", "ospool-pilot advertise-base");

  const fail = (reason: string, runtime: RuntimeFacts | null, source: string): PilotFacts => {
    rec.publish(
      "pilot-singularity",
      [
        ["HAS_SINGULARITY", false],
        ["GWMS_SINGULARITY_STATUS", "PREFERRED"],
        ["SINGULARITY_COMMENT", reason],
        ["OSG_DEFAULT_SINGULARITY_IMAGE", image],
        ["SINGULARITY_CAN_USE_SIF", false],
        ["SINGULARITY_CAN_USE_REGISTRY", false],
      ],
      `${reason}; SIF and registry use need HAS_SINGULARITY`,
      source,
    );
    return { hasSingularity: false, mode: null, runtime, image };
  };

  const located = locateForPilot(view, options);
  if (!located.found) return fail(located.missing, null, "GLIDEIN_SINGULARITY_BINARY_OVERRIDE, SINGULARITY_BIN, PATH, CVMFS");
  const runtime = await runtimeVersion(view, located, options);
  if (runtime.fullVersion === null) return fail(runtime.versionFailure ?? "--version failed", runtime, `${runtime.path} --version`);
  if (!/^[a-z]+:\/\//.test(image) && safeKind(view, image, options) === null) {
    return fail(`${runtime.fullVersion} found (${runtime.how}) but the default image ${image} does not exist`, runtime, `${runtime.path} --version; ${image}`);
  }

  const binds = ["/cvmfs", "/etc/hosts", "/etc/localtime"].filter((p) => hostPathKind(view, p) !== null);
  const args = ["exec", "--home", `${view.cwd}:/srv`, "--pwd", "/srv", "--ipc", "--contain", ...(pidDisabled ? [] : ["--pid"])];
  if (binds.length) args.push("--bind", binds.join(","));
  args.push(image, "cat", "/proc/self/uid_map");
  const command = `${commandLine(runtime.path, args)}`;
  const run = await view.run(runtime.path, args, { timeoutMs: options.timeoutMs });
  const mode = run.code === 0 ? parseUidMapMode(run.stdout) : null;
  if (run.code !== 0 || mode === null) {
    const why = run.code === 0 ? "exited 0 but printed no uid_map" : runFailure(run);
    const hint = ns.userNamespaceWorks ? "" : `; ${kernelUsernsSummary(ns)} (without setuid installation apptainer needs user namespaces)`;
    return fail(`test run of the default image failed: \`${command}\` ${why}${hint}`, runtime, command);
  }
  const notes = [`${runtime.how}: ${runtime.fullVersion}`, `\`${command}\` succeeded, uid_map "${lastLine(run.stdout)}" means ${mode} mode`];
  if (pidDisabled) notes.push("--pid left out: SINGULARITY_DISABLE_PID_NAMESPACES is set");
  if (run.stderr.includes("FATAL")) notes.push(`warning: exit 0 with FATAL on stderr (${lastLine(run.stderr)})`);

  // singularity-extras: a bind onto a path missing in the image needs overlay or underlay.
  const overlayArgs = ["exec", "-B", `${view.cwd}:/doesnotexist`, image, "/bin/true"];
  const overlay = await view.run(runtime.path, overlayArgs, { timeoutMs: options.timeoutMs });
  if (overlay.code !== 0) {
    return fail(`Disabled due broken overlay/underlay: \`${commandLine(runtime.path, overlayArgs)}\` ${runFailure(overlay)}`, runtime, command);
  }
  notes.push("binding onto a missing path works (overlay/underlay)");

  const sif = await sifSupport(view, runtime, options);
  notes.push(sif.why);
  const registry = sif.ok ? await registrySupport(view, runtime, options) : { ok: false, why: "registry use needs SIF support" };
  notes.push(registry.why);

  rec.publish(
    "pilot-singularity",
    [
      ["HAS_SINGULARITY", true],
      ["GWMS_SINGULARITY_STATUS", "PREFERRED"],
      ["SINGULARITY_PATH", runtime.path],
      ["GWMS_SINGULARITY_PATH", runtime.path],
      ["SINGULARITY_VERSION", shortRuntimeVersion(runtime.fullVersion)],
      ["GWMS_SINGULARITY_VERSION", shortRuntimeVersion(runtime.fullVersion)],
      ["SINGULARITY_FULL_VERSION", runtime.fullVersion],
      ["SINGULARITY_MODE", mode],
      ["GWMS_SINGULARITY_MODE", mode],
      ["CONTAINERSW_PATH", runtime.path],
      ["CONTAINERSW_VERSION", shortRuntimeVersion(runtime.fullVersion)],
      ["CONTAINERSW_MODE", mode],
      ["GLIDEIN_PROVIDES", `singularity/${mode}`],
      ["OSG_DEFAULT_SINGULARITY_IMAGE", image],
      ["SingularityUserNamespaces", mode !== "privileged"],
      ["SINGULARITY_CAN_USE_SIF", sif.ok ? canUseSifExpr() : false],
      ["SINGULARITY_CAN_USE_REGISTRY", registry.ok ? canUseRegistryExpr() : false],
    ],
    notes.join("; "),
    `${runtime.path} --version; ${command}; ${commandLine(runtime.path, overlayArgs)}`,
  );
  return { hasSingularity: true, mode, runtime, image };
}

async function sifSupport(view: HostView, runtime: RuntimeFacts, options: ContainerOptions): Promise<{ ok: boolean; why: string }> {
  const kernel = kernelVersionNumber(view.uname.release);
  if (kernel !== null && kernel < 40000) return { ok: false, why: `no SIF support on a 3.x kernel (${view.uname.release})` };
  const arch = view.uname.machine;
  const sif = options.sifTestImage ?? `/cvmfs/oasis.opensciencegrid.org/osg/projects/OSG-Staff/images/${arch}/htc__minimal__0.sif`;
  if (safeKind(view, sif, options) !== "file") return { ok: false, why: `SIF test image ${sif} not found (the pilot would download it; this probe does not)` };
  const args = ["exec", sif, "/bin/true"];
  const run = await view.run(runtime.path, args, { timeoutMs: options.timeoutMs });
  if (run.code !== 0) return { ok: false, why: `SIF test \`${commandLine(runtime.path, args)}\` ${runFailure(run)}` };
  if (/temporary sandbox/.test(run.stdout + run.stderr)) return { ok: false, why: "SIF runs only by unpacking to a temporary sandbox (no SIF mount support)" };
  return { ok: true, why: `SIF ${sif} runs; SINGULARITY_CAN_USE_SIF = HAS_SINGULARITY && STASHCP_VERIFIED` };
}

async function registrySupport(view: HostView, runtime: RuntimeFacts, options: ContainerOptions): Promise<{ ok: boolean; why: string }> {
  if (!options.registryTest) return { ok: false, why: "registry test not run (it pulls from the network; enable it with --registry-test)" };
  const args = ["exec", "--disable-cache", REGISTRY_TEST_IMAGE, "/bin/true"];
  const run = await view.run(runtime.path, args, { timeoutMs: options.timeoutMs });
  if (run.code !== 0) return { ok: false, why: `registry test \`${commandLine(runtime.path, args)}\` ${runFailure(run)}` };
  return { ok: true, why: "docker:// image pulled and ran; SINGULARITY_CAN_USE_REGISTRY = SINGULARITY_CAN_USE_SIF && SINGULARITY_DISK_IS_FULL =!= true" };
}
