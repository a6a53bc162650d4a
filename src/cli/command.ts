/**
 * A subcommand as one declaration: its options (parsed by ./args.ts), its help text, and the
 * code that runs once the arguments are good. Help, `--version`, usage errors and input errors
 * are handled here, the same way for every subcommand:
 * - `--help`: the help on stdout, exit 0; `--version`: `classad VERSION` on stdout, exit 0;
 * - bad usage: the message on stderr with a pointer to `--help`, exit 2;
 * - bad input (a missing file, no ad in it): the message on stderr, exit 2.
 */
import { parseCommand, type CommandSpec, type OptionSpecs, type ParsedCommand } from "./args.js";
import { InputError, UsageError } from "./errors.js";
import type { CliIO, Command } from "./io.js";
import { VERSION } from "./version.js";

export interface CommandDefinition<O extends OptionSpecs> extends CommandSpec<O> {
  readonly help: string;
  run(args: ParsedCommand<O>, io: CliIO): Promise<number>;
}

export function defineCommand<const O extends OptionSpecs>(definition: CommandDefinition<O>): Command {
  return async (argv, io) => {
    try {
      const parsed = parseCommand(argv, definition);
      if (parsed.kind === "help") {
        io.write(definition.help);
        return 0;
      }
      if (parsed.kind === "version") {
        io.write(`classad ${VERSION}\n`);
        return 0;
      }
      return await definition.run(parsed, io);
    } catch (error) {
      if (error instanceof UsageError) {
        io.error(`classad ${definition.name}: ${error.message}\nRun 'classad ${definition.name} --help' for the options.\n`);
        return 2;
      }
      if (error instanceof InputError) {
        io.error(`classad ${definition.name}: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  };
}


