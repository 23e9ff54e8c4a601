import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClusterStore } from '../stories/cluster-store';
import { ConfigRepository } from '../store/config-repository';
import { DynamoClusterStore } from '../store/dynamo-cluster-store';
import { DynamoRepository } from '../store/dynamo-repository';
import { FeedTokens } from './feed-tokens';

/** The repositories the console reads and writes: the CLI's, and the Atom feed tokens. */
export interface ConsoleStores {
  /** Stories, matches and feed states. */
  repository: DynamoRepository;
  /** The versioned watchlists and feeds. */
  config: ConfigRepository;
  /** The developments (clusters) the Matches page and the Atom feeds list. */
  clusters: ClusterStore;
  tokens: FeedTokens;
}

/** The console's repositories on one table (the Lambda's, the local store's beside `run`). */
export function consoleStores(client: DynamoDBClient, tableName: string): ConsoleStores {
  return {
    repository: new DynamoRepository(client, tableName),
    config: new ConfigRepository(client, tableName),
    clusters: new DynamoClusterStore(client, tableName),
    tokens: new FeedTokens(client, tableName),
  };
}
