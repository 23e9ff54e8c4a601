import { buildDelivery, type Delivery } from '../shared/pipeline/build-delivery';
import { runningConfig, type FunctionRuntime } from './runtime';

/**
 * Delivery as the alerting functions (notify, digest) use it: the ledger on the table and
 * the channels that are on. Apart from the runtime so the poll and dispatch bundles do not
 * carry the channels.
 */
export function openDelivery(runtime: FunctionRuntime): Delivery {
  const config = runningConfig(runtime);
  return buildDelivery(runtime.dynamo, runtime.tableName, {
    env: runtime.env,
    capture: runtime.obs.capture,
    watchlists: async () => (await config.get()).watchlists,
  });
}
