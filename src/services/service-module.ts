import type { MaturityLevel } from '../config';
import type { Db, Prisma } from '../db/client';
import type { ServiceLetters } from './service-letters';

/** What a service's yearly trigger asks for: the next page of this year's cases. */
export interface CandidateQuery {
  /** The scan's day; a service may use it for ages and periods. */
  today: Date;
  year: number;
  /** Paging on the resident id, so memory stays flat however many residents qualify. */
  afterResidentId: number;
  take: number;
}

/** One case a trigger found: which resident, what it is about (unique per service), and what it found. */
export interface CaseCandidate {
  residentId: number;
  /** e.g. "levy-2027": the same candidate found twice makes one case, never two. */
  subject: string;
  details?: Prisma.InputJsonValue;
}

/**
 * The code a service brings beside its model, rules and letters: what its letters say, and for
 * a yearly trigger who qualifies this year. Expiry and message triggers need no code: the
 * catalogue entry says all.
 */
export interface ServiceModule {
  letters: ServiceLetters;
  /**
   * The maturity levels its model has a path for; all three when left out. The catalogue and the
   * process owner's switch offer no other, so a level is never chosen that the model ignores.
   */
  maturityLevels?: readonly MaturityLevel[];
  candidates?(db: Db, query: CandidateQuery): Promise<CaseCandidate[]>;
}
