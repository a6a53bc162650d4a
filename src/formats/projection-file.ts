/**
 * The projecting reader for files (Node only): the dump is cut into stretches of whole ads, each
 * scanned by a worker thread reading its own stretch of the file, and the parts are merged in
 * input order (`ProjectionBuilder`). Small files are scanned in this thread. An ad's text is read
 * again from the file when an attribute it was not read for is asked.
 *
 * Only plain `-long` files qualify (gzip and the other formats are read by `readAds`): the caller
 * gets null for them.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { detectFormat } from "./detect.js";
import { ProjectionBuilder, type AdBytes, type ProjectedAds, type ProjectionOptions, type ProjectionPlan } from "./projection.js";
import { ProjectionScanner, type ScanOutput } from "./projection-scanner.js";

/** Options of {@link projectFile}. */
export interface ProjectFileOptions extends ProjectionOptions {
  /**
   * Worker threads to scan with (default: one per core, at most 4, and one per 128 MiB of file);
   * 0 or 1 scans in this thread.
   */
  readonly workers?: number;
  /** Bytes read at a time (default 4 MiB). */
  readonly blockSize?: number;
}

/** Where the time of a file read went. */
export interface ProjectFileTimings {
  /** Threads that scanned (1: this one). */
  readonly workers: number;
  /** Wall time from the call to the last part scanned. */
  readonly scanWallMs: number;
  /** Time spent reading the file, summed over threads. */
  readonly readMs: number;
  /** Time spent scanning bytes, summed over threads. */
  readonly scanMs: number;
  /** Time spent merging the parts, checking the ads and parsing kept values (this thread). */
  readonly mergeMs: number;
}

/** A projecting read of a file: the table of {@link projectAds} and the time it took. */
export interface ProjectedFile {
  readonly table: ProjectedAds;
  readonly timings: ProjectFileTimings;
}

const DEFAULT_BLOCK = 4 << 20;
/**
 * A thread per this many bytes at most: starting a worker and compiling the scanner in it costs
 * about as much as scanning 100 MB on a busy 2-core machine (measured: 130 MB scanned faster in
 * one thread than in two; 520 MB faster in two).
 */
const BYTES_PER_WORKER = 128 << 20;
const MAX_WORKERS = 4;

/**
 * Reads a `-long` dump file keeping of each ad what `plan` names and what those values read
 * (see `projection.ts`); null when the file is gzip-compressed or in another format.
 */
export async function projectFile(path: string, plan: ProjectionPlan, options: ProjectFileOptions = {}): Promise<ProjectedFile | null> {
  const started = performance.now();
  const info = statSync(path);
  if (!isPlainLongFile(path)) return null;
  const size = info.size;
  const blockSize = options.blockSize ?? DEFAULT_BLOCK;
  const wanted = options.workers ?? Math.min(availableParallelism(), MAX_WORKERS, Math.floor(size / BYTES_PER_WORKER));
  const threads = Math.max(1, Math.min(wanted, Math.max(1, Math.floor(size / 2))));
  const parts: ScannedRange[] =
    threads <= 1
      ? [scanFileRange(path, 0, size, size, plan.names, blockSize, { openSync, readSync, closeSync }, ProjectionScanner)]
      : await Promise.all(Array.from({ length: threads }, (_, k) => scanInWorker(path, Math.floor((size * k) / threads), Math.floor((size * (k + 1)) / threads), size, plan.names, blockSize)));
  const scanned = performance.now();
  const builder = new ProjectionBuilder(plan, fileSource(path, info.size, info.mtimeMs), options);
  for (const part of parts) builder.addPart(part.output);
  const table = builder.finish();
  return {
    table,
    timings: {
      workers: threads,
      scanWallMs: scanned - started,
      readMs: parts.reduce((sum, part) => sum + part.readMs, 0),
      scanMs: parts.reduce((sum, part) => sum + part.scanMs, 0),
      mergeMs: performance.now() - scanned,
    },
  };
}

/** True when the file starts like a `-long` dump (not gzip, not `[`, `{` or XML). */
function isPlainLongFile(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(1 << 16);
    const length = readSync(fd, head, 0, head.length, 0);
    if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return false;
    return detectFormat(head.toString("latin1", 0, length), length < head.length).format === "long";
  } finally {
    closeSync(fd);
  }
}

