/**
 * NVIDIA GPUs, published the way a startd publishes condor_gpu_discovery's nested output:
 * `DetectedGPUs = "GPU-xxxxxxxx, ..."`, one `GPUs_GPU_xxxxxxxx = [ Id; Capability; ... ]` record
 * per device, the properties all devices share promoted to `GPUs_<prop>`, and
 * `AvailableGPUs = { GPUs_GPU_xxxxxxxx, ... }`.
 *
 * HTCondor reads NVML and the CUDA driver library; without them this probe reads `nvidia-smi`
 * (device list, and the "CUDA Version" of the driver from its banner) and the kernel driver's
 * /proc/driver/nvidia/version, falling back to /proc/driver/nvidia/gpus/<bus>/information.
 */
import type { Expr, RecordAttr } from "../model/nodes.js";
import { attrRef, list, literal } from "../ast/build.js";
import { NO_POSITION } from "../model/nodes.js";
import { boolValue, intValue, realValue, stringValue } from "../model/value.js";
import type { ProbeRecorder } from "./record.js";
import { listHostDir, readHostFile, type HostView } from "./view.js";

export interface GpuDevice {
  /** Full UUID as NVIDIA prints it, "GPU-c4a646d7-aa14-...". */
  readonly uuid: string;
  readonly name: string;
  readonly memoryMiB: number | null;
  /** Compute capability, e.g. 8.6. */
  readonly capability: number | null;
  /** PCI bus id in HTCondor's spelling, "0000:3B:00.0". */
  readonly pciBusId: string | null;
  readonly eccEnabled: boolean | null;
}

export interface GpuFacts {
  readonly devices: readonly GpuDevice[];
  /** Kernel driver version, "595.71.05". */
  readonly nvidiaDriver: string | null;
  /** CUDA driver API version as cuDriverGetVersion gives it (12040 for "CUDA Version: 12.4"). */
  readonly cudaVersion: number | null;
  readonly reasons: string[];
  readonly sources: string[];
}

export const NVIDIA_SMI_QUERY = "--query-gpu=uuid,name,memory.total,compute_cap,pci.bus_id,ecc.mode.current,driver_version";

/** HTCondor's short id "GPU-xxxxxxxx" (first 8 hex digits of the UUID). */
export function shortGpuId(uuid: string): string {
  const bare = uuid.replace(/^GPU-/i, "");
  return "GPU-" + bare.slice(0, 8);
}

/** "00000000:3B:00.0" (nvidia-smi) to "0000:3B:00.0" (condor_gpu_discovery). */
export function condorPciBusId(busId: string): string {
  const m = /^([0-9a-fA-F]+):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-9a-fA-F])$/.exec(busId.trim());
  if (!m) return busId.trim();
  const domain = (m[1] ?? "").slice(-4).padStart(4, "0");
  return `${domain}:${m[2]}:${m[3]}.${m[4]}`.toUpperCase();
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  return /^[0-9]+(\.[0-9]+)?$/.test(t) ? Number(t) : null;
}

/** Rows of `nvidia-smi --query-gpu=... --format=csv,noheader,nounits`. */
export function parseNvidiaSmiQuery(stdout: string): { devices: GpuDevice[]; driver: string | null } {
  const devices: GpuDevice[] = [];
  let driver: string | null = null;
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    const cols = line.split(",").map((c) => c.trim());
    const [uuid, name, memory, cap, bus, ecc, drv] = cols;
    if (!uuid || !/^GPU-/i.test(uuid)) continue;
    devices.push({
      uuid,
      name: name ?? "",
      memoryMiB: numberOrNull(memory),
      capability: numberOrNull(cap),
      pciBusId: bus ? condorPciBusId(bus) : null,
      eccEnabled: ecc === "Enabled" ? true : ecc === "Disabled" ? false : null,
    });
    if (drv && /^[0-9]+(\.[0-9]+)+$/.test(drv)) driver ??= drv;
  }
  return { devices, driver };
}

