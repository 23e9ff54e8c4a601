import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConfigError } from '../errors';

/** The resources of a deployed newsalert stack that the CLI works on. */
export interface StackResources {
  stackName: string;
  tableName: string;
  topicArn: string;
}

/**
 * Reads the table and topic of a deployed stack from its CloudFormation outputs
 * (`TableName`, `TopicArn`; see infra/stack.ts).
 * @throws ConfigError naming the stack when it does not exist or lacks an output
 */
export async function readStackResources(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<StackResources> {
  let outputs: Record<string, string>;
  try {
    const out = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw new Error('no such stack');
    outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (err) {
    const region = await cloudFormation.config.region().catch(() => 'unknown');
    if (/does not exist|no such stack/i.test((err as Error).message)) {
      throw new ConfigError(
        `stack ${stackName}: not found in region ${region}; check --stack and --region (or AWS_REGION)`,
        { cause: err },
      );
    }
    throw new ConfigError(
      `stack ${stackName}: cannot describe it in region ${region}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const missing = ['TableName', 'TopicArn'].filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new ConfigError(
      `stack ${stackName}: has no output ${missing.join(' or ')}; is it a newsalert stack, fully deployed (npx cdk deploy)?`,
    );
  }
  return { stackName, tableName: outputs.TableName!, topicArn: outputs.TopicArn! };
}
