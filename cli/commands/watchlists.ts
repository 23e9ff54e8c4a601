import type { Command } from 'commander';
import { loadWatchlists, readWatchlistFiles } from '../../shared/config/load-config';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';
import { formatExplanation } from '../../shared/watchlists/format-explanation';
import { commandGroup } from '../command-group';
import { Output } from '../output';

/**
 * `newsalert watchlists validate`: every problem of every file, one `file:line[:column]:
 * field: message` line each on stderr.
 *
 * @returns the number of problems (the CLI exits 1 when it is not 0)
 */
export function validateCommand(
  fileOrDir: string,
  out = new Output(),
  err = new Output((line) => process.stderr.write(`${line}\n`)),
): number {
  const { files, entries, problems } = readWatchlistFiles(fileOrDir);
  for (const { file, watchlist: w } of entries) {
    const aliases = w.actors.reduce((n, a) => n + a.aliases.length, 0);
    const themes = Object.keys(w.themes ?? {}).length;
    const state = w.enabled === false ? ', disabled' : '';
    out.line(
      `ok: ${file}: ${w.id} (${w.actors.length} actors, ${aliases} aliases, ${themes} themes, ${(w.priority ?? []).length} priority rules${state})`,
    );
  }
  for (const p of problems) err.line(p);
  if (problems.length > 0) {
    const bad = files.filter((f) => problems.some((p) => p.startsWith(`${f}:`))).length;
    err.line(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${bad} of ${files.length} file${files.length === 1 ? '' : 's'}`,
    );
    return problems.length;
  }
  const stats = compileMatcher(entries.map((e) => e.watchlist)).stats;
  out.line(
    `${entries.length} watchlist${entries.length === 1 ? '' : 's'} valid; the enabled ones compile to ${stats.patterns} patterns, ${stats.states} automaton states`,
  );
  return 0;
}

/** Options of `newsalert watchlists test`. */
export interface TestOptions {
  /** The story: its first line is the title, the rest the summary (unless --title is given). */
  text: string;
  /** The title, making --text the summary. */
  title?: string;
  /** The explanations as JSON. @default false */
  json?: boolean;
}

/**
 * `newsalert watchlists test`: explains, part by part, why a text does or does not match
 * each watchlist in the file (disabled ones included, and marked).
 */
export function testCommand(file: string, options: TestOptions, out = new Output()): void {
  const matcher = compileMatcher(loadWatchlists(file), { includeDisabled: true });
  const story =
    options.title !== undefined
      ? { title: options.title, summary: options.text }
      : { title: options.text.split('\n')[0] ?? '', summary: options.text.split('\n').slice(1).join('\n') };
  const explanations = matcher.explain(story);
  if (options.json) {
    out.line(JSON.stringify(explanations, null, 2));
    return;
  }
  for (const e of explanations) for (const line of formatExplanation(e)) out.line(line);
}

/** Adds `watchlists validate` and `watchlists test` to the CLI. */
export function registerWatchlists(program: Command): void {
  const group = commandGroup(
    program,
    'watchlists',
    'watchlists: check, apply, inspect and roll back what runs',
  );
  group
    .command('validate')
    .argument('<file-or-dir>', 'a watchlist YAML file, or a folder of them')
    .description('check watchlists: every problem as file:line[:column]: field: message; exit 1 if any')
    .action((fileOrDir: string) => {
      if (validateCommand(fileOrDir) > 0) process.exitCode = 1;
    });
  group
    .command('test')
    .argument('<file>', 'a watchlist YAML file (or a folder of them)')
    .requiredOption('--text <text>', 'the story text: first line the title, the rest the summary')
    .option('--title <title>', 'the title, when --text is only the summary')
    .option('--json', 'print the explanations as JSON')
    .description(
      'explain why a text does or does not match: every part of the rule with what it found, priority, score, snippet',
    )
    .action((file: string, options: TestOptions) => testCommand(file, options));
}
