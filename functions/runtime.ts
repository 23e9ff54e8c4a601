import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CachedConfig } from '../shared/config/running-config';
import { ConfigError } from '../shared/errors';
import { ConfigRepository } from '../shared/store/config-repository';
import { Observability } from './observability';

/**
 * What every handler takes at module load (once per container): observability, the
 * table's client and name, its required settings and the running configuration (the
 * alerting functions add `openDelivery`). A required variable that is missing fails the
 * init with its name, never as ''.
 */
export class FunctionRuntime {
  readonly obs = new Observability();
  /** The table's DynamoDB client, traced. */
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;

  constructor(readonly env: Record<string, string | undefined> = process.env) {
    this.tableName = this.required('TABLE_NAME');
    this.dynamo = this.obs.capture(new DynamoDBClient({}));
  }

  /** A variable the stack always sets; throws a ConfigError naming it when it is missing or blank. */
  required(name: string): string {
    const value = this.env[name]?.trim();
    if (!value) throw new ConfigError(`${name} is not set: the stack sets it on this function; redeploy`);
    return value;
  }

  /** The configuration store on the table. */
  configRepository(): ConfigRepository {
    return new ConfigRepository(this.dynamo, this.tableName);
  }
}

/**
 * The configuration that runs (run-time edits included), read from the table and cached
 * with a max age: warm invocations reuse it, a change takes effect within a minute without
 * a redeploy. A function of its own, so the bundles that need no configuration (notify,
 * seed-config) do not carry the matcher compiler.
 */
export function runningConfig(runtime: FunctionRuntime): CachedConfig {
  return new CachedConfig(runtime.configRepository(), {
    onStaleRead: (error) => runtime.obs.logger.warn('config read failed; using the last good one', { error }),
  });
}
