/**
 * Reading ads from files and streams (Node only): the engine of read.ts fed with blocks of
 * whole lines from a path, a Node stream (stdin included), bytes or a byte string, gzip
 * undone (input.ts).
 *
 * - {@link streamAds}: an async iterable over the ads; memory stays bounded by the ads the caller
 *   keeps.
 * - {@link readAds} (alias {@link loadAds}): all ads of an input, with faults and a summary.
 */
import type { ClassAd } from "../classad/classad.js";
import { AdFormatError, makeFault, type AdFault } from "./faults.js";
import { textBlocks, type AdInput } from "./input.js";
import { AdReadEngine, loaded, type LoadedAds, type ReadSummary } from "./read.js";
import type { ReaderOptions } from "./reader-types.js";

/** A stream of ads; `summary` and `faults` fill in as it is consumed. */
export interface AdStream extends AsyncIterable<ClassAd> {
  readonly summary: ReadSummary;
  readonly faults: readonly AdFault[];
}

/** Iterates over the ads of a file path, a stream (e.g. `process.stdin`), bytes or `{ text }`. */
export function streamAds(input: AdInput, options: ReaderOptions = {}): AdStream {
  const engine = new AdReadEngine(options);
  return {
    summary: engine.summary,
    faults: engine.faults,
    async *[Symbol.asyncIterator]() {
      try {
        for await (const block of textBlocks(input)) {
          yield* engine.push(block);
          if (engine.failure !== null) throw engine.failure;
        }
      } catch (err) {
        if (err instanceof AdFormatError) throw err;
        engine.fault(makeFault("read-error", `cannot read the input: ${err instanceof Error ? err.message : String(err)}`, -1, 0, 0));
      }
      yield* engine.end();
      if (engine.failure !== null) throw engine.failure;
    },
  };
}

/** Every ad of an input (a path, a stream, bytes or `{ text }`), with the faults seen and the counts. */
export async function readAds(input: AdInput, options: ReaderOptions = {}): Promise<LoadedAds> {
  const stream = streamAds(input, options);
  const ads: ClassAd[] = [];
  for await (const ad of stream) ads.push(ad);
  return loaded(ads, stream.faults as AdFault[], stream.summary);
}

/** Same as {@link readAds}. */
export const loadAds = readAds;
