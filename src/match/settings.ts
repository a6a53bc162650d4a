/**
 * The settings of one match resolved from its options: the environment, one reading of its clock
 * (every pair of a match sees the same `now`, as in one negotiation cycle) and the zone.
 */
import type { Environment } from "../model/evaluation.js";
import { defaultEnvironment } from "../classad/environment.js";

/** Options every match entry point takes. */
export interface MatchSettingsOptions {
  readonly environment?: Environment | undefined;
  readonly now?: number | undefined;
  readonly timeZone?: string | undefined;
}

/** A match's settings, fully resolved. */
export interface ResolvedMatchSettings {
  readonly now: number;
  readonly timeZone: string;
  readonly environment: Environment;
}

/**
 * Resolve a match's options: `now` defaults to the environment's clock (read once), the zone to
 * the environment's when an environment is given, else to UTC (the matchmaker's default before
 * environments existed, kept so results do not depend on the host).
 */
export function matchSettings(options: MatchSettingsOptions, fallback?: Environment): ResolvedMatchSettings {
  const environment = options.environment ?? fallback ?? defaultEnvironment;
  const given = options.environment !== undefined || fallback !== undefined;
  return {
    environment,
    now: options.now ?? environment.now(),
    timeZone: options.timeZone ?? (given ? environment.timeZone : "UTC"),
  };
}
