// Stands in for xmlbuilder in the Lambda bundles (see BUNDLE_ALIASES in infra/bundling.ts).
// xml2js, under rss-parser, requires it for its Builder, which the functions never use: they
// parse XML, they never build it. The real package is 67 KiB of every poll cold start.
module.exports = {
  create() {
    throw new Error(
      'xmlbuilder is not bundled (infra/bundling.ts BUNDLE_ALIASES): the functions parse XML, they do not build it',
    );
  },
};
