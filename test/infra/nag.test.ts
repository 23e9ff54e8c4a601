import { App, Validations } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NewsAlertStack } from '../../infra/stack';
import { SAMPLE_CONFIG, SKIP_BUNDLING } from './synth';

// cdk-nag 3's AwsSolutions pack. Each acknowledged finding in infra/ carries its reason;
// anything new fails here with the rule id and the construct path.
describe('cdk-nag AwsSolutions', () => {
  const build = (context: Record<string, unknown> = {}) => {
    const app = new App({ context: { ...SKIP_BUNDLING, ...context } });
    return { app, stack: new NewsAlertStack(app, 'Test', { config: SAMPLE_CONFIG }) };
  };
  /** Drops the table's point-in-time recovery behind the construct's back. */
  const breakPitr = (stack: NewsAlertStack) => {
    (stack.table.node.defaultChild as CfnTable).pointInTimeRecoverySpecification = undefined;
  };

  test.each([
    ['default settings', {}],
    [
      'dev stack with subscribers',
      {
        dev: 'true',
        alertEmails: 'desk@example.com',
        alertPhones: '+14155550100',
        opsEmails: 'ops@example.com',
      },
    ],
  ])('%s: no unacknowledged findings', (_name, context) => {
    const report = new AwsSolutionsChecks().validateScope(build(context).stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('the check does catch findings (a sanity check of the test itself)', () => {
    const { stack } = build();
    breakPitr(stack);
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([
      'AwsSolutions-DDB3',
    ]);
  });

  test('registered the v3 way, as a validation plugin, it passes the synth and fails a bad one', () => {
    const good = build();
    Validations.of(good.app).addPlugins(new AwsSolutionsChecks(good.app));
    expect(() => good.app.synth()).not.toThrow();

    const bad = build();
    breakPitr(bad.stack);
    Validations.of(bad.app).addPlugins(new AwsSolutionsChecks(bad.app));
    expect(() => bad.app.synth()).toThrow(/DDB3|Point-in-time Recovery/);
  });
});
