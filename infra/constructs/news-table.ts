import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { KEY_SCHEMA } from '../../shared/store/key-schema';

/** Options of {@link NewsTable}. */
export interface NewsTableProps {
  /**
   * What happens to the table (and its data) when the stack is deleted or the table is
   * replaced. Keep RETAIN for anything holding real matches.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table of the pipeline, built from the shared key schema so that it cannot
 * drift from the local store: on-demand billing (polling traffic is bursty and small),
 * point-in-time recovery, encryption at rest, TTL for old stories, and a stream of new images that feeds
 * the notifier (a stored match is what triggers its alert).
 */
export class NewsTable extends Construct {
  /** The table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: NewsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: KEY_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: KEY_SCHEMA.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Encrypted under the AWS managed key aws/dynamodb rather than the invisible AWS owned
      // key: its use shows in CloudTrail, which an audit asks for; it has no monthly fee.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: KEY_SCHEMA.ttlAttribute,
      // NEW_IMAGE: the notifier needs the stored match, never the previous version.
      stream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Matches by watchlist, and the sparse index of unsent alerts (see the key schema).
    for (const index of [KEY_SCHEMA.byWatchlistIndex, KEY_SCHEMA.pendingIndex]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
