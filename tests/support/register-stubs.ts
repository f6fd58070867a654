import type { Db } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { startRegisterStubs, type RegisterStubs } from '../../src/registers/stubs';

/** The BRP and card producer stubs on free ports, for tests of the register clients. */
export function startStubsOnFreePorts(db: Db, brpApiKey = 'unused'): Promise<RegisterStubs> {
  return startRegisterStubs({
    db,
    config: {
      BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
      BRP_API_KEY: brpApiKey,
      CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
      RDW_API_URL: 'http://127.0.0.1:0/rdw/kentekenregistratie/v1',
      RDW_API_KEY: 'unused',
      PAYMENT_API_URL: 'http://127.0.0.1:0/payments',
      PAYMENT_API_KEY: 'unused',
    },
    logger: createLogger('silent'),
  });
}
