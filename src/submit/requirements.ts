/**
 * Requirements as users get them: the clauses condor_submit appends to a job's Requirements
 * (`SubmitHash::SetRequirements`), and the OSPool access point's transform for jobs that name a
 * container image in `SingularityImage` (`95_singularity_job_transforms.config`).
 *
 * Both build the text exactly as HTCondor does (including where it leaves out a space) and parse
 * it, so the result prints the way HTCondor prints it. Both return a new ad; the input is not
 * modified. Strings are byte strings, as everywhere inside the library.
 */
import type { Expr } from "../model/nodes.js";
import { attrRef } from "../ast/build.js";
import { walkExpr } from "../ast/walk.js";
import { unparse } from "../ast/print.js";
import { evaluateRaw } from "../classad/evaluate.js";
import { ClassAd } from "../classad/classad.js";
import { UNDEFINED, type Value } from "../model/value.js";
import { parseExpression } from "../parser/index.js";

/** The part of a submit description that shapes Requirements (all optional). */
export interface SubmitDescription {
  /** The submit file's `requirements = ...` (the user's clause, put first in parentheses). */
  readonly requirements?: string;
  /**
   * `vanilla` (default), `container` (also implied by a `ContainerImage`/`DockerImage` job
   * attribute), `docker`, `java`, `parallel`, `vm`, `grid`, `scheduler` or `local`.
   */
  readonly universe?: string;
  /** The submit host's architecture (default `X86_64`). */
  readonly arch?: string;
  /** The submit host's operating system (default `LINUX`). */
  readonly opsys?: string;
  /** `YES`, `NO` or `IF_NEEDED` (default; a job `ShouldTransferFiles` attribute wins). */
  readonly shouldTransferFiles?: string;
  /** Admin clause (`APPEND_REQ_VANILLA` / `APPEND_REQUIREMENTS`), appended as ` && (<clause>)`. */
  readonly appendRequirements?: string;
  /**
   * The vanilla-universe Disk clause of HTCondor 26 development builds,
   * `(versionGE(split(TARGET.CondorVersion)[1], "25.12.0") || (TARGET.Disk >= RequestDisk))`,
   * instead of the `(TARGET.Disk >= RequestDisk)` of every released version (default false).
   */
  readonly versionAwareDisk?: boolean;
  /** `SUBMIT_GENERATE_CUSTOM_RESOURCE_REQUIREMENTS` (default true); false keeps only GPUs. */
  readonly customResourceRequirements?: boolean;
}

const UNIVERSE_BY_NUMBER = new Map<number, string>([
  [5, "vanilla"],
  [7, "scheduler"],
  [9, "grid"],
  [10, "java"],
  [11, "parallel"],
  [12, "local"],
  [13, "vm"],
]);

/** Universes whose jobs may use file transfer (`mightTransfer`). */
const TRANSFER_UNIVERSES = new Set(["vanilla", "container", "java", "parallel", "vm"]);

const OPSYS_ATTRS = ["opsys", "opsysandver", "opsyslongname", "opsysshortname", "opsysname", "opsyslegacy"];

/**
 * The job with the Requirements condor_submit would give it: the user's clause (from `submit`)
 * followed by the default clauses for the universe, Arch/OpSys, Disk, Memory, Cpus, custom
 * resources (GPUs, with the `countMatches` form when `RequireGPUs` is set), and file transfer.
 * Clauses the user's expression already covers (it references the machine attribute) are left out,
 * as condor_submit does.
 */
