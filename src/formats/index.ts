/**
 * Ad formats, the browser-safe part: reading ads from text (`parseAds`), writing them
 * (`formatAds`, `AdWriter`), format detection, faults, and the pool resampler. The readers of
 * files and streams are in node.ts.
 */
export { parseAds, type LoadedAds, type ReadSummary } from "./read.js";
export type { AdFormat, ReaderOptions } from "./reader-types.js";
export { AdWriter, formatAds } from "./writer.js";
export type { WriterOptions } from "./writer.js";
export { AdFormatError, formatFault } from "./faults.js";
export type { AdFault, AdFaultCode, AdFaultSeverity } from "./faults.js";
export { detectFormat, type Detection } from "./detect.js";
export { isPrivateAttr } from "./attr-order.js";
export { resamplePool } from "./resample.js";
export type { ResampleOptions } from "./resample.js";
