/**
 * Periodic re-probing, like the pilot's STARTD_CRON scripts: run the probe every interval and
 * report the attributes whose values changed (HAS_SINGULARITY may start true and turn false).
 * Runs never overlap: the next one is scheduled when the previous one ends.
 */
import type { ClassAd } from "../classad/classad.js";
import { diffAds, type AttributeChange } from "./ad-diff.js";
import { probe, type ProbeOptions, type ProbeResult } from "./probe.js";

export interface WatchEvent {
  /** True for the first probe (every attribute is reported as new). */
  readonly initial: boolean;
  readonly changes: readonly AttributeChange[];
  readonly result: ProbeResult;
}

export interface WatchHandle {
  /** Stops the watch; a probe already running finishes but is not reported. */
  stop(): void;
  /** Resolves when the watch has stopped. */
  readonly done: Promise<void>;
}

/**
 * Probes now and then every `intervalMs` after the previous probe ends; calls `onChange` for the
 * first probe and whenever an attribute changed. Stop with the returned handle or `signal`.
 * A failing probe (it should not fail) is passed to `onError` and the watch goes on.
 */
export function watchProbe(
  options: ProbeOptions,
  intervalMs: number,
  onChange: (event: WatchEvent) => void,
  extra: { readonly signal?: AbortSignal; readonly onError?: (err: unknown) => void } = {},
): WatchHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let previous: ClassAd | null = null;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    finish();
  };
  extra.signal?.addEventListener("abort", stop, { once: true });
  if (extra.signal?.aborted) stop();

  const round = async (): Promise<void> => {
    if (stopped) return;
    try {
      const result = await probe(options);
      if (stopped) return;
      const changes = diffAds(previous, result.ad);
      const initial = previous === null;
      previous = result.ad;
      if (initial || changes.length > 0) onChange({ initial, changes, result });
    } catch (err) {
      extra.onError?.(err);
    }
    if (!stopped) timer = setTimeout(() => void round(), Math.max(0, intervalMs));
  };
  void round();
  return { stop, done };
}
