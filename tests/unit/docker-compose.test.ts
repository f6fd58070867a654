import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';

/**
 * docker-compose.yml cannot run on our machines (no Docker engine): it is checked as data,
 * together with the Dockerfiles it builds and the engine's own settings (application.yaml),
 * so a renamed setting, jar or service on one side shows up here.
 */
const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText) as { services: Record<string, Service> };
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** Values for the variables the file requires, as a user would export them. */
const userEnv: Record<string, string> = {
  POSTGRES_PASSWORD: 'dbSecret1',
  ENGINE_ADMIN_PASSWORD: 'adminSecret2',
  ENGINE_SERVICE_PASSWORD: 'serviceSecret3',
};

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}; $$ is a literal $. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name?: string, colon?: string, kind?: string, arg?: string) => {
      if (whole === '$$') return '$';
      const set = env[name as string];
      const missing = set === undefined || (colon === ':' && set === '');
      if (!missing) return set as string;
      if (kind === '?') throw new Error(`${name}: ${arg}`);
      return kind === '-' ? (arg as string) : '';
    },
  );
}

/** Every ${...} placeholder in the file (not $${...}, which the container's shell expands). */
const placeholders = [...composeText.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)((?::?[-?])[^}]*)?\}/g)].map((m) => ({
  name: m[1] as string,
  rest: m[2] ?? '',
  text: m[0],
}));

const environment = (name: string) =>
  Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v), userEnv)]));

/** The variable a setting takes whole, e.g. ENGINE_SERVICE_PASSWORD for `${ENGINE_SERVICE_PASSWORD:?...}`. */
const variableOf = (value: string | undefined) => /^\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}$/.exec(value ?? '')?.[1];

const isSecretName = (name: string) => /PASSWORD|SECRET|TOKEN|KEY/i.test(name);

const pom = read('engine/pom.xml');
const finalName = /<finalName>([^<]+)<\/finalName>/.exec(pom)?.[1];
const engineDockerfile = read('engine/Dockerfile');
const applicationYaml = read('engine/src/main/resources/application.yaml');

