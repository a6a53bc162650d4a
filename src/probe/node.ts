/**
 * The host probe, Node part: the slot ad this machine would advertise to an HTCondor pool, with
 * the container attributes OSPool matching depends on (reads /proc, /sys, /etc and runs
 * programs), a watch mode, and the real host view. The browser-safe parsers are in index.ts.
 */
export { probe, DEFAULT_TIMEOUT_MS, type ProbeOptions, type ProbeResult } from "./probe.js";
export { watchProbe, type WatchEvent, type WatchHandle } from "./watch.js";
export { realHostView, realRunner } from "./view.js";
export type { FsSpace, HostView, RunOptions, RunResult, Runner, Uname } from "./host-view.js";
export { detectInsideContainer } from "./inside-container.js";
export type { ContainerOptions } from "./container-options.js";
