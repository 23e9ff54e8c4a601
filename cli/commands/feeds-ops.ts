import type { Command } from 'commander';
import { addFeed, removeFeed } from '../../shared/config/feed-edits';
import { ConfigError } from '../../shared/errors';
import type { FeedConfig } from '../../shared/feeds/feed-config';
import { redactText, redactUrl } from '../../shared/redact';
import { commandGroup } from '../command-group';
import { Output } from '../output';
import { formatTable, printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type TargetOptions } from '../target';
import { printHistory, type JsonOption } from './watchlists-ops';

/** `feeds add <id> <url> [--name N] [--lang L]`. */
export async function addFeedCommand(
  id: string,
  url: string,
  options: TargetOptions & { name?: string; lang?: string },
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const { written } = await addFeed(
      target.config,
      { id, url, name: options.name, lang: options.lang },
      await target.who(),
      undefined,
      // The local poller (`newsalert run`) fetches loopback feeds; the stack's never does.
      { allowLoopback: !options.stack },
    );
    if (!written) return out.line(`feed ${id}: already there with the same settings; nothing written`);
    out.line(
      `feed ${id}: added as version ${written.version} (${redactUrl(url)}); polled from the next cycle`,
    );
  });
}

/** `feeds remove <id>`. */
export async function removeFeedCommand(
  id: string,
  options: TargetOptions,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const { written } = await removeFeed(target.config, id, await target.who());
    out.line(
      `feed ${id}: removed as version ${written?.version}; no longer polled from the next cycle (its stories stay)`,
    );
  });
}

/** `feeds list [--json]`: the feeds that run. */
export async function listFeedsCommand(
  options: TargetOptions & JsonOption,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const heads = (await target.config.listHeads('feed')).filter((e) => !e.removed);
    const rows = heads.map((e) => ({
      ...(e.body as FeedConfig),
      // Stored as given; shown without its secrets.
      url: redactUrl(String(e.body.url)),
      id: e.id,
      version: e.version,
      updatedAt: e.when,
      updatedBy: e.who,
    }));
    if (options.json) return printJson(rows);
    if (rows.length === 0)
      return out.line(
        `no feeds in ${target.label}: \`newsalert run\` seeds them from config/, or \`newsalert feeds add ID URL\``,
      );
    for (const line of formatTable([
      ['ID', 'VERSION', 'URL', 'NAME'],
      ...rows.map((r) => [r.id, String(r.version), r.url, r.name ?? '']),
    ]))
      out.line(line);
  });
}

type FeedStatusRow = {
  id: string;
  url: string;
  status: string;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorCount: number;
  nextCheckAt: string | null;
  storiesSeen: number;
  note?: string;
};

/** `feeds status [--json]`: how each feed's polling goes. */
export async function feedStatusCommand(
  options: TargetOptions & JsonOption,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const { repository } = target;
    const heads = (await target.config.listHeads('feed')).filter((e) => !e.removed);
    const rows = await Promise.all(
      heads.map(async (e) => {
        const state = (await repository.getFeedState(e.id)) as
          (Record<string, unknown> & { errorCount?: number; storiesSeen?: number }) | undefined;
        return {
          id: e.id,
          url: redactUrl(String(e.body.url)),
          status: (state?.status as string | undefined) ?? 'never polled',
          lastCheckedAt: (state?.lastCheckedAt as string | undefined) ?? null,
          lastSuccessAt: (state?.lastSuccessAt as string | undefined) ?? null,
          lastError: state?.lastError === undefined ? null : redactText(String(state.lastError)),
          errorCount: state?.errorCount ?? 0,
          // Set by schedulers that poll each feed at its own pace; without one, every cycle polls every feed.
          nextCheckAt: (state?.nextCheckAt as string | undefined) ?? null,
          storiesSeen: state?.storiesSeen ?? 0,
          // What the last poll could not read in full (a body over the item cap): only when there is one.
          ...(state?.note ? { note: state.note as string } : {}),
        } as FeedStatusRow;
      }),
    );
    if (options.json) return printJson(rows);
    if (rows.length === 0) return out.line(`no feeds in ${target.label}`);
    for (const line of formatTable([
      ['ID', 'STATUS', 'LAST SUCCESS', 'ERRORS', 'NEXT CHECK', 'STORIES', 'LAST ERROR'],
      ...rows.map((r) => [
        r.id,
        r.status,
        r.lastSuccessAt ? shortTime(r.lastSuccessAt) : '-',
        String(r.errorCount),
        r.nextCheckAt ? shortTime(r.nextCheckAt) : 'next cycle',
        String(r.storiesSeen),
        r.lastError ?? (r.note ? `note: ${r.note}` : ''),
      ]),
    ]))
      out.line(line);
  });
}

/** `feeds history <id> [--json]`. */
export async function feedHistoryCommand(
  id: string,
  options: TargetOptions & JsonOption,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const history = await target.config.history('feed', id);
    if (history.length === 0)
      throw new ConfigError(
        `feed ${id}: not found in table ${target.tableName} (\`newsalert feeds list\` shows the ids)`,
      );
    printHistory(history, options, out);
  });
}

/** Adds the run-time feed commands to the `feeds` group. */
export function registerFeedsOps(program: Command): void {
  const group = commandGroup(program, 'feeds', 'feeds: add, remove, list and check what is polled');
  addTargetOptions(
    group
      .command('add <id> <url>')
      .description('poll a new feed from the next cycle')
      .option('--name <name>', 'display name (default: the id)')
      .option('--lang <lang>', 'language of the feed (BCP 47), when the feed does not say'),
  ).action((id: string, url: string, options) => addFeedCommand(id, url, options));
  addTargetOptions(
    group.command('remove <id>').description('stop polling a feed (its history and stories stay)'),
  ).action((id: string, options) => removeFeedCommand(id, options));
  addTargetOptions(
    group.command('list').description('the feeds that are polled').option('--json', 'print JSON'),
  ).action((options) => listFeedsCommand(options));
  addTargetOptions(
    group
      .command('status')
      .description('per feed: last success, last error, error count, next check, stories seen')
      .option('--json', 'print JSON'),
  ).action((options) => feedStatusCommand(options));
  addTargetOptions(
    group
      .command('history <id>')
      .description('every version of a feed: when, who, what changed')
      .option('--json', 'print JSON'),
  ).action((id: string, options) => feedHistoryCommand(id, options));
}
