/**
 * Kernel namespaces as the container runtimes need them: can an unprivileged user create a user
 * namespace (`unshare -U true`, HTCondor's HasUserNamespaces, the pilot's
 * HAS_UNPRIVILEGED_USER_NAMESPACES classification) and a PID namespace (PidNamespacesAvailable),
 * with the /proc/sys knobs that explain a refusal.
 */
import type { HostView, RunResult } from "./host-view.js";
import { pidNamespacesDisabledByEnv } from "./parsers/containers.js";
import type { ProbeRecorder } from "./record.js";
import { runFailure } from "./text.js";
import { readHostFile } from "./view.js";

function readInt(view: HostView, file: string): number | null {
  const text = readHostFile(view, file, 256);
  if (text === null || !/^-?[0-9]+$/.test(text.trim())) return null;
  return Number(text.trim());
}

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
