import type { ServiceModule } from '../service-module';
import { parkingPermitLetters } from './letters';

/**
 * The resident parking permit: renewed yearly from its expiry (catalogue entry "parking-permit").
 * Renewed and charged on its own, or only a notice: a confirmation by the resident has no path yet.
 */
export const parkingPermitService: ServiceModule = {
  letters: parkingPermitLetters,
  maturityLevels: ['automatic', 'notify-only'],
};