/** "CUDA Version: 12.4" in nvidia-smi's banner as cuDriverGetVersion's number (12040). */
export function parseCudaVersion(text: string): number | null {
  const m = /CUDA Version\s*:\s*([0-9]+)\.([0-9]+)/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 1000 + Number(m[2]) * 10;
}

/** The driver version in /proc/driver/nvidia/version's "NVRM version:" line. */
export function parseNvrmVersion(text: string): string | null {
  const line = text.split("\n").find((l) => l.startsWith("NVRM version:")) ?? "";
  const m = /Module\b.*?\s([0-9]+\.[0-9]+(?:\.[0-9]+)?)(?:\s|$)/.exec(line);
  return m ? (m[1] ?? null) : null;
}

function procGpuDevices(view: HostView): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const bus of listHostDir(view, "/proc/driver/nvidia/gpus") ?? []) {
    const info = readHostFile(view, `/proc/driver/nvidia/gpus/${bus}/information`, 65536);
    if (info === null) continue;
    const field = (name: string): string | undefined => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(info)?.[1]?.trim();
    const uuid = field("GPU UUID");
    if (!uuid) continue;
    devices.push({
      uuid,
      name: field("Model") ?? "",
      memoryMiB: null,
      capability: null,
      pciBusId: condorPciBusId(field("Bus Location") ?? bus),
      eccEnabled: null,
    });
  }
  return devices;
}

export async function discoverGpus(view: HostView, timeoutMs: number): Promise<GpuFacts> {
  const reasons: string[] = [];
  const sources: string[] = [];
  sources.push("/proc/driver/nvidia/version");
  const nvrm = readHostFile(view, "/proc/driver/nvidia/version", 65536);
  let nvidiaDriver = nvrm === null ? null : parseNvrmVersion(nvrm);
  reasons.push(nvrm === null ? "no NVIDIA kernel driver (/proc/driver/nvidia/version absent)" : `kernel driver ${nvidiaDriver ?? "(version unreadable)"}`);

  sources.push(`nvidia-smi ${NVIDIA_SMI_QUERY} --format=csv,noheader,nounits`);
  const query = await view.run("nvidia-smi", [NVIDIA_SMI_QUERY, "--format=csv,noheader,nounits"], { timeoutMs });
  let devices: GpuDevice[] = [];
  let cudaVersion: number | null = null;
  if (query.code === 0) {
    const parsed = parseNvidiaSmiQuery(query.stdout);
    devices = parsed.devices;
    nvidiaDriver ??= parsed.driver;
    reasons.push(`nvidia-smi lists ${devices.length} device(s)`);
    sources.push("nvidia-smi");
    const banner = await view.run("nvidia-smi", [], { timeoutMs });
    cudaVersion = banner.code === 0 ? parseCudaVersion(banner.stdout) : null;
    reasons.push(cudaVersion === null ? "no CUDA Version in nvidia-smi's banner" : `nvidia-smi banner gives CUDA driver version ${cudaVersion}`);
  } else {
    reasons.push(`nvidia-smi unusable (${runFailure(query)})`);
    sources.push("/proc/driver/nvidia/gpus/*/information");
    devices = procGpuDevices(view);
    if (devices.length > 0) reasons.push(`${devices.length} device(s) in /proc/driver/nvidia/gpus (no capability, memory or CUDA version without nvidia-smi)`);
  }
  return { devices, nvidiaDriver, cudaVersion, reasons, sources };
}

/** A short human description of why a run did not succeed. */
export function runFailure(result: { code: number | null; stderr: string; timedOut: boolean; error?: string }): string {
  if (result.timedOut) return "timed out";
  if (result.error === "ENOENT") return "not found";
  if (result.error) return result.error;
  const lastLine = result.stderr.trim().split("\n").pop()?.trim();
  return `exit ${result.code}${lastLine ? `: ${lastLine}` : ""}`;
}

function recordNode(attrs: readonly RecordAttr[]): Expr {
  return { kind: "record", attrs, start: NO_POSITION, end: NO_POSITION };
}

