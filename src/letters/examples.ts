import { formatCode } from '../renewals/confirmation-code';
import type { LetterLocale } from './dates';
import type { LetterSender } from './pdf';
import { LETTER_TEMPLATES, type LetterTemplateName } from './templates';

/**
 * Made-up data for every template: what `npm run letters:preview` renders and what the letter
 * tests fill in. The names and addresses are invented; the BSN never appears in a letter.
 */
export const exampleSender: LetterSender = {
  name: 'Gemeente Voorbeeldstad',
  returnAddressLines: ['Postbus 1000', '9999 ZZ Voorbeeldstad'],
  signatoryName: 'J. de Vries',
  signatoryRole: 'Teamleider Parkeren en Zorg',
};

export const exampleRecipient = {
  name: 'A.B. van der Berg-Şahin',
  addressLines: ['Dorpsstraat 12 A', '9999 AA  VOORBEELDSTAD'],
};

export const exampleDate = new Date('2026-10-02T07:00:00Z');

const resident = {
  name: 'A.B. van der Berg-Şahin',
  fullName: 'Anna Berber van der Berg-Şahin',
  addressLines: exampleRecipient.addressLines,
};

const contact = { phone: '14 0999', website: 'www.voorbeeldstad.nl/parkeerkaart' };

const common = {
  resident,
  contact,
  expiresOn: new Date('2026-12-01'),
};

/** In the format the real step prints (src/renewals/confirmation-code.ts), and the code the web page's hint shows. */
export const exampleConfirmationCode = formatCode('K7M4Q9TXAB');

const confirmation = {
  code: exampleConfirmationCode,
  url: 'www.voorbeeldstad.nl/verlengen',
  deadline: new Date('2026-11-01'),
};

const application = { url: 'www.voorbeeldstad.nl/parkeerkaart-aanvragen' };

const stopReason: Record<LetterLocale, string> = {
  nl:
    'U woont sinds kort in een zorginstelling. Daar is vaak een andere regeling voor parkeren. ' +
    'Wij willen eerst met u bespreken welke kaart het beste bij u past.',
  en:
    'You recently moved into a care home. Parking there is often arranged in another way. ' +
    'We would first like to talk with you about which card suits you best.',
};

const remission = {
  resident,
  contact: { phone: '14 0999', website: 'www.voorbeeldstad.nl/kwijtschelding' },
  levy: { year: 2027, assessmentNumber: 'AH-2027-000123', amountCents: 38940 },
};

const parkingPlace = {
  resident,
  contact: { phone: '14 0999', website: 'www.voorbeeldstad.nl/parkeren' },
  place: {
    location: 'Kerkstraat, tegenover nummer 12',
    licencePlate: 'GH456J',
    decree: 'VB-2024-0117',
    decreedOn: new Date('2024-03-01'),
  },
  withdrawnOn: null,
};

/** The example data of one template in one language. */
export function letterExample(template: LetterTemplateName, locale: LetterLocale): Record<string, unknown> {
  switch (template) {
    case 'gpk/renewed':
      return {
        ...common,
        card: { kind: 'BP' },
        newValidFrom: new Date('2026-12-02'),
        newExpiresOn: new Date('2031-12-01'),
        deliveryWorkingDays: 10,
      };
    case 'gpk/confirm-request':
      return {
        ...common,
        card: { kind: 'B' },
        newValidFrom: new Date('2026-12-02'),
        newExpiresOn: new Date('2031-12-01'),
        confirmation,
      };
    case 'gpk/confirm-reminder':
      return { ...common, requestSentOn: new Date('2026-10-02'), newExpiresOn: new Date('2031-12-01'), confirmation };
    case 'gpk/renewal-notice':
      return { ...common, applyBefore: new Date('2026-10-01'), application };
    case 'gpk/assessment-needed':
      return {
        ...common,
        assessment: { organisation: locale === 'nl' ? 'De GGD' : 'The GGD', contactWithinWorkingDays: 15 },
      };
    case 'gpk/renewal-stopped':
      return { ...common, reason: stopReason[locale], application };
    case 'remission/granted':
      return { ...remission, remittedOn: new Date('2027-02-15') };
    case 'remission/offer':
      return { ...remission, confirmation: { ...confirmation, deadline: new Date('2027-03-15') } };
    case 'parking-permit/renewed':
      return {
        ...common,
        contact: { phone: '14 0999', website: 'www.voorbeeldstad.nl/parkeren' },
        expiresOn: new Date('2027-01-15'),
        permit: { number: 'BPV-0999-000123', zoneName: 'Centrum', licencePlate: 'AB-123-C' },
        newValidFrom: new Date('2027-01-15'),
        newExpiresOn: new Date('2028-01-15'),
        charge: {
          paid: true,
          amount: locale === 'nl' ? '52,00' : '52.00',
          description: 'Parkeervergunning BPV-0999-000123 2027-2028',
        },
      };
    case 'parking-permit/renewal-notice':
      return {
        ...common,
        contact: { phone: '14 0999', website: 'www.voorbeeldstad.nl/parkeren' },
        expiresOn: new Date('2027-01-15'),
        permit: { number: 'BPV-0999-000123', zoneName: 'Centrum', licencePlate: 'AB-123-C' },
        renewal: { url: 'www.voorbeeldstad.nl/parkeren', fee: locale === 'nl' ? '52,00' : '52.00' },
      };
    case 'parking-place/place-stays':
      return { ...parkingPlace, decisionNote: '' };
    case 'parking-place/place-withdrawn':
      return {
        ...parkingPlace,
        withdrawnOn: new Date('2027-02-01'),
        decisionNote:
          locale === 'nl' ? 'Uw gehandicaptenparkeerkaart is niet verlengd.' : 'Your disabled parking card was not renewed.',
      };
    case 'participation/offer':
      return {
        resident,
        contact: { phone: '14 0999', website: 'www.voorbeeldstad.nl/meedoen' },
        year: 2027,
        children: [
          { name: 'Noor van der Berg', age: 6 },
          { name: 'Daan Şahin van der Berg', age: 11 },
        ],
        sportAmountCents: 35000,
        cultureAmountCents: 42500,
        ready: true,
        usableUntil: new Date('2027-12-31'),
      };
  }
}

/**
 * The example data of a template named by its file (`templates/letters/<name>.<locale>.hbs`),
 * or undefined when there is none, so a check over the folder can name a template that lacks it.
 */
export function findLetterExample(template: string, locale: LetterLocale): Record<string, unknown> | undefined {
  return (LETTER_TEMPLATES as readonly string[]).includes(template)
    ? letterExample(template as LetterTemplateName, locale)
    : undefined;
}
