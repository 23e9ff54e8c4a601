// Stands in for htmlparser2's index in the Lambda bundles (see BUNDLE_ALIASES in
// infra/bundling.ts). The feed reader and the HTML-to-text step use its Tokenizer only; the
// index also loads domhandler, domutils and dom-serializer (with an entities encoder).
export { default as Tokenizer } from '../../node_modules/htmlparser2/dist/esm/Tokenizer.js';
