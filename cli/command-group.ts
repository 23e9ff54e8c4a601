import type { Command } from 'commander';

/**
 * The command group `name` of `program` (e.g. `watchlists`), created if no file has added
 * it yet. Several files add subcommands to one group (watchlists-ops.ts and watchlists.ts),
 * and whichever registers first creates it.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}
