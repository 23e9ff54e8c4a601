// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (see BUNDLE_ALIASES in
// infra/bundling.ts). Every SDK client defaults to that package's credential chain: environment,
// SSO, shared ini files, credential_process, web identity, then container or instance metadata.
// Bundled, the chain carries the code of every link plus the SSO, SSO-OIDC, STS and sign-in
// clients they call: about 135 KB, 17-20 ms of every cold start (bench/bundle.bench.ts).
//
// A Lambda function gets its execution role's credentials in its environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); a runtime that serves them from
// a container endpoint instead sets AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI. This
// chain keeps those two links, in the SDK's order, and the SDK's own providers for each; the
// links only a workstation or an EC2 host uses are left out of the bundles.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity } from '@smithy/types';
import { chain, CredentialsProviderError, memoize } from '@smithy/core/config';

const CONTAINER_URIS = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];

// As the SDK's chain does: fetch again five minutes before temporary credentials expire.
const REFRESH_BEFORE_MS = 5 * 60_000;

type Init = Parameters<typeof fromEnv>[0];

/** The SDK clients' default credential provider, as in @aws-sdk/credential-provider-node. */
export const defaultProvider = (init: Init = {}) =>
  // The clients memoize only the credentials they are given, not their default provider's.
  memoize(
    chain<AwsCredentialIdentity>(fromEnv(init), async () => {
      if (!CONTAINER_URIS.some((name) => process.env[name])) {
        throw new CredentialsProviderError(
          'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (as Lambda does) or AWS_CONTAINER_CREDENTIALS_FULL_URI; ' +
            'the Lambda bundles carry no other credential source (infra/bundle-stubs/credential-provider-node.ts)',
          { tryNextLink: false, logger: init?.logger },
        );
      }
      const { fromHttp } = await import('@aws-sdk/credential-provider-http');
      return fromHttp(init ?? {})();
    }),
    (credentials) =>
      credentials.expiration !== undefined &&
      credentials.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS,
    (credentials) => credentials.expiration !== undefined,
  );
