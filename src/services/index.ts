import { maturityLevels, type MaturityLevel } from '../config';
import { InvalidDataError } from '../errors';
import { gpkService } from './gpk';
import { remissionService } from './remission';
import { parkingPermitService } from './parking-permit';
import { parkingPlaceService } from './parking-place';
import { participationService } from './participation';
import type { ServiceModule } from './service-module';
import type { ServiceLetters } from './service-letters';

/** The code of each service, by its id in the catalogue (config/services.json). */
const SERVICES: Record<string, ServiceModule> = {
  gpk: gpkService,
  remission: remissionService,
  'parking-permit': parkingPermitService,
  'parking-place': parkingPlaceService,
  participation: participationService,
};

export function serviceModule(serviceId: string): ServiceModule {
  const service = SERVICES[serviceId];
  if (!service) throw new InvalidDataError(`Service "${serviceId}" has no code in src/services/`);
  return service;
}

export function serviceLetters(serviceId: string): ServiceLetters {
  return serviceModule(serviceId).letters;
}

/** The ids that have code here: the catalogue may only list these. */
export const serviceIds = (): string[] => Object.keys(SERVICES);

/** The maturity levels a service's model has a path for. */
export const serviceMaturityLevels = (serviceId: string): readonly MaturityLevel[] =>
  serviceModule(serviceId).maturityLevels ?? maturityLevels;
