/**
 * What the execution point would do with a payload on a given slot: run it in a container or
 * not, with which runtime and which flags. This models the OSPool pilot's configuration of
 * HTCondor's starter (SINGULARITY_JOB, SINGULARITY_IMAGE_EXPR, SINGULARITY_USE_PID_NAMESPACES)
 * and, with `style: "glideinwms"`, the GlideinWMS singularity wrapper's own flag choice.
 */
import type { Expr } from "../model/nodes.js";
import { ClassAd } from "../classad/classad.js";
import type { Value } from "../model/value.js";
import { pidNamespacesDisabledByEnv } from "./parsers/containers.js";
import { toExpr, type AttrValue } from "./record.js";

export interface WrapperDecision {
  /** True when the payload would run inside a container. */
  readonly container: boolean;
  /** Path of the runtime that would be used, or null. */
  readonly runtime: string | null;
  /** The image the payload would run in, or null. */
  readonly image: string | null;
  /** True when the container gets its own PID namespace. */
  readonly pidNamespace: boolean;
  /** True when `--nv` is passed (NVIDIA GPUs assigned and a host driver present). */
  readonly nvidia: boolean;
  /** Runtime arguments before the image, starting with "exec"; empty when no container. */
  readonly flags: readonly string[];
  /** One sentence per decision taken. */
  readonly reasons: readonly string[];
}

export interface WrapperOptions {
  /** Attributes of the job (SingularityImage, ContainerImage, container_bypass, ProjectName). */
  readonly job?: ClassAd | ReadonlyMap<string, AttrValue>;
  /** "htcondor" (default): the starter's flags as the OSPool pilot configures it; "glideinwms": the GWMS wrapper's. */
  readonly style?: "htcondor" | "glideinwms";
}

const BYPASS_PROJECTS = ["osg-staff", "caltech_2024_reitze"];

function asAd(attrs: ClassAd | ReadonlyMap<string, AttrValue> | undefined): ClassAd {
  if (!attrs) return new ClassAd();
  if (attrs instanceof ClassAd) return attrs;
  const ad = new ClassAd();
  for (const [name, value] of attrs) ad.set(name, toExpr(value));
  return ad;
}

/** The literal value of an attribute; null when absent or not a literal (expressions are not evaluated here). */
function literalOf(ad: ClassAd, name: string): Value | null {
  const expr: Expr | undefined = ad.lookup(name);
  if (!expr) return null;
  return expr.kind === "literal" ? expr.value : expr.kind === "paren" && expr.inner.kind === "literal" ? expr.inner.value : null;
}

function stringOf(ad: ClassAd, name: string): string | null {
  const v = literalOf(ad, name);
  return v && v.kind === "string" && v.v !== "" ? v.v : null;
}

function truthOf(ad: ClassAd, name: string): boolean | null {
  const v = literalOf(ad, name);
  if (!v) return null;
  if (v.kind === "bool") return v.v;
  if (v.kind === "int") return v.v !== 0 && v.v !== 0n;
  if (v.kind === "real") return v.v !== 0;
  return null;
}

function numberOf(ad: ClassAd, name: string): number {
  const v = literalOf(ad, name);
  if (v && v.kind === "int") return Number(v.v);
  if (v && v.kind === "real") return v.v;
  return 0;
}

/**
 * Would a payload on `slot` run in a container, and how?
 * `env` is the execution point's environment (SINGULARITY_DISABLE_PID_NAMESPACES is read from it).
 */
