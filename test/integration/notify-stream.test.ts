import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { ensureTable } from '../../shared/store/local-store';
import { createTableInput } from '../../shared/store/table-definition';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local';
import { seedMatch, seedStory } from '../support/story-fixture';
import { notifyEvent, StreamReader } from '../support/stream-reader';

// The real functions/notify.ts handler, its DynamoDB client pointed at DynamoDB Local through
// the SDK's standard endpoint variable, SNS answered by aws-sdk-client-mock, and the event
// read from the table's real stream.
const TABLE = 'newsalert-stream-test';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const sns = mockClient(SNSClient);
let ddb: DynamoDbLocal;
let reader: StreamReader;
let repository: DynamoRepository;
let lambdaHandler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
const handler = (event: DynamoDBStreamEvent) =>
  lambdaHandler(event, { functionName: 'notify', awsRequestId: 'req' } as Context);
const savedEnv = { ...process.env };

/** Every entry SNS accepted, by story id. */
let accepted: string[] = [];
/** Which entries SNS fails, by story id (it answers 200 with them in `Failed`). */
let failing: (storyId: string) => boolean = () => false;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  await ddb.client.send(new CreateTableCommand(createTableInput(TABLE, { stream: true })));
  await ensureTable(ddb.client, TABLE);
  reader = new StreamReader(ddb.client, TABLE, ddb.endpoint);
  repository = new DynamoRepository(ddb.client, TABLE);
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    TOPIC_ARN: TOPIC,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    // Every fixture match is the same story text, which clustering folds into one
    // development; these tests are about each match's ledger, so they alert one by one.
    CLUSTERING: 'off',
    // The handler's logs and metrics are tested elsewhere; here they would only be noise.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler: lambdaHandler } = await import('../../functions/notify'));
}, 90_000);

afterEach(() => jest.restoreAllMocks());

afterAll(async () => {
  process.env = savedEnv;
  reader?.close();
  await ddb?.stop();
});

beforeEach(() => {
  // The handler logs one JSON line per invocation; the assertions read its return value.
  jest.spyOn(console, 'log').mockImplementation(() => {});
  sns.reset();
  accepted = [];
  failing = () => false;
  sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => {
    const entries = input.PublishBatchRequestEntries ?? [];
    const storyOf = (id: string) => id.replace(/^\d+-/, '');
    const ok = entries.filter((e) => !failing(storyOf(e.Id!)));
    accepted.push(...ok.map((e) => storyOf(e.Id!)));
    return {
      Successful: ok.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      Failed: entries
        .filter((e) => failing(storyOf(e.Id!)))
        .map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false, Message: 'try again' })),
    };
  });
});

/** Stores stories and their matches as the poller does, and returns the notify event the stream yields. */
async function storeAndRead(prefix: string, count: number): Promise<DynamoDBStreamEvent> {
  for (let i = 0; i < count; i++) {
    const story = seedStory({
      id: `${prefix}${i}`,
      title: `Putin and Witkoff, ${prefix} ${i}`,
      link: `https://e.org/${prefix}/${i}`,
    });
    await repository.putStories([story]);
    await repository.putMatches([seedMatch({}, story)]);
  }
  return notifyEvent(await reader.next());
}

describe('notify function on the real table stream (DynamoDB Local)', () => {
  it('invoked twice on the same records (a redelivered batch), it publishes each alert once', async () => {
    const event = await storeAndRead('twice', 3);
    // The stream also carried the story inserts; the event source filter kept the matches.
    expect(event.Records).toHaveLength(3);
    await expect(handler(event)).resolves.toMatchObject({ published: 3, alreadySent: 0 });
    await expect(handler(event)).resolves.toMatchObject({ published: 0, alreadySent: 3 });
    expect(accepted.sort()).toEqual(['twice0', 'twice1', 'twice2']);
    // Marking sent is an update: nothing the notify filter lets through, so no new alerts.
    expect(notifyEvent(await reader.next()).Records).toEqual([]);
  });

  it('with SNS failing some entries, the retried batch ends with every alert published exactly once', async () => {
    const event = await storeAndRead('flaky', 12);
    expect(event.Records).toHaveLength(12);
    // flaky3 fails once (the publisher's own retry gets it through); flaky7 fails for the
    // whole first invocation, so the handler throws and Lambda retries the batch.
    const failedOnce = new Set<string>();
    failing = (id) =>
      id === 'flaky7' || (id === 'flaky3' && !failedOnce.has(id) && failedOnce.add(id) !== undefined);
    await expect(handler(event)).rejects.toThrow(
      /^1 of 12 alerts not published \(the batch is retried; those sent are not sent again\): .*flaky7:ukraine-peace-talks: InternalError/,
    );
    failing = () => false;
    await expect(handler(event)).resolves.toMatchObject({ published: 1, alreadySent: 11 });
    expect(accepted.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `flaky${i}`).sort());
    const calls = sns
      .commandCalls(PublishBatchCommand)
      .map((c) => c.args[0].input.PublishBatchRequestEntries!.length);
    // 12 alerts: batches of 10 and 2; then the retries of single entries.
    expect(calls.slice(0, 2)).toEqual([10, 2]);
  });
});
