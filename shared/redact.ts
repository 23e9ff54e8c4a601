/**
 * Secrets in feed URLs. A feed URL is stored exactly as given (the poller needs its token),
 * but it is printed through {@link redactUrl} or {@link redactText} wherever a person or a log
 * sees it: the CLI's listings, error messages, the functions' logs.
 */

/** What replaces a secret. ASCII, so it survives every terminal and log. */
export const REDACTED = '***';

// Query (and fragment) parameter names that carry a secret. A name is split into words at
// "-", "_", "." and lower-to-upper case changes (apiKey, X-Amz-Signature), and is secret when
// one word is, or when it ends in one of the long words glued on (accesstoken, clientsecret).
const SECRET_WORDS = new Set([
  'token',
  'key',
  'apikey',
  'signature',
  'sig',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'jwt',
  'session',
  'sessionid',
  'sid',
]);
const SECRET_ENDINGS = /(?:token|secret|password|apikey|signature|credential)s?$/;

/** Whether a query parameter of this name carries a secret (token, api_key, X-Amz-Signature...). */
export function isSecretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape: judge the name as written.
  }
  const words = decoded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_ENDINGS.test(words.join(''));
}

/** `name=value&...` with the values of secret names replaced. */
function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return isSecretParam(pair.slice(0, eq)) && eq < pair.length - 1
        ? `${pair.slice(0, eq + 1)}${REDACTED}`
        : pair;
    })
    .join('&');
}

// scheme://[userinfo@]rest: the userinfo is what comes before the last "@" of the authority.
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

/**
 * The URL as it may be shown: user name and password replaced (`https://***@host/`,
 * `https://user:***@host/`) and the values of secret-looking query and fragment parameters
 * replaced (`?token=***`). Everything else stays as written, so the user recognises it.
 * Text that is not an absolute URL is returned as it is.
 */
export function redactUrl(url: string): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) return url;
  const [, scheme, authority, rest] = parts as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  let shownAuthority = authority;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    // A user name alone may be the token itself (https://TOKEN@host/).
    const shownUser = colon >= 0 ? `${userinfo.slice(0, colon)}:${REDACTED}` : REDACTED;
    shownAuthority = `${shownUser}${authority.slice(at)}`;
  }
  const hash = rest.indexOf('#');
  const beforeHash = hash >= 0 ? rest.slice(0, hash) : rest;
  const fragment = hash >= 0 ? rest.slice(hash + 1) : undefined;
  const question = beforeHash.indexOf('?');
  const path = question >= 0 ? beforeHash.slice(0, question) : beforeHash;
  const query = question >= 0 ? `?${redactParams(beforeHash.slice(question + 1))}` : '';
  // A fragment holds parameters in OAuth's implicit flow (#access_token=...).
  const shownFragment =
    fragment === undefined ? '' : `#${fragment.includes('=') ? redactParams(fragment) : fragment}`;
  return `${scheme}${shownAuthority}${path}${query}${shownFragment}`;
}

// An absolute URL inside free text ends at white space, quotes or angle brackets.
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Free text (an error message, a log line) with every URL in it passed through {@link redactUrl}. */
export function redactText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (found) => {
    // Punctuation after a URL ("URL: reason", "(URL)", "URL.") belongs to the sentence.
    const url = found.replace(/[:;,.!?)\]]+$/, '');
    return `${redactUrl(url)}${found.slice(url.length)}`;
  });
}
