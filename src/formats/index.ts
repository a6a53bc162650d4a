/**
 * Ad formats: readers (old `-long`, new `[...]`, JSON, XML; auto-detected; streaming; gzip) and
 * writers that print what HTCondor's tools print.
 */
export { streamAds, readAds, loadAds, parseAds } from "./read.js";
export type { AdStream, LoadedAds, ReadSummary, AdInput } from "./read.js";
export type { AdFormat, ReaderOptions } from "./reader-types.js";
export { AdWriter, formatAds } from "./writer.js";
export type { WriterOptions } from "./writer.js";
export { AdFormatError, formatFault } from "./faults.js";
export type { AdFault, AdFaultCode, AdFaultSeverity } from "./faults.js";
export { detectFormat } from "./detect.js";
export { isPrivateAttr } from "./attr-order.js";
export { resamplePool } from "./resample.js";
export type { ResampleOptions } from "./resample.js";
