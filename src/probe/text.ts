/**
 * Texts for the probe's messages: command lines quoted for reading, and why a run failed.
 */

/** A command line for messages: arguments with blanks or quotes are single-quoted. */
export function commandLine(cmd: string, args: readonly string[]): string {
  const quote = (arg: string): string => (arg === "" || /[\s'"\\$`]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg);
  return [cmd, ...args].map(quote).join(" ");
}

/** A short human description of why a run did not succeed. */
export function runFailure(result: { code: number | null; stderr: string; timedOut: boolean; error?: string }): string {
  if (result.timedOut) return "timed out";
  if (result.error === "ENOENT") return "not found";
  if (result.error) return result.error;
  const lastLine = result.stderr.trim().split("\n").pop()?.trim();
  return `exit ${result.code}${lastLine ? `: ${lastLine}` : ""}`;
}
