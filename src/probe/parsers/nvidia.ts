/**
 * NVIDIA GPU facts from the texts the driver tools give (browser-safe): `nvidia-smi`'s device
 * query and banner, the kernel driver's /proc/driver/nvidia/version and
 * /proc/driver/nvidia/gpus/<bus>/information, and the ids and numbers in condor_gpu_discovery's
 * spelling.
 */

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

/** The `--query-gpu` argument whose output {@link parseNvidiaSmiQuery} reads. */
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

/** Rows of `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` ({@link NVIDIA_SMI_QUERY}). */
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

/**
 * One device from /proc/driver/nvidia/gpus/<bus>/information (`GPU UUID:`, `Model:`,
 * `Bus Location:` lines; `bus` is the directory name, used when the file names no location);
 * null when the file names no UUID. The file gives no memory, capability or ECC mode.
 */
export function parseNvidiaGpuInformation(text: string, bus: string): GpuDevice | null {
  const field = (name: string): string | undefined => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(text)?.[1]?.trim();
  const uuid = field("GPU UUID");
  if (!uuid) return null;
  return {
    uuid,
    name: field("Model") ?? "",
    memoryMiB: null,
    capability: null,
    pciBusId: condorPciBusId(field("Bus Location") ?? bus),
    eccEnabled: null,
  };
}

/** condor_gpu_discovery prints DriverVersion as "%d.%d" of v/1000 and v%100: 12040 is 12.40, i.e. 12.4. */
export function cudaDriverVersionReal(version: number): number {
  return Number(`${Math.floor(version / 1000)}.${String(version % 100).padStart(2, "0")}`);
}
