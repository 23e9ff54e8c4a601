import type { DynamoDBStreamEvent } from 'aws-lambda';
import { awsDelivery } from '../shared/pipeline/aws-delivery';
import { notifyFromStream } from '../shared/pipeline/notify-stream';

const delivery = awsDelivery();

/** Table stream (new match items) → alerts on the SNS topic, once each. A throw makes Lambda retry/bisect. */
export const handler = async (event: DynamoDBStreamEvent) => {
  const report = await notifyFromStream(event, delivery);
  const { published, failed: _failed, ...counts } = report;
  console.log(JSON.stringify({ level: 'INFO', message: 'alerts delivered', published: published.length, ...counts }));
  return { published: published.length, ...counts };
};
