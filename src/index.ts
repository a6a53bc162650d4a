/**
 * `classad`: HTCondor's ClassAd language for Node. Everything of `classad/core` (parsing,
 * evaluation, functions, submit requirements, matchmaking, analysis, reading and writing ads as
 * text, the probe's parsers), plus what needs Node: reading ad files and streams (gzip included)
 * and probing this host. See docs/api.md.
 */
export * from "./core.js";
export * from "./formats/node.js";
export * from "./probe/node.js";
