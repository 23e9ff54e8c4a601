import { Option, type Command } from 'commander';
import { applyWatchlistFiles } from '../../shared/config/apply-watchlists';
import { isEnabled } from '../../shared/config/watchlist-enabled';
import { loadWatchlistSources } from '../../shared/config/watchlist-sources';
import {
  requireWatchlist,
  rollbackWatchlist,
  setWatchlistEnabled,
  sourceOf,
} from '../../shared/config/watchlist-edits';
import { WatchlistError } from '../../shared/errors';
import { backtestWatchlists, type BacktestHit } from '../../shared/pipeline/backtest-watchlists';
import { redactText } from '../../shared/redact';
import type { ConfigEntry } from '../../shared/store/config-repository';
import type { Watchlist } from '../../shared/watchlists/watchlist';
import { commandGroup } from '../command-group';
import { Output } from '../output';
import { parseSince } from '../since';
import { formatTable, printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type Target, type TargetOptions } from '../target';
import { registerWatchlistsSuggest } from './watchlists-suggest';

/** Options shared by the listing commands. */
export interface JsonOption {
  /** Print JSON instead of text. @default false */
  json?: boolean;
}

/** When the running functions see a change, said after each write. */
function takesEffect(target: Target): string {
  return target.topicArn
    ? 'the functions use it within 60 s'
    : 'a running `newsalert run` uses it from its next cycle (within 60 s)';
}

/** `watchlists apply <file-or-dir> [--dry-run]`: validate, show the diff, write new versions. */
export async function applyCommand(
  path: string,
  options: TargetOptions & { dryRun?: boolean },
  out = new Output(),
): Promise<void> {
  // Validated before the store opens: a broken file stops everything before any write.
  loadWatchlistSources(path);
  await withTarget(options, async (target) => {
    const { plan, written } = await applyWatchlistFiles(target.config, path, () => target.who(), {
      dryRun: options.dryRun,
    });
    out.line(`watchlists in ${path} against ${target.label}:`);
    for (const p of plan) {
      if (p.status === 'unchanged') out.line(`  = ${p.id}: unchanged (version ${p.fromVersion})`);
      else if (p.status === 'new') out.line(`  + ${p.id}: new, becomes version 1`);
      else out.line(`  ~ ${p.id}: version ${p.fromVersion} -> ${(p.fromVersion ?? 0) + 1}`);
      if (p.status === 'changed') for (const change of p.changes) out.line(`      ${change}`);
    }
    const pending = plan.filter((p) => p.status !== 'unchanged').length;
    if (options.dryRun) out.line(`dry run: nothing written (${pending} to apply)`);
    else if (written.length === 0) out.line('nothing to apply');
    else
      out.line(`applied ${written.map((e) => `${e.id} v${e.version}`).join(', ')}; ${takesEffect(target)}`);
  });
}

/** `watchlists list [--json]`. */
export async function listCommand(options: TargetOptions & JsonOption, out = new Output()): Promise<void> {
  await withTarget(options, async (target) => {
    const heads = (await target.config.listHeads('watchlist')).filter((e) => !e.removed);
    const rows = heads.map((e) => ({
      id: e.id,
      name: String(e.body.name ?? ''),
      version: e.version,
      enabled: isEnabled(e.body),
      updatedAt: e.when,
      updatedBy: e.who,
      action: e.action,
    }));
    if (options.json) return printJson(rows);
    if (rows.length === 0)
      return out.line(
        `no watchlists in ${target.label}: \`newsalert run\` seeds them from config/, or \`newsalert watchlists apply DIR\``,
      );
    for (const line of formatTable([
      ['ID', 'VERSION', 'ENABLED', 'UPDATED', 'BY', 'NAME'],
      ...rows.map((r) => [
        r.id,
        String(r.version),
        r.enabled ? 'yes' : 'no',
        shortTime(r.updatedAt),
        r.updatedBy,
        r.name,
      ]),
    ]))
      out.line(line);
  });
}

