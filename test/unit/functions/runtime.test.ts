import { openDelivery } from '../../../functions/delivery';
import { FunctionRuntime } from '../../../functions/runtime';

const env = { AWS_REGION: 'eu-west-1', POWERTOOLS_SERVICE_NAME: 'test' };

describe('functions/runtime', () => {
  it('fails at init, naming the variable, when a required one is missing or blank', () => {
    expect(() => new FunctionRuntime(env)).toThrow(/^TABLE_NAME is not set/);
    expect(() => new FunctionRuntime({ ...env, TABLE_NAME: ' ' })).toThrow(/^TABLE_NAME is not set/);
    const runtime = new FunctionRuntime({ ...env, TABLE_NAME: 'news' });
    expect(runtime.tableName).toBe('news');
    expect(() => runtime.required('QUEUE_URL')).toThrow(/^QUEUE_URL is not set/);
  });

  it('opens the SNS channel for the alerting functions, and refuses to without the topic', () => {
    expect(() => openDelivery(new FunctionRuntime({ ...env, TABLE_NAME: 'news' }))).toThrow(
      /TOPIC_ARN is not set/,
    );
    const delivery = openDelivery(
      new FunctionRuntime({
        ...env,
        TABLE_NAME: 'news',
        TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
        SMS_HOURLY_CAP: '3',
      }),
    );
    expect(delivery.channels?.map((c) => c.name)).toEqual(['sns']);
    expect(delivery.settings.smsHourlyCap).toBe(3);
  });
});
