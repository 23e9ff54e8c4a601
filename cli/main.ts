import { Command } from 'commander';
import { describeError } from '../shared/errors';
import { demoCommand } from './commands/demo';
import { runCommand } from './commands/run';
import { DEFAULT_CONFIG_DIR } from './paths';

const program = new Command('newsalert')
  .description('News alerts on the talks to end the war in Ukraine: poll feeds, match watchlists, store, alert.')
  .version('0.1.0')
  .option('--verbose', 'print stack traces of errors');

program
  .command('run')
  .description('run the pipeline locally: poll the configured feeds every N minutes on an embedded store')
  .option('--once', 'run one cycle, then exit')
  .option('--config <dir>', 'folder with feeds.yaml and watchlists/*.yaml', DEFAULT_CONFIG_DIR)
  .option('--data <dir>', 'local store folder (dynalite data and outbox.jsonl)', '.newsalert')
  .option('--interval <minutes>', 'minutes between cycles', '5')
  .action((options) => runCommand(options));

program
  .command('demo')
  .description('offline demo: sample feeds from a local server, two cycles on a temporary store')
  .option('--config <dir>', 'folder whose watchlists/ are used', DEFAULT_CONFIG_DIR)
  .option('--keep', 'keep the temporary data folder and its outbox.jsonl')
  .action((options) => demoCommand(options));

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${describeError(err)}\n`);
  if (program.opts().verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
