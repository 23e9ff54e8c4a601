import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { SnsAlertPublisher } from '../shared/alerts/sns-publisher';
import { notifyMatches } from '../shared/pipeline/notify-matches';
import { matchesFromStream } from '../shared/store/stream-matches';

const publisher = new SnsAlertPublisher(new SNSClient({}), process.env.TOPIC_ARN ?? '');

/** Table stream (new match items) → alerts on the SNS topic. A throw makes Lambda retry/bisect. */
export const handler = async (event: DynamoDBStreamEvent) => {
  const alerts = await notifyMatches(matchesFromStream(event), publisher);
  console.log(JSON.stringify({ level: 'INFO', message: 'alerts published', count: alerts.length }));
};