export function buildSubmitRequirements(job: ClassAd, submit: SubmitDescription = {}): ClassAd {
  const universe = universeOf(job, submit);
  let answer = submit.requirements !== undefined ? `(${submit.requirements})` : "";
  if (submit.appendRequirements !== undefined) {
    answer += answer.length > 0 ? " && (" : "(";
    answer += `${submit.appendRequirements})`;
  }
  const out = copyAd(job);
  if (universe === "grid") {
    out.set("Requirements", parseRequirements(answer.length > 0 ? answer : "TRUE"));
    return out;
  }
  const machineRefs = answer.length > 0 ? machineReferences(parseRequirements(answer)) : new Set<string>();
  const checks = (name: string): boolean => machineRefs.has(name.toLowerCase());
  const arch = submit.arch ?? "X86_64";
  const archClause = `(TARGET.Arch == "${arch}")`;
  const join = (): string => (answer.length > 0 ? " && " : "");

  if (universe === "java") {
    answer += join() + "TARGET.HasJava";
  } else if (universe === "vm") {
    if (!checks("Arch")) answer += join() + archClause;
    if (!checks("HasVM")) answer += "&& (TARGET.HasVM =?= true)";
    if (!checks("VM_Type")) answer += " && (TARGET.VM_Type == MY.JobVMType)";
    if (!checks("VM_AvailNum")) answer += " && (TARGET.VM_AvailNum > 0)";
  } else if (universe === "docker") {
    if (!checks("Arch")) answer += join() + archClause;
    answer += join() + "TARGET.HasDocker";
    const network = stringAttr(job, "DockerNetworkType");
    if (network !== null && network !== "" && network !== "host" && network !== "none" && network !== "nat") {
      answer += "&& StringListMember(My.DockerNetworkType, TARGET.DockerNetworks)";
    }
  } else if (universe === "container") {
    if (!checks("Arch")) answer += join() + archClause;
    answer += join() + "TARGET.HasContainer";
    answer += containerImageClause(job);
  } else {
    if (!checks("Arch")) answer += join() + archClause;
    if (!OPSYS_ATTRS.some((name) => machineRefs.has(name))) {
      answer += ` && (TARGET.OpSys == "${submit.opsys ?? "LINUX"}")`;
    }
  }

  answer += diskClause(job, universe, checks("Disk"), submit.versionAwareDisk === true);
  if (universe !== "vm") {
    const memory = job.lookupLower("requestmemory");
    if (memory !== undefined && !literalAtMost(memory, 1)) answer += " && (TARGET.Memory >= RequestMemory)";
    const cpus = job.lookupLower("requestcpus");
    if (!checks("Cpus") && cpus !== undefined && !literalAtMost(cpus, 1)) answer += " && (TARGET.Cpus >= RequestCpus)";
  } else {
    answer += " && (TARGET.TotalMemory >= MY.JobVMMemory)";
    if (!checks("VM_Memory")) answer += " && (TARGET.VM_Memory >= MY.JobVMMemory)";
  }
  answer += customResourceClauses(job, machineRefs, submit.customResourceRequirements !== false);
  if (!checks("HasTDP") && job.lookupLower("tooldaemoncmd") !== undefined) answer += " && TARGET.HasTDP";
  if (!checks("EncryptExecuteDirectory") && boolAttr(job, "EncryptExecuteDirectory") === true) {
    answer += " && TARGET.HasEncryptExecuteDirectory";
  }
  if (TRANSFER_UNIVERSES.has(universe)) answer += transferClause(job, submit, machineRefs);
  out.set("Requirements", parseRequirements(answer));
  return out;
}

function universeOf(job: ClassAd, submit: SubmitDescription): string {
  if (submit.universe !== undefined) return submit.universe.toLowerCase();
  if (job.lookupLower("containerimage") !== undefined || job.lookupLower("dockerimage") !== undefined) return "container";
  const number = valueOf(job, "JobUniverse");
  if (number.kind === "int") return UNIVERSE_BY_NUMBER.get(Number(number.v)) ?? "vanilla";
  return "vanilla";
}

/** `image_type_from_string`: docker repositories, SIF files, or sandbox directories. */
function containerImageClause(job: ClassAd): string {
  if (job.lookupLower("dockerimage") !== undefined) return "&& TARGET.HasDockerURL";
  const image = stringAttr(job, "ContainerImage");
  if (image === null) return "";
  const trimmed = image.trim();
  if (trimmed.startsWith("docker:")) return "&& TARGET.HasDockerURL";
  if (trimmed.endsWith(".sif")) return "&& TARGET.HasSIF";
  return "&& TARGET.HasSandboxImage";
}

