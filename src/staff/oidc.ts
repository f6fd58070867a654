import type { Config } from '../config';
import type { StaffRole } from '../db/client';
import { TransientError } from '../errors';
import { ROLE_NAMES, isRoleName } from './accounts';

type OpenIdClient = typeof import('openid-client');

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  scopes: string;
  roleClaim: string;
  /** Claim value -> Tijdig role. */
  roles: Map<string, StaffRole>;
}

/** What the browser keeps (signed) between leaving for the identity provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export type Identity =
  | { ok: true; subject: string; email: string; displayName: string; role: StaffRole }
  | { ok: false; email: string; reason: 'no-role' | 'no-email' };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** When someone holds several mapped values, the widest role wins. */
const ROLE_ORDER: StaffRole[] = ['ADMINISTRATOR', 'PROCESS_OWNER', 'CASE_WORKER'];

/** The identity-provider settings, or null when sign-in uses Tijdig's own passwords. Stops the start when half set. */
export function oidcSettings(config: Config): OidcSettings | null {
  const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = config;
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    throw new Error('Invalid configuration: OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
    throw new Error('Invalid configuration: OIDC_ISSUER_URL must use https');
  }
  const roles = new Map<string, StaffRole>();
  for (const pair of config.OIDC_ROLE_MAPPING.split(',')) {
    const [value, name] = pair.split('=').map((part) => part.trim());
    if (value && name && isRoleName(name)) roles.set(value, ROLE_NAMES[name]);
  }
  return { issuer: url, clientId, clientSecret, scopes: config.OIDC_SCOPES, roleClaim: config.OIDC_ROLE_CLAIM, roles };
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      claims,
    );
}

/** The Tijdig role a person's claims give, or null when none of the mapped values is there. */
export function roleFromClaims(
  settings: Pick<OidcSettings, 'roleClaim' | 'roles'>,
  claims: Record<string, unknown>,
): StaffRole | null {
  const raw = claimAt(claims, settings.roleClaim);
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const granted = new Set(values.map((v) => settings.roles.get(v)).filter((r): r is StaffRole => r !== undefined));
  return ROLE_ORDER.find((role) => granted.has(role)) ?? null;
}

/**
 * Sign-in through the municipality's identity provider with openid-client: authorization code
 * flow with PKCE, state and nonce. The provider is discovered on first use (and again after a
 * failure), so Tijdig starts while the provider is down. openid-client is an ES module and is
 * loaded only when configured.
 */
export function oidcSignIn(settings: OidcSettings, redirectUri: URL) {
  let configuration: Promise<{ client: OpenIdClient; config: import('openid-client').Configuration }> | null = null;

  function discovered() {
    configuration ??= (async () => {
      const client = await import('openid-client');
      const insecure = settings.issuer.protocol !== 'https:';
      const config = await client.discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    })().catch((err: unknown) => {
      configuration = null;
      throw new TransientError(`identity provider not reachable: ${(err as Error).message}`);
    });
    return configuration;
  }

  async function start(): Promise<{ url: URL; pending: PendingSignIn }> {
    const { client, config } = await discovered();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri.href,
      scope: settings.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Exchanges the code the provider sent back; throws when the answer does not check out (state, nonce, PKCE, signature). */
  async function finish(query: URLSearchParams, pending: PendingSignIn): Promise<Identity> {
    const { client, config } = await discovered();
    const current = new URL(redirectUri);
    current.search = query.toString();
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the identity provider returned no ID token');
    const userInfo = config.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(config, tokens.access_token, idToken.sub)
      : {};
    const claims: Record<string, unknown> = { ...userInfo, ...idToken };
    const email = typeof claims.email === 'string' ? claims.email : '';
    if (!email || claims.email_verified === false) return { ok: false, email: email || idToken.sub, reason: 'no-email' };
    const role = roleFromClaims(settings, claims);
    if (!role) return { ok: false, email, reason: 'no-role' };
    const displayName =
      typeof claims.name === 'string'
        ? claims.name
        : [claims.given_name, claims.family_name].filter((part) => typeof part === 'string').join(' ');
    return { ok: true, subject: `${idToken.iss} ${idToken.sub}`, email, displayName, role };
  }

  return { start, finish };
}
