import type { ServiceModule } from '../service-module';
import { parkingPermitLetters } from './letters';

/** The resident parking permit: renewed yearly from its expiry (catalogue entry "parking-permit"). */
export const parkingPermitService: ServiceModule = { letters: parkingPermitLetters };
