import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CachedConfig } from '../shared/config/running-config';
import { ConfigError } from '../shared/errors';
import { buildDelivery, type Delivery } from '../shared/pipeline/build-delivery';
import { ConfigRepository } from '../shared/store/config-repository';
import { Observability } from './observability';

/**
 * What every handler takes at module load (once per container): observability, the
 * table's client and name, the running configuration and, for the alerting functions, the
 * delivery. A required variable that is missing fails the init with its name, never as ''.
 */
export class FunctionRuntime {
  readonly obs = new Observability();
  /** The table's DynamoDB client, traced. */
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  private config?: CachedConfig;

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

  /**
   * The configuration that runs (run-time edits included), cached with a max age: warm
   * invocations reuse it, a change takes effect within a minute without a redeploy.
   */
  runningConfig(): CachedConfig {
    return (this.config ??= new CachedConfig(this.configRepository(), {
      onStaleRead: (error) => this.obs.logger.warn('config read failed; using the last good one', { error }),
    }));
  }

  /** Delivery as the alerting functions use it: the ledger on the table and the channels that are on. */
  delivery(): Delivery {
    return buildDelivery(this.dynamo, this.tableName, { env: this.env, capture: this.obs.capture });
  }
}
