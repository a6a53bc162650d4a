/**
 * Ad formats, the Node part: reading ads from a file path, a Node stream (stdin included), bytes
 * or a byte string, gzip detected and undone. Everything else of the formats is in index.ts
 * (browser-safe).
 */
export { streamAds, readAds, loadAds, type AdStream } from "./stream.js";
export type { AdInput } from "./input.js";
