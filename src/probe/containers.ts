/**
 * Container readiness, in the two views an OSPool match depends on:
 *
 * - HTCondor's startd (`condor_starter -classad`): `HasSingularity` when the runtime answers
 *   `--version` and a test container exits with status 37; `HasPidNamespaces` when that test
 *   ran with `-C` (contain all, PID namespace included); `HasUserNamespaces` when a user
 *   namespace can be created.
 * - The OSPool/GlideinWMS pilot (singularity_setup.sh, singularity-extras): `HAS_SINGULARITY` when
 *   the runtime runs the default image (`exec ... cat /proc/self/uid_map`, whose first line gives
 *   the mode: privileged, fakeroot or unprivileged), its bind mounts work, plus
 *   `SINGULARITY_CAN_USE_SIF`, `SINGULARITY_CAN_USE_REGISTRY` and `HAS_UNPRIVILEGED_USER_NAMESPACES`.
 *
 * HTCondor omits its attributes when no runtime is installed; this probe publishes them as false
 * with a reason, so that "why would my job not match" has an answer. Every program run is bounded
 * by a time limit; a missing program is a false, never an exception.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef, binary, literal } from "../ast/build.js";
import { UNDEFINED, TRUE } from "../model/value.js";
import { runFailure } from "./gpu.js";
import { kernelVersionNumber } from "./os-info.js";
import type { ProbeRecorder } from "./record.js";
import { commandLine } from "./text.js";
import { findOnPath, hostPathKind, isExecutableFile, readHostFile, type HostView, type RunResult } from "./view.js";

export interface ContainerOptions {
  /** HTCondor's SINGULARITY knob: the runtime the startd tests. Default: apptainer, then singularity, on PATH. */
  readonly singularityPath?: string;
  /** Image for the startd-style test run. Default: HTCondor's test sandbox if installed, else the pilot's default image. */
  readonly testImage?: string;
  /** The pilot's default image. Default: $OSG_DEFAULT_SINGULARITY_IMAGE, else the OSPool rocky:9 image on CVMFS. */
  readonly defaultImage?: string;
  /** SIF used for the SIF-support test. Default: htc__minimal__0.sif in the OSG-Staff images on CVMFS. */
  readonly sifTestImage?: string;
  /** HTCondor's SINGULARITY_USE_PID_NAMESPACES; "auto" (default) tries with and then without. */
  readonly usePidNamespaces?: "auto" | boolean;
  /** Pull a docker:// image to test registry access (needs the network). Default false. */
  readonly registryTest?: boolean;
  readonly timeoutMs: number;
  /**
   * CVMFS repositories that answered within the time limit. Paths in other repositories under the
   * CVMFS base are treated as absent without touching them, so a hung mount cannot block a stat.
   */
  readonly cvmfs?: { readonly base: string; readonly checked: ReadonlySet<string>; readonly available: ReadonlySet<string> };
  /** Shares `--version` answers between the two views within one probe (keyed by runtime path). */
  readonly versionCache?: Map<string, Promise<RuntimeFacts>>;
}

/** The values of an environment flag the OSPool backfill container treats as true. */
const TRUTHY = new Set(["1", "y", "yes", "t", "true", "on"]);

export const DEFAULT_OSPOOL_IMAGE = "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9";
export const HTCONDOR_TEST_SANDBOX = "/usr/libexec/condor/singularity_test_sandbox";
export const OSG_CVMFS_SINGULARITY = "/cvmfs/oasis.opensciencegrid.org/mis/singularity/bin/singularity";
const REGISTRY_TEST_IMAGE = "docker://ospool-static-registry.osg.chtc.io/alpine:latest";

/** True when SINGULARITY_DISABLE_PID_NAMESPACES asks for no PID namespaces (1, or y/yes/t/true/on as the backfill container accepts). */
export function pidNamespacesDisabledByEnv(env: ReadonlyMap<string, string>): boolean {
  const raw = env.get("SINGULARITY_DISABLE_PID_NAMESPACES");
  return raw !== undefined && TRUTHY.has(raw.trim().toLowerCase());
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}

function readInt(view: HostView, file: string): number | null {
  const text = readHostFile(view, file, 256);
  if (text === null || !/^-?[0-9]+$/.test(text.trim())) return null;
  return Number(text.trim());
}

/** True when the path lies in a checked CVMFS repository that did not answer (so it must not be touched). */
function inDeadRepository(path: string, options: Pick<ContainerOptions, "cvmfs">): boolean {
  const cvmfs = options.cvmfs;
  if (!cvmfs || !path.startsWith(cvmfs.base + "/")) return false;
  const repo = path.slice(cvmfs.base.length + 1).split("/")[0] ?? "";
  return cvmfs.checked.has(repo) && !cvmfs.available.has(repo);
}

function safeKind(view: HostView, path: string, options: Pick<ContainerOptions, "cvmfs">): "file" | "dir" | "other" | null {
  return inDeadRepository(path, options) ? null : hostPathKind(view, path);
}

