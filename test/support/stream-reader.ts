import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { KEY_SCHEMA, MATCH_SK_PREFIX } from '../../shared/store/key-schema';

/** Reads a table's stream from its start, each call returning the records written since the last one. */
export class StreamReader {
  private readonly streams: DynamoDBStreamsClient;
  private iterators = new Map<string, string | undefined>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    endpoint: string,
  ) {
    this.streams = new DynamoDBStreamsClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  async next(): Promise<_Record[]> {
    const table = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
    const streamArn = table.Table!.LatestStreamArn!;
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: _Record[] = [];
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      let iterator = this.iterators.get(shard.ShardId!);
      if (!this.iterators.has(shard.ShardId!)) {
        const out = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterator = out.ShardIterator;
      }
      while (iterator) {
        const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(out.Records ?? []));
        iterator = out.NextShardIterator;
        this.iterators.set(shard.ShardId!, iterator);
        if ((out.Records ?? []).length === 0) break;
      }
    }
    return records;
  }

  close(): void {
    this.streams.destroy();
  }
}

/**
 * The notify function's event for these records, through the same filter as its event
 * source mapping in the stack: INSERTs of items whose sort key starts with MATCH#.
 */
export function notifyEvent(records: _Record[]): DynamoDBStreamEvent {
  const wanted = records.filter(
    (r) =>
      r.eventName === 'INSERT' &&
      (r.dynamodb?.Keys?.[KEY_SCHEMA.sortKey]?.S ?? '').startsWith(MATCH_SK_PREFIX),
  );
  return {
    Records: wanted.map(
      (r) =>
        ({
          eventID: r.eventID,
          eventName: r.eventName,
          eventSource: 'aws:dynamodb',
          dynamodb: r.dynamodb,
        }) as DynamoDBRecord,
    ),
  };
}
