import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { answerCustomResource } from '../shared/aws/custom-resource-response';
import { parseSeedConfigJson, seedConfig } from '../shared/config/seed-config';
import { FunctionRuntime } from './runtime';

const runtime = new FunctionRuntime();
const { obs } = runtime;
const repository = runtime.configRepository();

/**
 * The config-seed custom resource: on create and on update (config/ changed), writes each
 * watchlist and feed of the config/ baked into this bundle that the table has never had.
 * Never overwrites a run-time edit; deleting the resource deletes nothing.
 */
export const handler = obs.instrument(async (event: CloudFormationCustomResourceEvent) => {
  await answerCustomResource(event, { physicalResourceId: 'newsalert-config-seed' }, async () => {
    if (event.RequestType === 'Delete') return {};
    // Parsed here, not at load: a broken value must answer FAILED rather than hang the deploy.
    const config = parseSeedConfigJson(process.env.NEWSALERT_CONFIG);
    const stackName = event.StackId.split('/')[1] ?? event.StackId;
    const outcomes = await seedConfig(repository, config, `cdk deploy (stack ${stackName})`);
    const count = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length;
    const data = {
      Added: count('added'),
      Kept: count('kept'),
      Differs: count('differs'),
      Removed: count('removed'),
    };
    obs.logger.info('config seeded', { ...data, outcomes });
    return { data };
  });
});