function safeExecutable(view: HostView, path: string, options: Pick<ContainerOptions, "cvmfs">): boolean {
  return !inDeadRepository(path, options) && isExecutableFile(view, path);
}

// ---------------------------------------------------------------------------------------------
// Kernel namespaces

export interface NamespaceFacts {
  readonly maxUserNamespaces: number | null;
  readonly unprivilegedUsernsClone: number | null;
  readonly apparmorRestrictsUserns: number | null;
  readonly maxPidNamespaces: number | null;
  /** `unshare -U true` succeeded. */
  readonly userNamespaceWorks: boolean;
  readonly userNamespaceRun: RunResult;
  /** A PID namespace could be created (as root directly, else inside a user namespace). */
  readonly pidNamespaceWorks: boolean;
  readonly pidNamespaceRun: RunResult;
  readonly pidCommand: string;
}

export async function probeNamespaces(view: HostView, timeoutMs: number): Promise<NamespaceFacts> {
  const userRun = await view.run("unshare", ["-U", "true"], { timeoutMs });
  const pidArgs = view.uid === 0 ? ["--pid", "--fork", "true"] : ["--user", "--map-root-user", "--pid", "--fork", "true"];
  const pidRun = await view.run("unshare", pidArgs, { timeoutMs });
  return {
    maxUserNamespaces: readInt(view, "/proc/sys/user/max_user_namespaces"),
    unprivilegedUsernsClone: readInt(view, "/proc/sys/kernel/unprivileged_userns_clone"),
    apparmorRestrictsUserns: readInt(view, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"),
    maxPidNamespaces: readInt(view, "/proc/sys/user/max_pid_namespaces"),
    userNamespaceWorks: userRun.code === 0,
    userNamespaceRun: userRun,
    pidNamespaceWorks: pidRun.code === 0,
    pidNamespaceRun: pidRun,
    pidCommand: `unshare ${pidArgs.join(" ")}`,
  };
}

/** Why the kernel does (not) let unprivileged users create user namespaces, in one sentence. */
export function kernelUsernsSummary(ns: NamespaceFacts): string {
  const parts: string[] = [];
  parts.push(
    ns.maxUserNamespaces === null
      ? "/proc/sys/user/max_user_namespaces unreadable"
      : `/proc/sys/user/max_user_namespaces = ${ns.maxUserNamespaces}${ns.maxUserNamespaces === 0 ? " (user namespaces disabled)" : ""}`,
  );
  if (ns.unprivilegedUsernsClone !== null) {
    parts.push(`kernel.unprivileged_userns_clone = ${ns.unprivilegedUsernsClone}${ns.unprivilegedUsernsClone === 0 ? " (unprivileged clone disabled)" : ""}`);
  }
  if (ns.apparmorRestrictsUserns !== null && ns.apparmorRestrictsUserns !== 0) {
    parts.push(`kernel.apparmor_restrict_unprivileged_userns = ${ns.apparmorRestrictsUserns} (AppArmor restricts them)`);
  }
  parts.push(ns.userNamespaceWorks ? "`unshare -U true` succeeded" : `\`unshare -U true\` failed (${runFailure(ns.userNamespaceRun)})`);
  return parts.join("; ");
}

/** The GlideinWMS classification: enabled, disabled (supported but not usable), unavailable, error. */
export function unprivilegedUsernsState(ns: NamespaceFacts): "enabled" | "disabled" | "unavailable" | "error" {
  const supported = (ns.maxUserNamespaces ?? 0) > 0;
  if (ns.userNamespaceWorks) return supported ? "enabled" : "error";
  return supported ? "disabled" : "unavailable";
}

export function publishNamespaces(view: HostView, rec: ProbeRecorder, ns: NamespaceFacts): void {
  const summary = kernelUsernsSummary(ns);
  const state = unprivilegedUsernsState(ns);
  rec.publish(
    "user-namespaces",
    [
      ["HasUserNamespaces", ns.userNamespaceWorks],
      ["HAS_UNPRIVILEGED_USER_NAMESPACES", state],
    ],
    (ns.userNamespaceWorks ? "a user namespace can be created" : "no user namespace can be created (HTCondor omits HasUserNamespaces then)") +
      `; pilot classification "${state}": ${summary}`,
    "/proc/sys/user/max_user_namespaces, /proc/sys/kernel/unprivileged_userns_clone, /proc/sys/kernel/apparmor_restrict_unprivileged_userns, unshare -U true",
  );
  const disabled = pidNamespacesDisabledByEnv(view.env);
  const pidWhy = [
    ns.maxPidNamespaces === null ? "/proc/sys/user/max_pid_namespaces unreadable" : `/proc/sys/user/max_pid_namespaces = ${ns.maxPidNamespaces}`,
    ns.pidNamespaceWorks ? `\`${ns.pidCommand}\` succeeded` : `\`${ns.pidCommand}\` failed (${runFailure(ns.pidNamespaceRun)})`,
  ];
  if (disabled) {
    pidWhy.push(
      `SINGULARITY_DISABLE_PID_NAMESPACES=${view.env.get("SINGULARITY_DISABLE_PID_NAMESPACES") ?? ""} in the environment: the pilot sets SINGULARITY_USE_PID_NAMESPACES = false and the job wrapper drops --pid`,
    );
  }
  rec.publish(
    "pid-namespaces",
    [["PidNamespacesAvailable", ns.pidNamespaceWorks && (ns.maxPidNamespaces ?? 1) > 0 && !disabled]],
    pidWhy.join("; "),
    "/proc/sys/user/max_pid_namespaces, unshare, SINGULARITY_DISABLE_PID_NAMESPACES",
  );
}

// ---------------------------------------------------------------------------------------------
// Runtime location and version

export interface RuntimeFacts {
  readonly path: string;
  /** How it was found, e.g. "apptainer on PATH". */
  readonly how: string;
  /** First line of `--version`, e.g. "apptainer version 1.5.1-1.el9"; null when it failed. */
  readonly fullVersion: string | null;
  readonly versionFailure: string | null;
}

interface Located {
  readonly found: true;
  readonly path: string;
  readonly how: string;
}

interface NotLocated {
  readonly found: false;
  readonly missing: string;
}

function locateForStartd(view: HostView, options: ContainerOptions): Located | NotLocated {
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

function locateForPilot(view: HostView, options: ContainerOptions): Located | NotLocated {
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

function runtimeVersion(view: HostView, located: Located, options: ContainerOptions): Promise<RuntimeFacts> {
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

/** "apptainer version 1.5.1-1.el9" -> "1.5.1-1.el9" (the pilot's SINGULARITY_VERSION). */
export function shortVersion(fullVersion: string): string {
  const words = fullVersion.trim().split(/\s+/);
  return words[words.length - 1] ?? fullVersion;
}

// ---------------------------------------------------------------------------------------------
// HTCondor's startd view

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

// ---------------------------------------------------------------------------------------------
// The OSPool pilot's view

export interface PilotFacts {
  readonly hasSingularity: boolean;
  readonly mode: "privileged" | "fakeroot" | "unprivileged" | null;
  readonly runtime: RuntimeFacts | null;
  readonly image: string;
}

/** The pilot's default image: $OSG_DEFAULT_SINGULARITY_IMAGE, the `default:` entry of $SINGULARITY_IMAGES_DICT, the option, or rocky:9 on CVMFS. */
export function pilotDefaultImage(view: HostView, options: Pick<ContainerOptions, "defaultImage">): string {
  if (options.defaultImage) return options.defaultImage;
  const fromEnv = view.env.get("OSG_DEFAULT_SINGULARITY_IMAGE");
  if (fromEnv) return fromEnv;
  const dict = view.env.get("SINGULARITY_IMAGES_DICT");
  if (dict) {
    for (const entry of dict.split(",")) {
      const colon = entry.indexOf(":");
      if (colon > 0 && entry.slice(0, colon).trim() === "default") return entry.slice(colon + 1).trim();
    }
  }
  return DEFAULT_OSPOOL_IMAGE;
}

/** The mode from the first line of /proc/self/uid_map seen inside the container. */
export function modeFromUidMap(uidMap: string): "privileged" | "fakeroot" | "unprivileged" | null {
  const fields = (uidMap.split("\n").find((l) => l.trim() !== "") ?? "").trim().split(/\s+/);
  if (fields.length < 2) return null;
  if (fields[0] !== "0") return "unprivileged";
  return fields[1] === "0" ? "privileged" : "fakeroot";
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
  const mode = run.code === 0 ? modeFromUidMap(run.stdout) : null;
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
      ["SINGULARITY_VERSION", shortVersion(runtime.fullVersion)],
      ["GWMS_SINGULARITY_VERSION", shortVersion(runtime.fullVersion)],
      ["SINGULARITY_FULL_VERSION", runtime.fullVersion],
      ["SINGULARITY_MODE", mode],
      ["GWMS_SINGULARITY_MODE", mode],
      ["CONTAINERSW_PATH", runtime.path],
      ["CONTAINERSW_VERSION", shortVersion(runtime.fullVersion)],
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

// ---------------------------------------------------------------------------------------------
// Is this process itself in a container?

export interface InsideContainerFacts {
  readonly inside: boolean;
  /** docker, podman, apptainer, singularity, kubernetes, lxc, containerd, ... or "none". */
  readonly technology: string;
  readonly evidence: string[];
}

const CGROUP_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/kubepods/, "kubernetes"],
  [/libpod|podman/, "podman"],
  [/docker/, "docker"],
  [/crio/, "cri-o"],
  [/containerd/, "containerd"],
  [/lxc/, "lxc"],
];

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
    const text = readHostFile(view, file, 65536) ?? "";
    for (const [pattern, tech] of CGROUP_HINTS) {
      const line = text.split("\n").find((l) => pattern.test(l));
      if (line) {
        note(tech, `${file}: ${line.trim()}`);
        break;
      }
    }
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
