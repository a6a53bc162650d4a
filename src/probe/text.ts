/**
 * Texts for the probe's messages: command lines quoted for reading.
 */

/** A command line for messages: arguments with blanks or quotes are single-quoted. */
export function commandLine(cmd: string, args: readonly string[]): string {
  const quote = (arg: string): string => (arg === "" || /[\s'"\\$`]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg);
  return [cmd, ...args].map(quote).join(" ");
}
