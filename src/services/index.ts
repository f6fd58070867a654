import { InvalidDataError } from '../errors';
import { gpkLetters } from './gpk/letters';
import type { ServiceLetters } from './service-letters';

/** The code each service brings for its letters, by the service id of the catalogue. */
const LETTERS: Record<string, ServiceLetters> = { gpk: gpkLetters };

export function serviceLetters(serviceId: string): ServiceLetters {
  const letters = LETTERS[serviceId];
  if (!letters) throw new InvalidDataError(`Service "${serviceId}" has no letter code in src/services/`);
  return letters;
}