/** An ad's text read again from the file; a file changed since it was read is an error. */
function fileSource(path: string, size: number, mtimeMs: number): AdBytes {
  return {
    text(start, end) {
      const fd = openSync(path, "r");
      try {
        const now = fstatSync(fd);
        if (now.size !== size || now.mtimeMs !== mtimeMs) throw new Error(`${path} changed since it was read`);
        const bytes = Buffer.allocUnsafe(end - start);
        readSync(fd, bytes, 0, end - start, start);
        return bytes.toString("latin1");
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** What one thread found in its stretch of the file. */
interface ScannedRange {
  readonly output: ScanOutput;
  readonly readMs: number;
  readonly scanMs: number;
}

interface FileAccess {
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/**
 * Scans the ads of a stretch of a file: from the first ad boundary at or after `from` to the first
 * at or after `to` (a boundary is the end of a blank or `***` line, so neighbouring stretches
 * meet exactly). Runs in this thread or, as source text, in a worker: it refers to nothing
 * outside itself but its arguments and `Buffer`.
 */
export function scanFileRange(
  path: string,
  from: number,
  to: number,
  size: number,
  names: readonly string[],
  blockSize: number,
  fs: FileAccess,
  Scanner: typeof ProjectionScanner,
): ScannedRange {
  const fd = fs.openSync(path, "r");
  let readMs = 0;
  let scanMs = 0;
  try {
    let buf = Buffer.allocUnsafeSlow(blockSize + 1);
    const read = (position: number, into: Uint8Array, offset: number, length: number): number => {
      const t = performance.now();
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, into, offset + done, length - done, position + done);
        if (n <= 0) break;
        done += n;
      }
      readMs += performance.now() - t;
      return done;
    };
    // The end of the first blank or `***` line starting at or after `position` (the input's end if none).
    const boundary = (position: number): number => {
      if (position <= 0) return 0;
      if (position >= size) return size;
      let at = position - 1;
      let lineStart = -1;
      let blank = true;
      let first = -1;
      let second = -1;
      let third = -1;
      let column = 0;
      while (at < size) {
        const n = read(at, buf, 0, Math.min(blockSize, size - at));
        for (let i = 0; i < n; i++) {
          const c = buf[i] as number;
          if (lineStart < 0) {
            if (c === 10) {
              lineStart = at + i + 1;
              blank = true;
              column = 0;
              first = second = third = -1;
            }
            continue;
          }
          if (c === 10) {
            if (blank || (first === 42 && second === 42 && third === 42)) return at + i + 1;
            blank = true;
            column = 0;
            first = second = third = -1;
            continue;
          }
          if (column === 0) first = c;
          else if (column === 1) second = c;
          else if (column === 2) third = c;
          column++;
          if (c !== 32 && c !== 9 && c !== 13) blank = false;
        }
        at += n;
        if (n === 0) break;
      }
      return size;
    };
    const start = boundary(from);
    const end = boundary(to);
    const scanner = new Scanner(names);
    let base = start;
    let filled = 0;
    while (base + filled < end || filled > 0) {
      const want = Math.min(buf.length - 1 - filled, end - base - filled);
      const n = want > 0 ? read(base + filled, buf, filled, want) : 0;
      if (want > 0 && n === 0) throw new Error(`${path} ended early (changed while being read?)`);
      filled += n;
      const final = base + filled >= end;
      let stop = filled;
      if (!final) {
        stop = filled;
        while (stop > 0 && buf[stop - 1] !== 10) stop--;
      }
      const t = performance.now();
      const consumed = stop > 0 ? scanner.scan(buf, 0, stop, base, final) : 0;
      scanMs += performance.now() - t;
      if (final) break;
      if (consumed === 0 && filled === buf.length - 1) {
        // One ad longer than the buffer: make room for all of it.
        const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
        bigger.set(buf.subarray(0, filled));
        buf = bigger;
        continue;
      }
      buf.copyWithin(0, consumed, filled);
      filled -= consumed;
      base += consumed;
    }
    return { output: scanner.output(), readMs, scanMs };
  } finally {
    fs.closeSync(fd);
  }
}

/** The worker's program: the scanner and {@link scanFileRange} as source text. */
function workerSource(): string {
  return [
    `"use strict";`,
    `const { parentPort, workerData } = require("node:worker_threads");`,
    `const fs = require("node:fs");`,
    // Builds made with esbuild's keepNames (tsx, for instance) call these helpers.
    `var __name = (target) => target;`,
    `const ProjectionScanner = (${ProjectionScanner.toString()});`,
    `const scanFileRange = (${scanFileRange.toString()});`,
    `const d = workerData;`,
    `const result = scanFileRange(d.path, d.from, d.to, d.size, d.names, d.blockSize, fs, ProjectionScanner);`,
    `const o = result.output;`,
    `parentPort.postMessage(result, [o.ads.buffer, o.byteRanges.buffer, o.kept.buffer]);`,
  ].join("\n");
}

let source: string | null = null;

function scanInWorker(path: string, from: number, to: number, size: number, names: readonly string[], blockSize: number): Promise<ScannedRange> {
  source ??= workerSource();
  return new Promise((resolve, reject) => {
    const worker = new Worker(source as string, { eval: true, workerData: { path, from, to, size, names: [...names], blockSize } });
    let result: ScannedRange | null = null;
    worker.once("message", (message: ScannedRange) => {
      result = message;
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (result !== null) resolve(result);
      else reject(new Error(`the scanning thread stopped (exit code ${code})`));
    });
  });
}
