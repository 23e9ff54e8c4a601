import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { userInfo } from 'node:os';
import { ConfigError } from '../errors';

/**
 * Who is making a change in AWS: the ARN of the caller's identity (an IAM user, or the
 * assumed role and session name), recorded in each config version's history.
 */
export async function awsCallerIdentity(sts: STSClient): Promise<string> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Arn) throw new Error('no ARN in the answer');
    return out.Arn;
  } catch (err) {
    throw new ConfigError(
      `cannot tell who you are in AWS (STS GetCallerIdentity): ${(err as Error).message}; check your AWS credentials`,
      { cause: err },
    );
  }
}

/** Who is making a change locally: the OS user. */
export function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