/** `watchlists show <id> [--version N] [--json]`: the YAML of what runs (or of version N). */
export async function showCommand(
  id: string,
  options: TargetOptions & JsonOption & { version?: string },
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const current = await requireWatchlist(target.config, id);
    const version = options.version === undefined ? current.version : Number(options.version);
    const entry =
      version === current.version ? current : await target.config.getVersion('watchlist', id, version);
    if (!entry)
      throw new WatchlistError(
        `watchlist ${id}: no version ${options.version} (it has versions 1 to ${current.version})`,
      );
    if (options.json)
      return printJson({
        ...historyRow(entry),
        enabled: isEnabled(entry.body),
        watchlist: entry.body,
        source: sourceOf(entry),
      });
    const state = isEnabled(entry.body) ? 'enabled' : 'disabled';
    out.line(
      `# ${id} version ${entry.version} of ${current.version}${entry === current ? ' (runs)' : ''}, ${state}; ${entry.action} ${shortTime(entry.when)} by ${entry.who}`,
    );
    out.line(sourceOf(entry).trimEnd());
  });
}

function historyRow(e: ConfigEntry) {
  // A feed's changes name its URL, which may carry a token.
  const changes = e.changes.map(redactText);
  return { id: e.id, version: e.version, when: e.when, who: e.who, action: e.action, changes };
}

/** Prints the versions of a config entry (watchlists and feeds share it). */
export function printHistory(entries: ConfigEntry[], options: JsonOption, out: Output): void {
  if (options.json) return printJson(entries.map(historyRow));
  for (const line of formatTable([
    ['VERSION', 'WHEN', 'WHO', 'WHAT'],
    ...entries.map((e) => [
      `v${e.version}`,
      shortTime(e.when),
      e.who,
      redactText(`${e.action}: ${e.changes.join('; ')}`),
    ]),
  ]))
    out.line(line);
}

/** `watchlists history <id> [--json]`. */
export async function historyCommand(
  id: string,
  options: TargetOptions & JsonOption,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    await requireWatchlist(target.config, id);
    printHistory(await target.config.history('watchlist', id), options, out);
  });
}

/** `watchlists rollback <id> --to N`. */
export async function rollbackCommand(
  id: string,
  options: TargetOptions & { to: string },
  out = new Output(),
): Promise<void> {
  const to = Number(options.to);
  if (!Number.isInteger(to) || to < 1)
    throw new WatchlistError(
      `--to ${options.to}: give a version number (see \`newsalert watchlists history ${id}\`)`,
    );
  await withTarget(options, async (target) => {
    const { written } = await rollbackWatchlist(target.config, id, to, await target.who());
    if (!written) return out.line(`${id}: already the same as version ${to}; nothing written`);
    out.line(`${id}: rolled back to version ${to} as version ${written.version}; ${takesEffect(target)}`);
    for (const change of written.changes.slice(1)) out.line(`      ${change}`);
  });
}

/** `watchlists enable|disable <id>`. */
export async function setEnabledCommand(
  id: string,
  enabled: boolean,
  options: TargetOptions,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const word = enabled ? 'enabled' : 'disabled';
    const { written } = await setWatchlistEnabled(target.config, id, enabled, await target.who());
    if (!written) return out.line(`${id}: already ${word}; nothing written`);
    out.line(`${id}: ${word} as version ${written.version}; ${takesEffect(target)}`);
  });
}