/** The per-device property list in HTCondor's order; absent facts are left out. */
function deviceProps(dev: GpuDevice, facts: GpuFacts): Array<[string, Expr]> {
  const props: Array<[string, Expr]> = [];
  if (dev.capability !== null) props.push(["Capability", literal(realValue(dev.capability))]);
  props.push(["DeviceName", literal(stringValue(dev.name))]);
  props.push(["DeviceUuid", literal(stringValue(dev.uuid.replace(/^GPU-/i, "")))]);
  if (dev.eccEnabled !== null) props.push(["ECCEnabled", literal(boolValue(dev.eccEnabled))]);
  if (facts.nvidiaDriver !== null) props.push(["NvidiaDriver", literal(stringValue(facts.nvidiaDriver))]);
  if (facts.cudaVersion !== null) props.push(["DriverVersion", literal(realValue(cudaDriverVersionReal(facts.cudaVersion)))]);
  if (dev.pciBusId !== null) props.push(["DevicePciBusId", literal(stringValue(dev.pciBusId))]);
  if (dev.memoryMiB !== null) props.push(["GlobalMemoryMb", literal(intValue(dev.memoryMiB))]);
  if (facts.cudaVersion !== null) props.push(["MaxSupportedVersion", literal(intValue(facts.cudaVersion))]);
  return props;
}

/** condor_gpu_discovery prints DriverVersion as "%d.%d" of v/1000 and v%100: 12040 is 12.40, i.e. 12.4. */
export function cudaDriverVersionReal(version: number): number {
  return Number(`${Math.floor(version / 1000)}.${String(version % 100).padStart(2, "0")}`);
}

function sameText(exprs: readonly Expr[]): boolean {
  const first = exprs[0];
  if (!first || first.kind !== "literal") return false;
  return exprs.every((e) => e.kind === "literal" && JSON.stringify(e.value) === JSON.stringify(first.value));
}

export async function probeGpus(view: HostView, rec: ProbeRecorder, timeoutMs: number): Promise<GpuFacts> {
  const facts = await discoverGpus(view, timeoutMs);
  const source = facts.sources.join(", ");
  if (facts.devices.length === 0) {
    rec.publish(
      "gpus",
      [
        ["DetectedGPUs", 0],
        ["TotalGPUs", 0],
        ["GPUs", 0],
      ],
      `no NVIDIA GPU found: ${facts.reasons.join("; ")}`,
      source,
    );
    return facts;
  }
  const ids = facts.devices.map((d) => shortGpuId(d.uuid));
  const attrs: Array<[string, Expr]> = [
    ["DetectedGPUs", literal(stringValue(ids.join(", ")))],
    ["TotalGPUs", literal(intValue(ids.length))],
    ["GPUs", literal(intValue(ids.length))],
    ["AssignedGPUs", literal(stringValue(ids.join(",")))],
  ];
  const perDevice = facts.devices.map((d) => deviceProps(d, facts));
  // Properties every device shares are promoted to GPUs_<prop>, as the startd does.
  const first = perDevice[0] ?? [];
  for (const [prop] of first) {
    if (prop === "DeviceUuid" || prop === "DevicePciBusId") continue;
    const values = perDevice.map((props) => props.find(([p]) => p === prop)?.[1]).filter((e): e is Expr => e !== undefined);
    if (values.length === perDevice.length && sameText(values) && values[0]) attrs.push([`GPUs_${prop}`, values[0]]);
  }
  facts.devices.forEach((dev, i) => {
    const id = ids[i] ?? shortGpuId(dev.uuid);
    const props = perDevice[i] ?? [];
    const record = recordNode([{ name: "Id", expr: literal(stringValue(id)) }, ...props.map(([name, expr]) => ({ name, expr }))]);
    attrs.push([`GPUs_${id.replace("-", "_")}`, record]);
  });
  attrs.push(["AvailableGPUs", list(ids.map((id) => attrRef(`GPUs_${id.replace("-", "_")}`)))]);
  rec.publish("gpus", attrs, facts.reasons.join("; "), source);
  return facts;
}
