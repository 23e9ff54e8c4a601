import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) acknowledgements. Each one names a single finding (rule id plus
 * the exact resource pattern where the rule reports one) and carries its reason, so a new
 * wildcard elsewhere still fails the infra tests.
 */

/** Acknowledges one cdk-nag finding on `scope` and everything below it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The token cdk-nag prints for `Fn::GetAtt [<resource>, <attribute>]` inside an IAM
 * finding id, e.g. `<StoreTable0CCFA19B.Arn>`, or undefined for an imported resource
 * (no CloudFormation resource in this stack, so no finding to acknowledge).
 */
export function getAttToken(construct: IConstruct, attribute: string): string | undefined {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) return undefined;
  return `<${Stack.of(resource).resolve(resource.logicalId)}.${attribute}>`;
}
