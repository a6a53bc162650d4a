/**
 * `classad`: HTCondor's ClassAd language for Node. Everything of `classad/core` (parsing,
 * evaluation, functions, matchmaking, analysis), plus the ad readers and writers for every format
 * HTCondor prints and the host probe. See docs/api.md.
 */
export * from "./core.js";
export * from "./formats/node.js";
export * from "./probe/node.js";
