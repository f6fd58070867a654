import type { LetterTemplateName } from '../letters/templates';
import type { RenewalContext } from '../renewals/context';
import type { LoadedRenewal } from '../renewals/load';

/** What a case worker's decision adds to a letter (the stop letter quotes their words). */
export interface LetterExtras {
  decisionNote?: string;
}

/**
 * What a service knows about its own letters: the data each template is filled with, and the
 * reference printed on it. Rendering, storing and sending are shared (src/renewals/).
 */
export interface ServiceLetters {
  /** First part of the reference, e.g. GPK-000123-V: which service a resident on the phone means. */
  referencePrefix: string;
  /** One letter per template, so a resident on the phone can say which letter they hold. */
  referenceCode(template: LetterTemplateName): string;
  data(
    ctx: RenewalContext,
    loaded: LoadedRenewal,
    addressLines: string[],
    template: LetterTemplateName,
    extras: LetterExtras,
  ): Promise<Record<string, unknown>>;
}
