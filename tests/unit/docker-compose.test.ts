import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { CAMUNDA_VERSION } from '../../src/engine/version';

/** docker-compose.yml cannot run on our machines (no Docker engine); it is checked as data. */
interface Service {
  image: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(path.resolve(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const { postgres, camunda, tijdig } = compose.services;

describe('docker-compose.yml', () => {
  it('when a user starts the stack, then Camunda runs the version Tijdig pins, with relational secondary storage for Operate and Tasklist', () => {
    expect(camunda!.image).toBe(`camunda/camunda:${CAMUNDA_VERSION}`);
    expect(camunda!.environment).toMatchObject({ CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'rdbms' });
  });

  it("when Tijdig starts in the stack, then its settings are valid and point at the stack's own database and engine", () => {
    const env = tijdig!.environment!;
    expect(() => loadConfig(env)).not.toThrow();
    const db = new URL(env.DATABASE_URL!);
    expect(db.hostname).toBe('postgres');
    expect(db.username).toBe(postgres!.environment!.POSTGRES_USER);
    expect(db.pathname).toBe(`/${postgres!.environment!.POSTGRES_DB}`);
    const grpcPort = env.ZEEBE_GRPC_ADDRESS!.split(':')[1];
    const restPort = new URL(env.ZEEBE_REST_ADDRESS!).port;
    expect(camunda!.ports).toEqual(expect.arrayContaining([`${grpcPort}:${grpcPort}`, `${restPort}:${restPort}`]));
    expect(tijdig!.ports).toContain(`${env.PORT}:${env.PORT}`);
  });

  it('when the stack starts, then Tijdig waits until its database and engine are healthy', () => {
    expect(tijdig!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, camunda: { condition: 'service_healthy' } });
  });
});
