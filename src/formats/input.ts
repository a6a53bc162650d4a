/**
 * Byte input for the ad readers (Node only): a file path, a Node stream (stdin included), a Buffer or a byte
 * string, gzip-compressed or not (detected from the magic bytes). Text is cut into blocks that
 * end at a line boundary and decoded as latin1, so each JS char is one byte of the input.
 */
import { createReadStream } from "node:fs";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import type { TextBlock } from "./reader-types.js";
import { byteStringOf } from "../model/bytes.js";

/** Anything the readers accept: a path, a readable stream, bytes, or a string (`{ text }`: see `byteStringOf`). */
export type AdInput = string | NodeJS.ReadableStream | Uint8Array | { readonly text: string };


interface Latin1Slicer {
  latin1Slice?(start: number, end: number): string;
}

function copier(bytes: Buffer): (start: number, end: number) => string {
  const fast = (bytes as unknown as Latin1Slicer).latin1Slice;
  if (typeof fast === "function") return (start, end) => fast.call(bytes, start, end);
  return (start, end) => bytes.toString("latin1", start, end);
}

/** Bytes per read. */
const READ_CHUNK = 1 << 20;
/**
 * Bytes per decoded block: under V8's 128 KiB large-object size, so a block string lives in the
 * young generation and is dropped cheaply once read, instead of waiting in large-object space
 * for a full collection.
 */
const BLOCK_SIZE = 120_000;

/** Cuts a buffer that ends with a newline into blocks of whole lines of about BLOCK_SIZE. */
function* linesInBlocks(whole: Buffer): Generator<TextBlock> {
  let start = 0;
  while (start < whole.length) {
    let end = whole.length;
    if (end - start > BLOCK_SIZE) {
      const cut = whole.lastIndexOf(10, start + BLOCK_SIZE);
      if (cut >= start) end = cut + 1;
      else {
        const next = whole.indexOf(10, start + BLOCK_SIZE);
        end = next < 0 ? whole.length : next + 1;
      }
    }
    const block = whole.subarray(start, end);
    yield { text: block.toString("latin1"), copy: copier(block) };
    start = end;
  }
}

async function* rawChunks(input: AdInput): AsyncGenerator<Buffer> {
  if (typeof input === "string") {
    yield* chunksOf(createReadStream(input, { highWaterMark: READ_CHUNK }));
  } else if (input instanceof Uint8Array) {
    yield Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  } else if ("text" in input && typeof input.text === "string") {
    yield Buffer.from(byteStringOf(input.text), "latin1");
  } else {
    yield* chunksOf(input as NodeJS.ReadableStream);
  }
}

async function* chunksOf(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    yield typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
  }
}

/** Input chunks with gzip undone when the input starts with the gzip magic bytes. */
async function* byteChunks(input: AdInput): AsyncGenerator<Buffer> {
  const source = rawChunks(input);
  const first = await source.next();
  if (first.done) return;
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const replay = Readable.from(
      (async function* () {
        yield head;
        yield* source;
      })(),
    );
    const gunzip = createGunzip();
    // pipeline (not pipe) so that a read error ends the decompression with that error.
    pipeline(replay, gunzip, () => undefined);
    yield* chunksOf(gunzip);
    return;
  }
  yield head;
  yield* source;
}

/** Text blocks ending at line boundaries. */
export async function* textBlocks(input: AdInput): AsyncGenerator<TextBlock> {
  if (typeof input === "object" && !(input instanceof Uint8Array) && "text" in input && typeof input.text === "string") {
    // Text, or already a byte string (see byteStringOf): no copy, no gzip.
    yield { text: byteStringOf(input.text) };
    return;
  }
  let carry: Buffer | null = null;
  for await (const chunk of byteChunks(input)) {
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline < 0) {
      carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      continue;
    }
    const whole: Buffer = carry ? Buffer.concat([carry, chunk.subarray(0, lastNewline + 1)]) : chunk.subarray(0, lastNewline + 1);
    carry = lastNewline + 1 < chunk.length ? Buffer.from(chunk.subarray(lastNewline + 1)) : null;
    yield* linesInBlocks(whole);
  }
  if (carry && carry.length > 0) yield { text: carry.toString("latin1"), copy: copier(carry) };
}
