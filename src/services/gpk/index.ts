import type { ServiceModule } from '../service-module';
import { gpkLetters } from './letters';

/** The disabled parking card: renewed from its expiry (catalogue entry "gpk"). */
export const gpkService: ServiceModule = { letters: gpkLetters };
