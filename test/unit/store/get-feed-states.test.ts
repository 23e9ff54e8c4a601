import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StoreError } from '../../../shared/errors';
import { DynamoRepository } from '../../../shared/store/dynamo-repository';

// Throttling cannot be provoked on dynalite; these pin the retry of UnprocessedKeys.
const doc = mockClient(DynamoDBDocumentClient);
const repository = () => new DynamoRepository(new DynamoDBClient({ region: 'eu-west-1' }), 'news');
const state = (feedId: string) => ({
  pk: `FEED#${feedId}`,
  sk: 'STATE',
  type: 'feed-state',
  feedId,
  errorCount: 0,
  status: 'ok',
  storiesSeen: 0,
});

beforeEach(() => doc.reset());

describe('DynamoRepository.getFeedStates when DynamoDB leaves keys unprocessed', () => {
  test('asks again for exactly the unprocessed keys', async () => {
    doc
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { news: [state('a')] },
        UnprocessedKeys: { news: { Keys: [{ pk: 'FEED#b', sk: 'STATE' }] } },
      })
      .resolves({ Responses: { news: [state('b')] } });
    const states = await repository().getFeedStates(['a', 'b']);
    expect([...states.keys()].sort()).toEqual(['a', 'b']);
    const requests = doc.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.news!.Keys);
    expect(requests).toEqual([
      [
        { pk: 'FEED#a', sk: 'STATE' },
        { pk: 'FEED#b', sk: 'STATE' },
      ],
      [{ pk: 'FEED#b', sk: 'STATE' }],
    ]);
  });

  test('gives up after a few rounds with one line naming the table', async () => {
    doc
      .on(BatchGetCommand)
      .resolves({ UnprocessedKeys: { news: { Keys: [{ pk: 'FEED#a', sk: 'STATE' }] } } });
    const run = repository().getFeedStates(['a']);
    await expect(run).rejects.toThrow(StoreError);
    await expect(run).rejects.toThrow(
      'news: cannot read states of 1 feeds: 1 keys still unprocessed after retries (throttled)',
    );
  });
});
