import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { createApp, webSecrets } from '../../src/web/app';

/**
 * Run in a child process (tsx) by tests/integration/staff-oidc.test.ts, because openid-client
 * and oidc-provider are ES modules that jest's module system cannot load. Starts a real local
 * OpenID provider (oidc-provider with its development login: these people, any password) and
 * Tijdig configured to sign staff in through it, and prints both addresses on a READY line.
 */
const PEOPLE: Record<string, { name: string; roles: string[] }> = {
  'p.eigenaar': { name: 'Petra Eigenaar', roles: ['alle-medewerkers', 'tijdig-process-owner'] },
  'z.rol': { name: 'Zonder Rol', roles: ['alle-medewerkers'] },
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const providerServer = createServer();
  const appServer = createServer();
  const [issuer, appUrl] = await Promise.all([listen(providerServer), listen(appServer)]);
  const clientSecret = randomBytes(24).toString('hex');

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'tijdig',
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/medewerkers/inloggen/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    async findAccount(_ctx, id) {
      const person = PEOPLE[id];
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: `${id}@voorbeeldstad.nl`,
          email_verified: true,
          name: person.name,
          roles: person.roles,
        }),
      };
    },
  });
  providerServer.on('request', provider.callback());

  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: appUrl,
    OIDC_ISSUER_URL: issuer,
    OIDC_CLIENT_ID: 'tijdig',
    OIDC_CLIENT_SECRET: clientSecret,
  });
  const db = createDb(databaseUrl);
  const app = createApp({
    db,
    config,
    logger: createLogger('silent'),
    engine: null,
    secrets: await webSecrets(db),
    now: () => new Date(),
  });
  appServer.on('request', app);
  console.log(`READY ${JSON.stringify({ issuer, appUrl })}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
