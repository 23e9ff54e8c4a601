// Sign-in for the deployed console: Cognito's hosted UI with the authorization code flow and
// PKCE (no client secret in a static page). Locally the console server answers without a
// token and config.json names no user pool, so none of this runs.

/** What /config.json tells the page. */
export interface ConsoleConfig {
  /** Where the API is, when not on this origin (the deployed console's HTTP API). @default this origin */
  apiUrl?: string;
  auth?: { domain: string; clientId: string };
}

let config: ConsoleConfig = {};
const TOKEN_KEY = 'newsalert.token';
const VERIFIER_KEY = 'newsalert.verifier';

/** The API's base URL: '' for this origin. */
export function apiBase(): string {
  return (config.apiUrl ?? '').replace(/\/$/, '');
}

/** The access token to send, if signed in. */
export function accessToken(): string | undefined {
  if (!config.auth) return undefined;
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return undefined;
  const { token, expires } = JSON.parse(raw) as { token: string; expires: number };
  return Date.now() < expires ? token : undefined;
}

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const redirectUri = () => `${location.origin}/`;

/** Sends the browser to the hosted sign-in page. */
export async function signIn(): Promise<void> {
  if (!config.auth) return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.auth.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`https://${config.auth.domain}/oauth2/authorize?${q}`);
}

/** Reads /config.json and finishes a sign-in that came back with a code. */
export async function initAuth(): Promise<void> {
  config = (await (await fetch('/config.json')).json()) as ConsoleConfig;
  if (!config.auth) return;
  const code = new URLSearchParams(location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (code && verifier) {
    const res = await fetch(`https://${config.auth.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.auth.clientId,
        code,
        redirect_uri: redirectUri(),
        code_verifier: verifier,
      }),
    });
    if (res.ok) {
      const body = (await res.json()) as { access_token: string; expires_in: number };
      sessionStorage.setItem(
        TOKEN_KEY,
        JSON.stringify({ token: body.access_token, expires: Date.now() + body.expires_in * 1000 }),
      );
    }
    sessionStorage.removeItem(VERIFIER_KEY);
    history.replaceState(null, '', `/${location.hash}`);
  }
  if (!accessToken()) await signIn();
}