describe('docker-compose.yml', () => {
  it('when a user starts the stack, then it runs the database, the engine and Tijdig', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['db', 'engine', 'tijdig']);
    expect(service('db').image).toMatch(/^postgres:\d+/);
  });

  it('when the engine starts in the stack, then it is built from engine/ (Operaton pinned in its pom.xml), not pulled', () => {
    const engine = service('engine');
    const build = typeof engine.build === 'string' ? { context: engine.build } : engine.build;
    expect(path.normalize(build?.context ?? '')).toBe('engine');
    expect(existsSync(path.join(root, 'engine', build?.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(engine.image).toBeUndefined();
    expect(pom).toMatch(/<operaton\.version>\d+\.\d+\.\d+<\/operaton\.version>/);
    expect(pom).toContain('<version>${operaton.version}</version>');
  });

  it('when the engine reads its settings, then every one without a default in application.yaml is set, and it listens beyond loopback', () => {
    const required = [...applicationYaml.matchAll(/\$\{(TIJDIG_ENGINE_[A-Z_]+)\}/g)].map((m) => m[1] as string);
    const env = environment('engine');
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !env[name])).toEqual([]);
    expect(env.TIJDIG_ENGINE_ADDRESS).toBe('0.0.0.0');
    const known = [...applicationYaml.matchAll(/\$\{(TIJDIG_ENGINE_[A-Z_]+)/g)].map((m) => m[1]);
    expect(Object.keys(env).filter((name) => !known.includes(name))).toEqual([]);
  });

  it("when Tijdig starts in the stack, then its settings are valid and point at the engine service's REST API and port", () => {
    const env = environment('tijdig');
    const engineEnv = environment('engine');
    expect(() => loadConfig(env)).not.toThrow();
    const rest = new URL(env.ENGINE_REST_URL ?? '');
    expect(rest.hostname).toBe('engine');
    expect(rest.port).toBe(engineEnv.TIJDIG_ENGINE_PORT);
    expect(rest.pathname).toBe('/engine-rest');
    expect(env.ENGINE_USER).toBe(engineEnv.TIJDIG_ENGINE_SERVICE_USER);
    expect(env.ENGINE_PASSWORD).toBe(engineEnv.TIJDIG_ENGINE_SERVICE_PASSWORD);
    // Same variable on both sides, so the user sets the password once.
    expect(variableOf(service('tijdig').environment?.ENGINE_PASSWORD)).toBe(
      variableOf(service('engine').environment?.TIJDIG_ENGINE_SERVICE_PASSWORD),
    );
    expect(service('tijdig').ports).toContain(`${env.PORT}:${env.PORT}`);
  });

  it("when Tijdig and the engine connect to the database, then both use the db service, each its own database, with the server's account", () => {
    const db = environment('db');
    const tijdigDb = new URL(environment('tijdig').DATABASE_URL ?? '');
    expect(tijdigDb.hostname).toBe('db');
    expect(tijdigDb.username).toBe(db.POSTGRES_USER);
    expect(decodeURIComponent(tijdigDb.password)).toBe(db.POSTGRES_PASSWORD);
    expect(tijdigDb.pathname).toBe(`/${db.POSTGRES_DB}`);

    const engineEnv = environment('engine');
    const jdbc = /^jdbc:postgresql:\/\/db:5432\/([A-Za-z0-9_]+)$/.exec(engineEnv.TIJDIG_ENGINE_DATABASE_URL ?? '');
    expect(jdbc).not.toBeNull();
    const engineDatabase = jdbc?.[1] as string;
    expect(engineDatabase).not.toBe(db.POSTGRES_DB);
    expect(engineEnv.TIJDIG_ENGINE_DATABASE_USER).toBe(db.POSTGRES_USER);
    expect(engineEnv.TIJDIG_ENGINE_DATABASE_PASSWORD).toBe(db.POSTGRES_PASSWORD);
  });

  it("when the database volume is new, then an init script creates the engine's database", () => {
    const engineDatabase = /\/([A-Za-z0-9_]+)$/.exec(environment('engine').TIJDIG_ENGINE_DATABASE_URL ?? '')?.[1];
    const mount = (service('db').volumes ?? [])
      .map((v) => v.split(':'))
      .find(([, target]) => target === '/docker-entrypoint-initdb.d');
    expect(mount).toBeDefined();
    const dir = path.join(root, (mount as string[])[0] as string);
    const scripts = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    expect(scripts.some((sql) => new RegExp(`^\\s*CREATE DATABASE\\s+"?${engineDatabase}"?\\s*;`, 'im').test(sql))).toBe(true);
  });

  it('when the file uses a variable for a secret, then it must be set by the user: no default and no fixed value', () => {
    const secrets = placeholders.filter((p) => isSecretName(p.name));
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((p) => !/^:\?\S/.test(p.rest)).map((p) => p.text)).toEqual([]);
    for (const [name, svc] of Object.entries(compose.services)) {
      const fixed = Object.entries(svc.environment ?? {})
        .filter(([key, value]) => isSecretName(key) && variableOf(String(value)) === undefined)
        .map(([key]) => `${name}.${key}`);
      expect(fixed).toEqual([]);
    }
    // A secret inside a URL (the database password in DATABASE_URL) also comes from a variable.
    expect(
      new URL(interpolate(service('tijdig').environment?.DATABASE_URL ?? '', { ...userEnv, POSTGRES_PASSWORD: 'x' })).password,
    ).toBe('x');
  });

  it('when a password is not set, then the stack refuses to start with a message naming it', () => {
    for (const name of Object.keys(userEnv)) {
      const without = { ...userEnv, [name]: undefined };
      const anyService = () =>
        Object.values(compose.services).forEach((svc) =>
          Object.values(svc.environment ?? {}).forEach((v) => interpolate(String(v), without)),
        );
      expect(anyService).toThrow(new RegExp(`^${name}: set ${name}`));
    }
  });

  it('when the stack starts, then the database, the engine and Tijdig start in that order, each once the one before is healthy', () => {
    expect(service('db').healthcheck?.test).toBeDefined();
    expect(service('engine').healthcheck?.test).toBeDefined();
    expect(service('engine').depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(service('tijdig').depends_on).toEqual({
      db: { condition: 'service_healthy' },
      engine: { condition: 'service_healthy' },
    });
    // The engine is healthy once it answers Tijdig's own account, which it creates at start.
    expect(String(service('engine').healthcheck?.test)).toContain(
      '$${TIJDIG_ENGINE_SERVICE_USER}:$${TIJDIG_ENGINE_SERVICE_PASSWORD}',
    );
    expect(String(service('engine').healthcheck?.test)).toContain(
      `localhost:${environment('engine').TIJDIG_ENGINE_PORT}/engine-rest/`,
    );
  });
});

describe('engine/Dockerfile', () => {
  const stages = engineDockerfile.split(/^FROM\s+/m).slice(1);

  it('when the image is built, then Maven on JDK 17 builds the jar named in pom.xml, and a Java 17 JRE runs that jar', () => {
    expect(finalName).toBe('tijdig-engine');
    expect(stages).toHaveLength(2);
    const [build, run] = stages as [string, string];
    expect(build).toMatch(/^maven:[^\s]*(?:temurin|jdk|openjdk)-?17\b[^\s]*\s+AS\s+(\w+)/i);
    expect(build).toMatch(/^RUN mvn -B package -DskipTests$/m);
    expect(run).toMatch(/^eclipse-temurin:17-jre\b/);
    const stageName = /^\S+\s+AS\s+(\w+)/i.exec(build)?.[1];
    expect(run).toContain(`COPY --from=${stageName} /build/target/${finalName}.jar`);
    expect(run).toMatch(new RegExp(`^ENTRYPOINT \\[.*"-jar", "[^"]*/${finalName}\\.jar"\\]$`, 'm'));
  });

  it('when the engine runs in a container, then it listens beyond loopback and has curl for the healthcheck', () => {
    const run = stages[1] ?? '';
    expect(run).toMatch(/TIJDIG_ENGINE_ADDRESS=0\.0\.0\.0/);
    expect(run).toMatch(/apt-get install[^\n]*curl/);
    expect(run).toMatch(/^USER \S+/m);
  });

  it("when the build context is sent, then a local build's target/ is left out", () => {
    expect(read('engine/.dockerignore').split('\n')).toContain('target/');
  });
});

describe('Tijdig Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('when the Tijdig image is built, then it is Node 20 running npm start, with its own dependencies and Prisma client', () => {
    const build = service('tijdig').build;
    expect(typeof build === 'string' ? build : build?.context).toBe('.');
    expect(dockerfile).toMatch(/^FROM node:20\b/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^CMD \["npm", "start"\]$/m);
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules/', 'src/db/generated/', '.env']));
  });
});