function diskClause(job: ClassAd, universe: string, checksDisk: boolean, versionAware: boolean): string {
  const requestDisk = job.lookupLower("requestdisk");
  if (checksDisk) return universe !== "vm" && requestDisk !== undefined ? " && (TARGET.Disk >= RequestDisk)" : "";
  if (requestDisk !== undefined) {
    if (literalAtMost(requestDisk, 0)) return "";
    if (universe === "vanilla" && versionAware) {
      return ' && (versionGE(split(TARGET.CondorVersion)[1], "25.12.0") || (TARGET.Disk >= RequestDisk))';
    }
    return " && (TARGET.Disk >= RequestDisk)";
  }
  return universe === "vm" ? " && (TARGET.TotalDisk >= DiskUsage)" : " && (TARGET.Disk >= DiskUsage)";
}

/** One clause per `Request<Tag>` job attribute other than Cpus, Disk and Memory, sorted by tag. */
function customResourceClauses(job: ClassAd, machineRefs: ReadonlySet<string>, allTags: boolean): string {
  const names = new Map<string, string>();
  for (const ad of chainOf(job)) {
    for (const name of ad.names()) {
      const lower = name.toLowerCase();
      if (lower.length >= 9 && lower.startsWith("request") && name[7] !== "_" && !names.has(lower)) names.set(lower, name);
    }
  }
  for (const done of ["requestcpus", "requestdisk", "requestmemory"]) names.delete(done);
  if (!allTags) for (const lower of [...names.keys()]) if (lower !== "requestgpus") names.delete(lower);
  let out = "";
  for (const lower of [...names.keys()].sort()) {
    const name = names.get(lower) as string;
    const tag = name.slice(7);
    if (machineRefs.has(tag.toLowerCase())) continue;
    const value = valueOf(job, name);
    if (value.kind === "int" || value.kind === "real" || value.kind === "undefined") {
      const amount = value.kind === "undefined" ? null : Number(value.v);
      if (amount !== null && !(amount > 0)) continue;
      const require = `Require${tag}`;
      out +=
        job.lookup(require) !== undefined
          ? ` && (countMatches(MY.${require},TARGET.Available${tag}) >= ${name})`
          : ` && (TARGET.${tag} >= ${name})`;
    } else if (value.kind === "string" && value.v.length > 0) {
      out += ` && regexp(${name}, TARGET.${tag})`;
    }
  }
  return out;
}

function transferClause(job: ClassAd, submit: SubmitDescription, machineRefs: ReadonlySet<string>): string {
  const domainCheck = "(TARGET.FileSystemDomain == MY.FileSystemDomain)";
  const should = (submit.shouldTransferFiles ?? stringAttr(job, "ShouldTransferFiles") ?? "IF_NEEDED").toUpperCase();
  const checksDomain = machineRefs.has("filesystemdomain");
  if (should === "NO") return checksDomain ? "" : ` && ${domainCheck}`;
  if (machineRefs.has("hasfiletransfer") || machineRefs.has("hasjobtransferplugins")) return "";
  let out = "";
  let close = ")";
  let joinOp = " && (";
  if (should === "IF_NEEDED" && !checksDomain) {
    out += joinOp + domainCheck;
    joinOp = " || (";
    close = "))";
  }
  const plugins = stringAttr(job, "TransferPlugins");
  out += joinOp + (plugins !== null && plugins !== "" ? "TARGET.HasJobTransferPlugins" : "TARGET.HasFileTransfer");
  const encrypts = ["EncryptInputFiles", "EncryptOutputFiles", "DontEncryptInputFiles", "DontEncryptOutputFiles"];
  if (!machineRefs.has("hasperfileencryption") && encrypts.some((name) => job.lookup(name) !== undefined)) {
    out += " && TARGET.HasPerFileEncryption";
  }
  const when = stringAttr(job, "WhenToTransferOutput");
  if (
    stringAttr(job, "CheckpointFiles") !== null ||
    boolAttr(job, "PreserveRelativePaths") === true ||
    (when !== null && when.toUpperCase() === "ON_SUCCESS")
  ) {
    out += ' && versioncmp( split(TARGET.CondorVersion)[1], "8.9.7" ) >= 0';
  }
  if (boolAttr(job, "RequireCommonFilesTransfer") === true) out += " && TARGET.HasCommonFilesTransfer >= 2";
  if (!machineRefs.has("hasfiletransferpluginmethods")) {
    for (const scheme of urlSchemes(job, plugins ?? "")) {
      out += ` && stringListIMember("${scheme}",TARGET.HasFileTransferPluginMethods)`;
    }
  }
  return out + close;
}