/** `watchlists backtest <file> [--since 7d] [--json]`: edited vs running over stored stories. */
export async function backtestCommand(
  path: string,
  options: TargetOptions & JsonOption & { since: string },
  out = new Output(),
): Promise<void> {
  const since = parseSince(options.since);
  const edited = loadWatchlistSources(path).map((s) => s.watchlist);
  await withTarget(options, async (target) => {
    const running = new Map<string, Watchlist>();
    const versions = new Map<string, number>();
    for (const w of edited) {
      const entry = await target.config.latest('watchlist', w.id);
      if (entry && !entry.removed) {
        running.set(w.id, entry.body as Watchlist);
        versions.set(w.id, entry.version);
      }
    }
    const stories = await target.repository.scanStoriesSince(since);
    const results = backtestWatchlists(edited, running, stories);
    if (options.json) {
      return printJson(
        results.map((r) => ({
          ...r,
          since: since.toISOString(),
          runningVersion: versions.get(r.watchlistId) ?? null,
          newlyMatching: r.newlyMatching.map(hitJson),
          stopMatching: r.stopMatching.map(hitJson),
        })),
      );
    }
    out.line(
      `backtest of ${path} on ${target.label}: ${stories.length} stories since ${since.toISOString()}`,
    );
    for (const r of results) {
      const against = versions.has(r.watchlistId)
        ? `running version ${versions.get(r.watchlistId)}`
        : 'nothing (new watchlist)';
      out.line(`${r.watchlistId} (edited vs ${against}):`);
      out.line(`  would newly match: ${r.newlyMatching.length}`);
      for (const h of r.newlyMatching) out.line(`    ${hitLine(h)}`);
      out.line(`  would stop matching: ${r.stopMatching.length}`);
      for (const h of r.stopMatching) out.line(`    ${hitLine(h)}`);
      out.line(`  still matching: ${r.stillMatching}`);
    }
    out.line('nothing applied (`newsalert watchlists apply` does)');
  });
}

function hitJson({ story, hit }: BacktestHit) {
  return {
    storyId: story.id,
    feedId: story.feedId,
    title: story.title,
    link: story.link,
    fetchedAt: story.fetchedAt,
    actors: hit.actors,
    terms: hit.terms,
  };
}

function hitLine({ story, hit }: BacktestHit): string {
  return `${story.fetchedAt.slice(0, 16).replace('T', ' ')}  ${story.feedId}  ${story.title}  [${hit.actors.join(', ')}; ${hit.terms.join(', ')}]`;
}

/** Adds the run-time watchlist commands to the `watchlists` group. */
export function registerWatchlistsOps(program: Command): void {
  const group = commandGroup(
    program,
    'watchlists',
    'watchlists: check, apply, inspect and roll back what runs',
  );
  addTargetOptions(
    group
      .command('apply <file-or-dir>')
      .description('validate watchlist files, show the diff against what runs, write new versions')
      .option('--dry-run', 'show the diff only; write nothing'),
  ).action((path: string, options) => applyCommand(path, options));
  addTargetOptions(
    group
      .command('list')
      .description('the watchlists that run, with version and state')
      .option('--json', 'print JSON'),
  ).action((options) => listCommand(options));
  addTargetOptions(
    group
      .command('show <id>')
      .description('the YAML of a watchlist as it runs (or of an older version)')
      .option('--version <n>', 'an older version')
      .option('--json', 'print JSON'),
  ).action((id: string, options) => showCommand(id, options));
  addTargetOptions(
    group
      .command('history <id>')
      .description('every version: when, who, what changed')
      .option('--json', 'print JSON'),
  ).action((id: string, options) => historyCommand(id, options));
  addTargetOptions(
    group
      .command('rollback <id>')
      .description('make the content of an older version run again (as a new version)')
      .addOption(new Option('--to <n>', 'the version to go back to').makeOptionMandatory()),
  ).action((id: string, options) => rollbackCommand(id, options));
  addTargetOptions(group.command('enable <id>').description('make a disabled watchlist match again')).action(
    (id: string, options) => setEnabledCommand(id, true, options),
  );
  addTargetOptions(
    group.command('disable <id>').description('stop a watchlist matching, keeping it and its history'),
  ).action((id: string, options) => setEnabledCommand(id, false, options));
  addTargetOptions(
    group
      .command('backtest <file>')
      .description(
        'run edited watchlists over the stored stories without applying them: what would newly match, what would stop',
      )
      .option('--since <when>', 'stories fetched since: a duration (24h, 7d) or an ISO date', '7d')
      .option('--json', 'print JSON'),
  ).action((path: string, options) => backtestCommand(path, options));
  registerWatchlistsSuggest(group);
}
