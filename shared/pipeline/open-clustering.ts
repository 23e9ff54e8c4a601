import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigError } from '../errors';
import { DEFAULT_CLUSTER_SETTINGS, type ClusterSettings } from '../stories/cluster-settings';
import { entityExtractor, type EntityExtractor } from '../stories/entity-extractor';
import { CLUSTER_KEEP_MARGIN_DAYS, DynamoClusterStore } from '../store/dynamo-cluster-store';
import type { Watchlist } from '../watchlists/watchlist';
import type { ClusteringDeps } from './cluster-matches';

/** The environment variables the clustering stage reads (the same in AWS and locally). */
export const CLUSTERING_ENV = {
  /** `off` turns clustering off: every match alerts on its own. @default on */
  enabled: 'CLUSTERING',
  /** Hours a development takes new reports. @default 48 */
  windowHours: 'CLUSTER_WINDOW_HOURS',
} as const;

/**
 * The clustering stage on the table, or undefined when `CLUSTERING=off`. The actor registry
 * is rebuilt only when the running watchlists' actors change. Cluster items expire
 * {@link CLUSTER_KEEP_MARGIN_DAYS} days after their window closed.
 * @param watchlists the watchlists that run (read through the cached running configuration)
 */
export function openClustering(
  client: DynamoDBClient,
  tableName: string,
  env: Record<string, string | undefined>,
  watchlists: () => Promise<readonly Pick<Watchlist, 'actors'>[]>,
  owner = 'worker',
): ClusteringDeps | undefined {
  const enabled = env[CLUSTERING_ENV.enabled]?.trim().toLowerCase();
  if (enabled === 'off' || enabled === 'false') return undefined;
  if (enabled && enabled !== 'on' && enabled !== 'true')
    throw new ConfigError(`${CLUSTERING_ENV.enabled}=${enabled}: give on or off`);
  const settings: Partial<ClusterSettings> = {};
  const window = env[CLUSTERING_ENV.windowHours]?.trim();
  if (window) {
    const hours = Number(window);
    if (!Number.isFinite(hours) || hours < 1 || hours > 24 * 14)
      throw new ConfigError(
        `${CLUSTERING_ENV.windowHours}=${window}: give hours from 1 to 336 (default ${DEFAULT_CLUSTER_SETTINGS.windowHours})`,
      );
    settings.windowHours = hours;
  }
  let cached: { key: string; extractor: EntityExtractor } | undefined;
  return {
    store: new DynamoClusterStore(client, tableName, {
      keepHours:
        (settings.windowHours ?? DEFAULT_CLUSTER_SETTINGS.windowHours) + CLUSTER_KEEP_MARGIN_DAYS * 24,
    }),
    settings,
    owner,
    entities: async () => {
      const lists = await watchlists();
      const key = JSON.stringify(lists.map((w) => w.actors ?? []));
      if (cached?.key !== key) cached = { key, extractor: entityExtractor(lists) };
      return cached.extractor;
    },
  };
}