/** URL schemes of transferred files that the job does not bring a plugin for, sorted. */
function urlSchemes(job: ClassAd, plugins: string): string[] {
  const supplied = new Set<string>();
  for (const plug of plugins.split(";")) {
    const eq = plug.indexOf("=");
    if (eq > 0) for (const method of plug.slice(0, eq).split(/[\s,]+/)) if (method !== "") supplied.add(method.toLowerCase());
  }
  const schemes = new Map<string, string>();
  const consider = (file: string): void => {
    const scheme = urlScheme(file.trim());
    if (scheme !== null && !supplied.has(scheme.toLowerCase())) schemes.set(scheme.toLowerCase(), scheme);
  };
  for (const file of (stringAttr(job, "TransferInput") ?? "").split(",")) consider(file);
  const destination = stringAttr(job, "OutputDestination");
  if (destination !== null) consider(destination);
  for (const remap of (stringAttr(job, "TransferOutputRemaps") ?? "").split(";")) {
    const eq = remap.indexOf("=");
    if (eq >= 0) consider(remap.slice(eq + 1));
  }
  return [...schemes.keys()].sort().map((key) => schemes.get(key) as string);
}

function urlScheme(text: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  return match ? (match[1] as string) : null;
}

// ---------------------------------------------------------------------------------------------
// OSPool access-point transform

/**
 * The OSPool access point's `JOB_TRANSFORM_singularity`, applied to a job whose
 * `SingularityImage` is a non-empty string (other jobs are returned as an unchanged copy):
 * appends `&& TARGET.HasSingularity`, then `&& StringListIMember("<scheme>", ...)` for an image
 * transferred by URL, `&& TARGET.SINGULARITY_CAN_USE_SIF` for `.sif` images,
 * `&& TARGET.SINGULARITY_CAN_USE_REGISTRY` for `docker://` images and `&& TARGET.HAS_SINGULARITY`
 * for `/cvmfs/` images. A transferred image is added to `TransferInput` and `SingularityImage`
 * becomes its file name (the original is kept as `orig_SingularityImage`); `DockerRegistry` is
 * removed. Each clause is appended to the text of the Requirements so far, as the transform's
 * `SET Requirements $(MY.Requirements) && ...` does (no parentheses are added).
 */
