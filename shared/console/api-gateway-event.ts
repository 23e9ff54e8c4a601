import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Caller, ConsoleRequest, ConsoleResponse } from './console-api';

type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer']>;
  };
};

/**
 * The groups of a Cognito token's `cognito:groups` claim. API Gateway's JWT authorizer hands
 * claims over as strings, an array as `[editors viewers]`; a test event may pass the array.
 */
export function claimGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The caller API Gateway's JWT authorizer vouched for, recorded as `cognito:<user>` in the
 * history of what they change; undefined when the request came without a valid token (the
 * Atom route has no authorizer).
 */
export function callerOf(event: ApiEvent): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return undefined;
  const user = claims['cognito:username'] ?? claims.username ?? claims.email ?? claims.sub;
  if (user === undefined) return undefined;
  return { name: `cognito:${String(user)}`, groups: claimGroups(claims['cognito:groups']) };
}

/** An HTTP API (payload 2.0) event as the console's request. */
export function consoleRequestOf(event: ApiEvent): ConsoleRequest {
  const body =
    event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: { ...(event.queryStringParameters ?? {}) },
    body,
    caller: callerOf(event),
    origin: `https://${event.requestContext.domainName}`,
  };
}

/** The console's response as the HTTP API returns it. */
export function apiResult(response: ConsoleResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
