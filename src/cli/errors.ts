/**
 * The two errors a subcommand reports to the user and exits 2 for. Kept apart from the modules
 * that throw them, so that loading a subcommand does not load every reader.
 */

/** Bad usage: an unknown option, a missing or malformed value, wrong positionals. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Bad input the user can fix: a missing file, no ad in it, a failing condor_status. */
export class InputError extends Error {
  readonly code = "BAD_INPUT";
  override readonly name = "InputError";
}