export function ospoolContainerTransform(job: ClassAd): ClassAd {
  const out = copyAd(job);
  const image = stringAttr(job, "SingularityImage");
  if (image === null || image === "") return out;
  out.delete("DockerRegistry");
  const append = (clause: string): void => {
    const current = out.lookupLower("requirements");
    const text = current === undefined ? clause : `${unparse(current, { syntax: "old" })} && ${clause}`;
    out.set(spellingOf(out, "Requirements"), parseRequirements(text));
  };
  append("TARGET.HasSingularity");
  const isDockerUrl = image.slice(0, 9).toLowerCase() === "docker://";
  const isCvmfsPath = image.startsWith("/cvmfs/");
  const isSif = image.length > 4 && image.slice(-4).toLowerCase() === ".sif";
  const isUrl = image.includes("://");
  const scheme = image.split(":")[0] as string;
  const transferContainer = truthOrDefault(valueOf(job, "Should_Transfer_Container"), true);
  const addToTransferInput = !isDockerUrl && !isCvmfsPath && transferContainer;
  if (addToTransferInput && isUrl) append(`StringListIMember("${scheme}", TARGET.HasFileTransferPluginMethods)`);
  if (addToTransferInput) {
    const input = stringAttr(job, "TransferInput") ?? "";
    out.set(spellingOf(out, "TransferInput"), stringLiteral(`${input},${image}`));
    out.set("orig_SingularityImage", stringLiteral(image));
    out.set(spellingOf(out, "SingularityImage"), stringLiteral(baseName(image)));
  }
  if (isSif) append("TARGET.SINGULARITY_CAN_USE_SIF");
  if (isDockerUrl) append("TARGET.SINGULARITY_CAN_USE_REGISTRY");
  if (isCvmfsPath) append("TARGET.HAS_SINGULARITY");
  return out;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const slash = trimmed.lastIndexOf("/");
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function copyAd(job: ClassAd): ClassAd {
  const copy = new ClassAd(job.entries());
  copy.chainedParent = job.chainedParent;
  copy.parent = job.parent;
  return copy;
}

function* chainOf(job: ClassAd): Iterable<ClassAd> {
  if (job.chainedParent !== null) yield job.chainedParent;
  yield job;
}

function spellingOf(ad: ClassAd, name: string): string {
  return ad.spelling(name) ?? name;
}

function parseRequirements(text: string): Expr {
  return parseExpression(text, { syntax: "old" });
}

function stringLiteral(text: string): Expr {
  return { kind: "literal", value: { kind: "string", v: text }, start: -1, end: -1 };
}

/** The value of the job's own attribute (UNDEFINED when it has none). */
function valueOf(job: ClassAd, name: string): Value {
  if (job.lookup(name) === undefined) return UNDEFINED;
  return evaluateRaw(attrRef(name), { my: job, timeZone: "UTC" }).value;
}

function stringAttr(job: ClassAd, name: string): string | null {
  const value = valueOf(job, name);
  return value.kind === "string" ? value.v : null;
}

function boolAttr(job: ClassAd, name: string): boolean | null {
  const value = valueOf(job, name);
  if (value.kind === "bool") return value.v;
  if (value.kind === "int" || value.kind === "real") return Number(value.v) !== 0;
  return null;
}

function truthOrDefault(value: Value, otherwise: boolean): boolean {
  if (value.kind === "bool") return value.v;
  if (value.kind === "int" || value.kind === "real") return Number(value.v) !== 0;
  return otherwise;
}

/** `ExprTreeIsLiteralNumber(expr) && value <= limit`. */
function literalAtMost(expr: Expr, limit: number): boolean {
  let node = expr;
  while (node.kind === "paren") node = node.inner;
  if (node.kind !== "literal") return false;
  const v = node.value;
  if (v.kind === "int" || v.kind === "real") return Number(v.v) <= limit;
  if (v.kind === "bool") return (v.v ? 1 : 0) <= limit;
  return false;
}

/**
 * The machine attributes an expression references (lower-cased), as condor_submit classifies
 * them: `TARGET.x`, and unscoped names other than the few job attributes it declares
 * (RequestMemory, VM_CkptMac, Requirements). `MY.x` references are the job's.
 */
export function machineReferences(expr: Expr): Set<string> {
  const out = new Set<string>();
  const jobNames = new Set(["requestmemory", "vm_ckptmac", "requirements"]);
  walkExpr(expr, (node) => {
    if (node.kind !== "attr") return true;
    if (node.scope === null) {
      if (!node.absolute && !jobNames.has(node.name.toLowerCase())) out.add(node.name.toLowerCase());
      return false;
    }
    if (node.scope.kind === "attr" && node.scope.scope === null && !node.scope.absolute) {
      const scope = node.scope.name.toLowerCase();
      if (scope === "target" || scope === "other") out.add(node.name.toLowerCase());
      return scope !== "target" && scope !== "other" && scope !== "my" && scope !== "self";
    }
    return true;
  });
  return out;
}
