import type { ServiceModule } from '../service-module';
import { parkingPlaceLetters } from './letters';

/** The disabled parking place review: started by the GPK's process (a message trigger), so no candidates. */
export const parkingPlaceService: ServiceModule = { letters: parkingPlaceLetters };