export function wrapperDecision(
  slot: ClassAd | ReadonlyMap<string, AttrValue>,
  env: ReadonlyMap<string, string>,
  options: WrapperOptions = {},
): WrapperDecision {
  const slotAd = asAd(slot);
  const jobAd = asAd(options.job);
  const reasons: string[] = [];
  const none = (reason: string): WrapperDecision => {
    reasons.push(reason);
    return { container: false, runtime: null, image: null, pidNamespace: false, nvidia: false, flags: [], reasons };
  };

  const has = truthOf(slotAd, "HAS_SINGULARITY");
  if (has !== true) {
    const why = has === false ? "HAS_SINGULARITY is false" : "HAS_SINGULARITY is not a true literal (undefined or an expression)";
    const jobWants = stringOf(jobAd, "SingularityImage") ?? stringOf(jobAd, "ContainerImage");
    return none(
      `${why}: the pilot's SINGULARITY_JOB = (HAS_SINGULARITY ?: false) && ... is false, so the payload runs without a container` +
        (jobWants ? ` (the job asks for ${jobWants}; in the OSPool its Requirements would keep it off this slot)` : ""),
    );
  }
  const project = stringOf(jobAd, "ProjectName");
  if (truthOf(jobAd, "container_bypass") === true && project && BYPASS_PROJECTS.includes(project.toLowerCase())) {
    return none(`container_bypass is set by project ${project}, which the pilot allows to skip the container`);
  }
  const runtime = stringOf(slotAd, "SINGULARITY_PATH") ?? stringOf(slotAd, "GWMS_SINGULARITY_PATH") ?? stringOf(slotAd, "CONTAINERSW_PATH");
  if (!runtime) return none("HAS_SINGULARITY is true but the slot names no runtime (SINGULARITY_PATH), so no container can be started");
  reasons.push(`HAS_SINGULARITY is true: SINGULARITY_JOB holds; runtime ${runtime}`);

  const image = stringOf(jobAd, "ContainerImage") ?? stringOf(jobAd, "SingularityImage") ?? stringOf(slotAd, "OSG_DEFAULT_SINGULARITY_IMAGE");
  reasons.push(image ? `image ${image} (ContainerImage ?: SingularityImage ?: OSG_DEFAULT_SINGULARITY_IMAGE)` : "no image: neither the job nor the slot names one");

  const style = options.style ?? "htcondor";
  const disabledByEnv = pidNamespacesDisabledByEnv(env);
  let pidNamespace: boolean;
  if (disabledByEnv) {
    pidNamespace = false;
    reasons.push(`SINGULARITY_DISABLE_PID_NAMESPACES=${env.get("SINGULARITY_DISABLE_PID_NAMESPACES") ?? ""}: no PID namespace`);
  } else if (style === "glideinwms") {
    pidNamespace = true;
    reasons.push("PID namespace: the GlideinWMS wrapper adds --pid unless SINGULARITY_DISABLE_PID_NAMESPACES is 1");
  } else {
    pidNamespace = truthOf(slotAd, "HasPidNamespaces") === true;
    reasons.push(
      pidNamespace
        ? "PID namespace: SINGULARITY_USE_PID_NAMESPACES is auto and the slot has HasPidNamespaces = true"
        : "no PID namespace: SINGULARITY_USE_PID_NAMESPACES is auto and the slot lacks HasPidNamespaces = true",
    );
  }

  const gpus = numberOf(slotAd, "GPUs");
  const assigned = stringOf(slotAd, "AssignedGPUs");
  const driver = stringOf(slotAd, "GPUs_NvidiaDriver");
  const hasGpus = gpus > 0 || assigned !== null;
  const nvidia = hasGpus && driver !== null;
  if (nvidia) reasons.push(`--nv: ${gpus || "assigned"} GPU(s) and host NVIDIA driver ${driver}`);
  else if (hasGpus) reasons.push("no --nv: the slot has GPUs but no host NVIDIA driver (GPUs_NvidiaDriver)");
  else reasons.push("no --nv: no GPUs on the slot");

  const flags = ["exec"];
  if (style === "glideinwms") {
    flags.push("--ipc", "--contain");
    if (pidNamespace) flags.push("--pid");
  } else {
    flags.push(...(pidNamespace ? ["-C"] : ["--contain", "--ipc", "--cleanenv"]));
    flags.push("--home", "$_CONDOR_SCRATCH_DIR:/srv", "--pwd", "/srv");
  }
  if (nvidia) flags.push("--nv");
  return { container: true, runtime, image, pidNamespace, nvidia, flags, reasons };
}
