import { Command } from 'commander';
import { describeError } from '../shared/errors';
import { registerCluster } from './commands/cluster';
import { registerClusters } from './commands/clusters';
import { registerConsole } from './commands/console';
import { registerDemo } from './commands/demo';
import { registerDestinations } from './commands/destinations';
import { registerFeeds } from './commands/feeds';
import { registerFeedsOps } from './commands/feeds-ops';
import { registerMatch } from './commands/match';
import { registerMatches } from './commands/matches';
import { registerRun } from './commands/run';
import { registerSubscribers } from './commands/subscribers';
import { registerWatchlists } from './commands/watchlists';
import { registerWatchlistsOps } from './commands/watchlists-ops';

const program = new Command('newsalert')
  .description(
    'News alerts on the talks to end the war in Ukraine: poll feeds, match watchlists, store, alert.',
  )
  .version('0.1.0')
  .option('--verbose', 'print stack traces of errors')
  // Program options go before the command, so subcommands may have their own `--version N`.
  .enablePositionalOptions();

// One file per command (group) under commands/, each adding itself here.
registerRun(program);
registerDemo(program);
registerFeeds(program);
registerSubscribers(program);
registerDestinations(program);
registerWatchlistsOps(program);
registerFeedsOps(program);
registerMatches(program);
registerMatch(program);
registerCluster(program);
registerClusters(program);
registerWatchlists(program);
registerConsole(program);

// `newsalert match ... | head`: a closed pipe ends the output, it is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${describeError(err)}\n`);
  if (program.opts().verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
