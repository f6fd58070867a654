/**
 * The Camunda 8 Orchestration Cluster version Tijdig is built and documented against, in one
 * place: docker-compose.yml uses this image tag (checked by tests/unit/docker-compose.test.ts).
 */
export const CAMUNDA_VERSION = '8.9.0';
