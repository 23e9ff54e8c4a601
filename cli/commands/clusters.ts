import type { Command } from 'commander';
import { ConfigError } from '../../shared/errors';
import type { StoredCluster } from '../../shared/stories/cluster-store';
import { commandGroup } from '../command-group';
import { Output } from '../output';
import { parseSince } from '../since';
import { formatTable, printJson, shortTime } from '../table';
import { addTargetOptions, withTarget, type TargetOptions } from '../target';
import type { JsonOption } from './watchlists-ops';

/** Options of `clusters list`. */
export interface ClustersListOptions extends TargetOptions, JsonOption {
  /** Only this watchlist's developments. @default every watchlist */
  watchlist?: string;
  /** Opened since: a duration or an ISO date. @default "24h" */
  since: string;
}

/** A cluster as `clusters list --json` and `clusters show --json` print it. */
function clusterJson(c: StoredCluster) {
  return {
    clusterId: c.id,
    watchlistId: c.watchlistId,
    openedAt: c.openedAt,
    lastAt: c.lastAt,
    priority: c.priority,
    reports: c.storyIds.length,
    alertedBy: c.openedBy,
    updatedBy: c.raisedBy,
    sources: [...c.sources].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** `clusters list [--watchlist ID] [--since 24h] [--json]`: developments, newest first. */
export async function listClustersCommand(options: ClustersListOptions, out = new Output()): Promise<void> {
  const since = parseSince(options.since);
  await withTarget(options, async (target) => {
    const store = target.clusters;
    const ids = options.watchlist
      ? [options.watchlist]
      : (await target.config.listHeads('watchlist')).map((e) => e.id);
    const clusters = (await Promise.all(ids.map((id) => store.listClusters(id, since.toISOString()))))
      .flat()
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    if (options.json) return printJson(clusters.map(clusterJson));
    if (clusters.length === 0)
      return out.line(`no clusters opened since ${since.toISOString()} in ${target.label}`);
    for (const line of formatTable([
      ['OPENED', 'CLUSTER', 'WATCHLIST', 'REPORTS', 'PRIORITY', 'TITLE'],
      ...clusters.map((c) => [
        shortTime(c.openedAt),
        c.id,
        c.watchlistId,
        String(c.storyIds.length),
        c.priority,
        c.sources[0]?.title ?? '',
      ]),
    ]))
      out.line(line);
  });
}

/** `clusters show <id> [--json]`: a development's reports in time order, and which alerted. */
export async function showClusterCommand(
  id: string,
  options: TargetOptions & JsonOption,
  out = new Output(),
): Promise<void> {
  await withTarget(options, async (target) => {
    const cluster = await target.clusters.getCluster(id);
    if (!cluster)
      throw new ConfigError(`cluster ${id}: not found in ${target.label} (see \`newsalert clusters list\`)`);
    if (options.json) return printJson(clusterJson(cluster));
    out.line(
      `${cluster.id}  ${cluster.watchlistId}  priority ${cluster.priority}  ${cluster.storyIds.length} reports`,
    );
    for (const s of [...cluster.sources].sort((a, b) => a.at.localeCompare(b.at))) {
      const role =
        s.storyId === cluster.openedBy
          ? 'alerted'
          : cluster.raisedBy.includes(s.storyId)
            ? 'update'
            : 'folded';
      out.line(
        `  ${shortTime(s.at)}  ${role.padEnd(7)}  ${s.feedId}${s.lang ? ` (${s.lang})` : ''}  ${s.title}  ${s.link}`,
      );
    }
    const unlisted = cluster.storyIds.length - cluster.sources.length;
    if (unlisted > 0) out.line(`  ... and ${unlisted} more reports`);
  });
}

/** Adds `clusters list` and `clusters show` to the CLI. */
export function registerClusters(program: Command): void {
  const group = commandGroup(program, 'clusters', 'developments: the reports that made one alert');
  addTargetOptions(
    group
      .command('list')
      .description('developments (clusters of reports), newest first')
      .option('--watchlist <id>', 'only this watchlist')
      .option('--since <when>', 'opened since: a duration (24h, 7d) or an ISO date', '24h')
      .option('--json', 'print JSON'),
  ).action((options: ClustersListOptions) => listClustersCommand(options));
  addTargetOptions(
    group
      .command('show <id>')
      .description("a development's reports in time order, and which one alerted")
      .option('--json', 'print JSON'),
  ).action((id: string, options: TargetOptions & JsonOption) => showClusterCommand(id, options));
}
