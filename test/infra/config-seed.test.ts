import type { ConfigSeed } from '../../infra/constructs/config-seed';
import { logicalId, SAMPLE_CONFIG, statementsOfRole, synthStack } from './synth';

describe('config seed custom resource', () => {
  const { stack, template } = synthStack();
  const seed = stack.node.findChild('ConfigSeed') as ConfigSeed;
  const seedFunction = logicalId(stack, seed.handler.function);
  const seedRole = logicalId(stack, seed.handler.function.role!);
  const table = logicalId(stack, stack.table);
  const resources = () => Object.values(template.findResources('Custom::NewsAlertConfigSeed'));

  test('one resource, answered by the seed function, with a deploy-failing timeout instead of the one-hour default', () => {
    expect(resources()).toHaveLength(1);
    expect(resources()[0].Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [seedFunction, 'Arn'] },
      ServiceTimeout: '300',
      ConfigHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test('runs only after the seed function may write the table', () => {
    const policy = Object.keys(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: seedRole }] } }),
    );
    expect(policy).toHaveLength(1);
    expect(resources()[0].DependsOn).toEqual(expect.arrayContaining([seedFunction, policy[0]]));
    expect(statementsOfRole(template, seedRole)).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']),
        Resource: expect.arrayContaining([{ 'Fn::GetAtt': [table, 'Arn'] }]),
      }),
    );
    expect(
      template.findResources('AWS::Lambda::Function')[seedFunction].Properties.Environment.Variables,
    ).toEqual({
      TABLE_NAME: { Ref: table },
      POWERTOOLS_SERVICE_NAME: 'config-seed',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'Test',
    });
  });

  test('a config change changes the ConfigHash, so CloudFormation sends an update that adds new entries', () => {
    const hashOf = (config: unknown) =>
      Object.values(synthStack({}, { config }).template.findResources('Custom::NewsAlertConfigSeed'))[0]
        .Properties.ConfigHash;
    expect(hashOf(SAMPLE_CONFIG)).toBe(resources()[0].Properties.ConfigHash);
    expect(
      hashOf({ ...SAMPLE_CONFIG, feeds: [{ id: 'other', url: 'https://news.example.com/other.xml' }] }),
    ).not.toBe(hashOf(SAMPLE_CONFIG));
  });

  test('no config, no seed resource', () => {
    const { template: bare } = synthStack({}, { config: undefined });
    bare.resourceCountIs('Custom::NewsAlertConfigSeed', 0);
    bare.resourceCountIs('AWS::Lambda::Function', 4);
  });
});
