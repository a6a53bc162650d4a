/**
 * NVIDIA GPUs, published the way a startd publishes condor_gpu_discovery's nested output:
 * `DetectedGPUs = "GPU-xxxxxxxx, ..."`, one `GPUs_GPU_xxxxxxxx = [ Id; Capability; ... ]` record
 * per device, the properties all devices share promoted to `GPUs_<prop>`, and
 * `AvailableGPUs = { GPUs_GPU_xxxxxxxx, ... }`.
 *
 * HTCondor reads NVML and the CUDA driver library; without them this probe reads `nvidia-smi`
 * (device list, and the "CUDA Version" of the driver from its banner) and the kernel driver's
 * /proc/driver/nvidia/version, falling back to /proc/driver/nvidia/gpus/<bus>/information
 * (their texts are parsed in parsers/nvidia.ts).
 */
import type { Expr, RecordAttr } from "../model/nodes.js";
import { attrRef, list, literal } from "../ast/build.js";
import { NO_POSITION } from "../model/nodes.js";
import { boolValue, intValue, realValue, stringValue } from "../model/value.js";
import type { HostView } from "./host-view.js";
import {
  NVIDIA_SMI_QUERY,
  cudaDriverVersionReal,
  parseCudaVersion,
  parseNvidiaGpuInformation,
  parseNvidiaSmiQuery,
  parseNvrmVersion,
  shortGpuId,
  type GpuDevice,
} from "./parsers/nvidia.js";
import type { ProbeRecorder } from "./record.js";
import { runFailure } from "./text.js";
import { listHostDir, readHostFile } from "./view.js";

export interface GpuFacts {
  readonly devices: readonly GpuDevice[];
  /** Kernel driver version, "595.71.05". */
  readonly nvidiaDriver: string | null;
  /** CUDA driver API version as cuDriverGetVersion gives it (12040 for "CUDA Version: 12.4"). */
  readonly cudaVersion: number | null;
  readonly reasons: string[];
  readonly sources: string[];
}

function procGpuDevices(view: HostView): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const bus of listHostDir(view, "/proc/driver/nvidia/gpus") ?? []) {
    const info = readHostFile(view, `/proc/driver/nvidia/gpus/${bus}/information`, 65536);
    const device = info === null ? null : parseNvidiaGpuInformation(info, bus);
    if (device !== null) devices.push(device);
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
