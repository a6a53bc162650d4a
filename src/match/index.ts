/**
 * Matchmaking: HTCondor's symmetric and one-way match, Rank, negotiator ordering, and a fast path
 * for whole pools. See docs/matchmaking.md.
 */
export { matchPool, orderMatches, MatchResult, Pool } from "./pool.js";
export type { Match, MatchOptions, MatchStats, PoolOptions, PrepareOptions } from "./pool.js";
export { matchAds, type PairMatch, type PairOptions } from "./pair.js";
export {
  isMatchTrue,
  rankNumber,
  rankOf,
  requirementsHold,
  type MatchClock,
  type MatchSettings,
} from "./slow-path.js";
