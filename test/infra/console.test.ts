import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synthStack } from './synth';

// The console in AWS: static app on a private bucket behind CloudFront (OAC), HTTP API through
// one Lambda behind Cognito, Atom feeds GET-only without Cognito; `-c console=false` leaves it out.
describe('console', () => {
  const { stack, template } = synthStack({ console: 'true' });
  const resources = (type: string) => Object.entries(template.findResources(type));

  test('the bucket is private; only CloudFront reads it, through origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
    const [, policy] = resources('AWS::S3::BucketPolicy').find(([, p]) =>
      JSON.stringify(p).includes('cloudfront.amazonaws.com'),
    )!;
    expect(JSON.stringify(policy)).toContain('AWS:SourceArn');
  });

  test('the API: /api/* behind the Cognito JWT authorizer, /feeds/{file} GET only without it', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Issuer: Match.anyValue(), Audience: [Match.anyValue()] }),
    });
    const routes = Object.fromEntries(
      resources('AWS::ApiGatewayV2::Route').map(([, r]) => [
        r.Properties.RouteKey,
        r.Properties.AuthorizationType,
      ]),
    );
    expect(routes).toEqual({
      'GET /api/{proxy+}': 'JWT',
      'POST /api/{proxy+}': 'JWT',
      'GET /feeds/{file}': 'NONE',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  test('a user pool without self sign-up, MFA required, with the viewers and editors groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    expect(
      resources('AWS::Cognito::UserPoolGroup')
        .map(([, g]) => g.Properties.GroupName)
        .sort(),
    ).toEqual(['editors', 'viewers']);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
    });
  });

  test('the API function reads and writes the table, lists subscribers, and cannot publish alerts', () => {
    const fn = resources('AWS::Lambda::Function').find(
      ([, f]) => f.Properties.Description === 'newsalert console API and Atom feeds',
    )!;
    expect(fn[1].Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: logicalId(stack, stack.table) },
      TOPIC_ARN: { Ref: logicalId(stack, stack.topic) },
    });
    const role = fn[1].Properties.Role['Fn::GetAtt'][0];
    const actions = resources('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(([, p]) =>
        p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) =>
          [s.Action].flat(),
        ),
      );
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:Scan',
        'sns:ListSubscriptionsByTopic',
      ]),
    );
    expect(actions).not.toContain('sns:Publish');
    expect(actions.filter((a) => a.includes('*') && !a.startsWith('xray:'))).toEqual([]);
  });

  test('stack outputs: the console URL, the API URL and the user pool', () => {
    expect(JSON.stringify(template.toJSON().Outputs.ConsoleUrl.Value)).toMatch(/https:\/\/.*DomainName/);
    expect(Object.keys(template.toJSON().Outputs)).toEqual(
      expect.arrayContaining(['ConsoleUrl', 'ConsoleApiUrl', 'ConsoleUserPoolId']),
    );
  });

  test('-c console=false leaves every console resource and output out', () => {
    const { template: bare } = synthStack({ console: 'false' });
    for (const type of [
      'AWS::CloudFront::Distribution',
      'AWS::ApiGatewayV2::Api',
      'AWS::Cognito::UserPool',
      'Custom::CDKBucketDeployment',
    ])
      bare.resourceCountIs(type, 0);
    expect(Object.keys(bare.toJSON().Outputs).filter((k) => k.startsWith('Console'))).toEqual([]);
  });
});
