/**
 * A seeded generator of pool-sized `-long` dumps, made by resampling real slot ads: each new slot
 * copies a randomly chosen source ad line by line, with a fresh machine name (every occurrence of
 * the source machine's name is replaced) and jittered resources (memory, disk, load, speed,
 * times). Attribute lists and policy expressions stay those of real slots, so the dump repeats
 * them as a real pool does. Used by the loading and matchmaking benchmarks and the demo.
 */
import { foldName } from "../model/names.js";

export interface ResampleOptions {
  /** Number of slot ads to make. */
  readonly slots: number;
  /** PRNG seed (same seed and source: same output). Default 1. */
  readonly seed?: number;
  /** Relative jitter of resource figures, 0..1. Default 0.2. */
  readonly jitter?: number;
}

/** Integer attributes whose values are jittered (lower-cased names). */
const JITTERED_INTS = new Set([
  "memory",
  "disk",
  "totalslotmemory",
  "totalslotdisk",
  "totalmemory",
  "totaldisk",
  "detectedmemory",
  "kflops",
  "mips",
  "imagesize",
  "virtualmemory",
  "totalvirtualmemory",
  "updatesequencenumber",
  "consoleidle",
  "keyboardidle",
  "totaljobruntime",
  "recentjobstarts",
]);

/**
 * Epoch timestamps: shifted by up to {@link EPOCH_SHIFT_SECONDS} either way rather than scaled,
 * so they stay plausible moments around the time the source pool was sampled.
 */
const JITTERED_EPOCHS = new Set([
  "mycurrenttime",
  "daemonstarttime",
  "enteredcurrentstate",
  "enteredcurrentactivity",
  "lastheardfrom",
]);
const EPOCH_SHIFT_SECONDS = 300;

/** Real attributes whose values are jittered. */
const JITTERED_REALS = new Set(["loadavg", "condorloadavg", "totalloadavg", "totalcondorloadavg", "daemoncoredutycycle"]);

/** Mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SourceAd {
  readonly lines: string[];
  /** The machine name found in `Machine = "..."`, replaced by a fresh one in every line. */
  readonly machine: string | null;
}

/** Splits an old-format dump into ads (blank-line separated) of attribute lines. */
function sourceAds(text: string): SourceAd[] {
  const ads: SourceAd[] = [];
  for (const block of text.split(/\n[ \t\r]*\n/)) {
    const lines = block.split("\n").filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
    if (lines.length === 0) continue;
    const machineLine = lines.find((line) => /^Machine\s*=/i.test(line));
    const machine = machineLine ? (/"([^"]+)"/.exec(machineLine)?.[1] ?? null) : null;
    ads.push({ lines, machine });
  }
  return ads;
}

function jitterInt(value: bigint, random: () => number, jitter: number): string {
  if (value === 0n) return "0";
  const factor = 1 + (random() * 2 - 1) * jitter;
  const scaled = Number(value) * factor;
  return String(BigInt(Math.max(1, Math.round(scaled))));
}

function jitterReal(value: number, random: () => number, jitter: number): string {
  const scaled = value === 0 ? random() * jitter : value * (1 + (random() * 2 - 1) * jitter);
  const text = String(Math.round(scaled * 1e6) / 1e6);
  return /[.eE]/.test(text) ? text : text + ".0";
}

/**
 * Yields the text of each generated ad (`Name = value` lines and the blank line after it).
 * `source` is an old-format dump such as `test/data/conformance/match/pool-ospool-143.ads`.
 */
export function* resamplePool(source: string, options: ResampleOptions): Generator<string> {
  const ads = sourceAds(source);
  if (ads.length === 0) throw new Error("resamplePool: the source holds no ads");
  const random = prng(options.seed ?? 1);
  const jitter = options.jitter ?? 0.2;
  for (let n = 0; n < options.slots; n++) {
    const ad = ads[Math.floor(random() * ads.length)]!;
    const fresh = `node${String(n).padStart(6, "0")}-${Math.floor(random() * 0xffffff).toString(16)}.pool.example.org`;
    const out: string[] = [];
    for (const line of ad.lines) {
      let text = ad.machine !== null && line.includes(ad.machine) ? line.split(ad.machine).join(fresh) : line;
      const eq = text.indexOf(" = ");
      if (eq > 0) {
        const lower = foldName(text.slice(0, eq));
        const value = text.slice(eq + 3);
        if (JITTERED_EPOCHS.has(lower) && /^\d+$/.test(value)) {
          const shift = Math.round((random() * 2 - 1) * EPOCH_SHIFT_SECONDS);
          text = text.slice(0, eq + 3) + String(Number(value) + shift);
        } else if (JITTERED_INTS.has(lower) && /^-?\d+$/.test(value)) {
          text = text.slice(0, eq + 3) + jitterInt(BigInt(value), random, jitter);
        } else if (JITTERED_REALS.has(lower) && /^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(value)) {
          text = text.slice(0, eq + 3) + jitterReal(Number(value), random, jitter);
        }
      }
      out.push(text);
    }
    yield out.join("\n") + "\n\n";
  }
}
