import { Match } from 'aws-cdk-lib/assertions';
import { idsOf, synthStack } from './synth';

describe('encryption at rest and in transit', () => {
  const { stack, template } = synthStack();
  const ids = idsOf(stack);
  const queues = () => template.findResources('AWS::SQS::Queue');
  const topics = () => template.findResources('AWS::SNS::Topic');
  const denyWithoutTls = (action: string) =>
    Match.objectLike({
      Effect: 'Deny',
      Action: action,
      Principal: Match.anyValue(),
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });

  test('all five queues (poll queue and four dead-letter queues) are encrypted with SSE-SQS', () => {
    expect(Object.keys(queues()).sort()).toEqual(
      [ids.pollQueue, ids.pollDlq, ids.scheduleDlq, ids.notifyDlq, ids.destinationDlq].sort(),
    );
    for (const queue of Object.values(queues())) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  test('every queue policy refuses any request without TLS', () => {
    for (const id of Object.keys(queues())) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([denyWithoutTls('sqs:*')]) },
      });
    }
  });

  test('both topics are encrypted with KMS: the alert topic under aws/sns, the ops topic under its own key', () => {
    expect(Object.keys(topics()).sort()).toEqual([ids.topic, ids.opsTopic].sort());
    expect(JSON.stringify(topics()[ids.topic]!.Properties.KmsMasterKeyId)).toContain(':alias/aws/sns');
    expect(topics()[ids.opsTopic]!.Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [expect.any(String), 'Arn'],
    });
  });

  test('every topic policy refuses publishing without TLS', () => {
    for (const id of Object.keys(topics())) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([denyWithoutTls('sns:Publish')]) },
      });
    }
  });

  test('the table is encrypted and has point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('no IAM policy in the stack grants a wildcard action', () => {
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()),
    );
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });
});
