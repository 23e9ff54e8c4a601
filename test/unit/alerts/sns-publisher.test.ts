import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { SnsAlertPublisher } from '../../../shared/alerts/sns-publisher';
import { PublishError } from '../../../shared/errors';
import { seedMatch } from '../../support/story-fixture';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const sns = mockClient(SNSClient);
const alerts = (n: number) => Array.from({ length: n }, (_, i) => formatAlert(seedMatch({}, { id: `story${i}` })));

beforeEach(() => sns.reset());

describe('SnsAlertPublisher', () => {
  it('publishes with MessageStructure json, per-protocol texts and message attributes', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    const [alert] = alerts(1);
    await new SnsAlertPublisher(new SNSClient({}), TOPIC).publish([alert!]);
    const input = sns.commandCalls(PublishBatchCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    const entry = input.PublishBatchRequestEntries![0]!;
    expect(entry.MessageStructure).toBe('json');
    expect(JSON.parse(entry.Message!)).toEqual({ default: alert!.default, email: alert!.email, sms: alert!.sms });
    expect(entry.Subject).toBe(alert!.subject);
    expect(entry.MessageAttributes).toEqual(alert!.attributes);
    // SNS limits: subject ASCII under 100 characters; batch ids unique and at most 80 characters.
    expect(entry.Subject!.length).toBeLessThan(100);
    expect(entry.Id!.length).toBeLessThanOrEqual(80);
  });

  it('splits into batches of at most 10 entries with unique ids', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    await new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alerts(23));
    const batches = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries!);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    for (const batch of batches) expect(new Set(batch.map((e) => e.Id)).size).toBe(batch.length);
  });

  it('fails loudly when SNS answers 200 with failed entries', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0-story0', Code: 'InternalError', SenderFault: false, Message: 'try again' }] });
    const publish = new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alerts(2));
    await expect(publish).rejects.toThrow(PublishError);
    await expect(new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alerts(2))).rejects.toThrow(/1 of 2 alerts not published \(0-story0: InternalError try again\)/);
  });
});
