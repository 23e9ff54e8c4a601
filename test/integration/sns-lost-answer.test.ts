import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAlert } from '../../shared/alerts/format-alert';
import { openChannels } from '../../shared/alerts/channels/registry';
import { DEFAULT_DELIVERY_SETTINGS } from '../../shared/alerts/delivery-settings';
import { seedMatch } from '../support/story-fixture';

// A PublishBatch whose answer is lost (the connection drops after SNS took the request) may
// have been accepted: every retry of it can be a second copy. The SNS channel of the Lambdas
// keeps that window as narrow as its own retry policy: the SDK does not retry on top of it.
let server: Server;
let requests = 0;
let saved: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      // The request was read in full (as SNS would have accepted it); the answer never comes.
      res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  saved = { ...process.env };
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});
afterEach(() => {
  process.env = saved;
});

test('a lost PublishBatch answer is sent again only by the channel’s 4 attempts, not 4 times the SDK’s 3', async () => {
  const [sns] = openChannels({
    env: { TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
    settings: DEFAULT_DELIVERY_SETTINGS,
  });
  const result = await sns!.send([formatAlert(seedMatch())]);
  expect(result.sent).toEqual([]);
  expect(result.failed).toHaveLength(1);
  expect(requests).toBe(4);
}, 30_000);
