import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { SnsSubscriptions } from '../shared/alerts/sns-subscriptions';
import { apiResult, consoleRequestOf } from '../shared/console/api-gateway-event';
import { handleConsoleRequest } from '../shared/console/console-api';
import { ConsoleData } from '../shared/console/console-data';
import { consoleStores } from '../shared/console/console-stores';
import { Observability } from './observability';

const obs = new Observability();
const tableName = process.env.TABLE_NAME ?? '';
const client = obs.tracer.captureAWSv3Client(new DynamoDBClient({}));
const data = new ConsoleData({
  ...consoleStores(client, tableName),
  subscriptions: process.env.TOPIC_ARN
    ? new SnsSubscriptions(obs.tracer.captureAWSv3Client(new SNSClient({})), process.env.TOPIC_ARN)
    : undefined,
  // The stack never sets it; tests that check feeds on 127.0.0.1 do.
  allowLoopback: process.env.NEWSALERT_ALLOW_LOOPBACK === 'true',
});

/**
 * The console's HTTP API: `/api/*` behind the Cognito JWT authorizer (viewers read, editors
 * change), `/feeds/<id>.atom` with its token and no authorizer. Routing, authorization and
 * validation are the local console server's, in shared/console.
 */
export const handler = obs.instrument(async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const response = await handleConsoleRequest(consoleRequestOf(event), data);
  if (response.status >= 500)
    obs.logger.error('console request failed', { path: event.rawPath, body: response.body });
  else if (event.requestContext.http.method !== 'GET')
    obs.logger.info('console change', { path: event.rawPath, status: response.status });
  return apiResult(response);
});
