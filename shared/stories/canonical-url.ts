/**
 * Query parameters that only track where a click came from. Removing them makes the same
 * story reached from a newsletter, a social post or the feed one link (and one identity).
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '__s',
  '_openstat',
  'xtor',
  'ito',
  'smid',
  'cmpid',
  'ocid',
  's_cid',
  'ref_src',
  'ref_url',
  'soc_src',
  'soc_trk',
  'spm',
  'vero_id',
  'oly_enc_id',
  'oly_anon_id',
  'rb_clickid',
  'cmp',
]);

// Whole families: Google Analytics (utm_), AT Internet (at_, used by the BBC), comScore (ns_),
// Piwik/Matomo (pk_, mtm_), Webtrends (wt.), HubSpot ads (hsa_).
const TRACKING_PREFIXES = ['utm_', 'at_', 'ns_', 'pk_', 'mtm_', 'wt.', 'hsa_'];

/** True when a query parameter name only tracks the click. */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The canonical form of a story link: absolute http(s), host in lower case (the URL parser
 * does that, and drops a default port), no fragment, no tracking parameters; other
 * parameters keep their order, since some sites depend on it. Returns '' for anything that
 * is not an http(s) URL (javascript:, mailto:, garbage), so such links never reach an alert.
 *
 * @param link the link, absolute or relative to `base`
 * @param base the URL relative links resolve against
 */
export function canonicalUrl(link: string | undefined, base?: string): string {
  const text = link?.trim();
  if (!text) return '';
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
    if (kept.length !== [...url.searchParams].length) {
      url.search = new URLSearchParams(kept).toString();
    }
  }
  // A host written with a trailing dot ("example.org.") is the same host.
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  return url.toString();
}
