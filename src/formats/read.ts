/**
 * Reading ads: format detection, framing, per-format parsing, faults and counts.
 *
 * - {@link streamAds}: an async iterable over the ads of a file, stream, stdin or bytes (gzip
 *   included); memory stays bounded by the ads the caller keeps.
 * - {@link readAds} (alias {@link loadAds}): all ads of an input, with faults and a summary.
 * - {@link parseAds}: the same, synchronously, from a byte string (in `parse.ts`, browser-safe).
 *
 * Each ad's `origin` gives its 0-based index among the ads of the source (dropped ads count) and
 * the line it starts on.
 */
import type { ClassAd } from "../classad/classad.js";
import { AdFormatError, makeFault, type AdFault } from "./faults.js";
import { textBlocks, type AdInput } from "./input.js";
import type { ReaderOptions } from "./reader-types.js";
import { AdReadEngine, loaded, type LoadedAds, type ReadSummary } from "./parse.js";

export type { AdFormat, ReaderOptions } from "./reader-types.js";
export type { AdInput } from "./input.js";
export { parseAds, type LoadedAds, type ReadSummary } from "./parse.js";

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

/** Every ad of an input, with the faults seen and the counts. */
export async function readAds(input: AdInput, options: ReaderOptions = {}): Promise<LoadedAds> {
  const stream = streamAds(input, options);
  const ads: ClassAd[] = [];
  for await (const ad of stream) ads.push(ad);
  return loaded(ads, stream.faults as AdFault[], stream.summary);
}

/** Same as {@link readAds}. */
export const loadAds = readAds;
