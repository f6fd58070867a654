import type { ServiceModule } from '../service-module';
import { parkingPlaceLetters } from './letters';

/**
 * The disabled parking place review: started by the GPK's process (a message trigger), so no
 * candidates. It decides on its own or asks the traffic department; there is nothing to notify first.
 */
export const parkingPlaceService: ServiceModule = { letters: parkingPlaceLetters, maturityLevels: ['automatic'] };
