// Stands in for semver in the Lambda bundles (see BUNDLE_ALIASES in infra/bundling.ts).
// Only aws-xray-sdk-core requires it, for one version check in captureAWS, its AWS SDK v2
// patcher, which Powertools Tracer never calls for SDK v3 clients. The real package builds
// its regular expressions at load: 8-10 ms of every cold start.
const notBundled = () => {
  throw new Error(
    "semver is not bundled (infra/bundling.ts BUNDLE_ALIASES): only the X-Ray SDK's AWS SDK v2 patcher uses it",
  );
};
module.exports = { gte: notBundled, satisfies: notBundled, valid: notBundled, coerce: notBundled };
