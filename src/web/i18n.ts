import type { NextFunction, Request, Response } from 'express';

/**
 * The words on Tijdig's screens, in Dutch at language level B1 and in English. A key missing in
 * one language is a type error, so the two cannot drift apart.
 */
const nl = {
  'lang.name': 'Nederlands',
  'lang.switch': 'English',
  'layout.skip': 'Naar de inhoud',
  'layout.accessibility': 'Toegankelijkheid',
  'layout.footer': 'Een dienst van',
  'error.title': 'Er ging iets mis',
  'error.body': 'Het lukt nu niet. Er is niets verloren gegaan. Probeer het later nog eens.',
  'error.csrf': 'Dit formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  'notFound.title': 'Pagina niet gevonden',
  'notFound.body': 'Deze pagina bestaat niet. Controleer het adres.',
  'home.title': 'Uw parkeerkaart verlengen',
  'home.intro': 'Hebt u een brief van ons gekregen over uw gehandicaptenparkeerkaart? Hier controleert u uw gegevens.',
  'code.title': 'Uw parkeerkaart verlengen',
  'code.intro': 'In uw brief staat een persoonlijke code. Vul die code hieronder in.',
  'code.label': 'Persoonlijke code',
  'code.hint': 'Bijvoorbeeld: K7M4Q-9TXAB. Hoofdletters en streepjes maken niet uit.',
  'code.submit': 'Verder',
  'code.invalid':
    'Deze code kunnen wij niet gebruiken. Misschien is de code verkeerd overgetypt, al gebruikt of verlopen. Bel ons als het niet lukt.',
  'code.tooMany': 'U hebt te vaak een code geprobeerd. Wacht een kwartier en probeer het dan opnieuw.',
  'details.title': 'Kloppen deze gegevens?',
  'details.intro': 'Met deze gegevens maken wij uw nieuwe parkeerkaart.',
  'details.name': 'Naam',
  'details.address': 'Adres',
  'details.kind': 'Soort kaart',
  'details.validFrom': 'Nieuwe kaart geldig vanaf',
  'details.validUntil': 'Nieuwe kaart geldig tot en met',
  'details.next': 'Wat gebeurt er als u bevestigt?',
  'details.nextBody':
    'Wij maken uw nieuwe kaart en sturen die met de post naar het adres hierboven. U krijgt de kaart binnen {days} werkdagen.',
  'details.confirm': 'Ja, alles klopt',
  'details.change': 'Er klopt iets niet',
  'details.decline': 'Ik wil geen nieuwe kaart',
  'details.optOut': 'Ik wil geen brieven meer voordat mijn kaart verloopt',
  'change.title': 'Wat klopt er niet?',
  'change.category': 'Waar gaat het over?',
  'change.category.address': 'Mijn adres',
  'change.category.name': 'Mijn naam',
  'change.category.health': 'Mijn gezondheid is veranderd',
  'change.category.other': 'Iets anders',
  'change.text': 'Vertel ons wat er anders is',
  'change.textHint': 'Een medewerker leest dit en neemt contact met u op.',
  'change.submit': 'Versturen',
  'change.textMissing': 'Vul in wat er anders is.',
  'decline.title': 'Geen nieuwe kaart',
  'decline.body': 'Wij maken dan geen nieuwe kaart. Uw huidige kaart blijft geldig tot de datum op de kaart.',
  'decline.submit': 'Ja, ik wil geen nieuwe kaart',
  'optOut.title': 'Geen brieven meer vooraf',
  'optOut.body':
    'Wij sturen u dan geen brief meer als uw parkeerkaart bijna verloopt. U moet dan zelf op tijd een nieuwe kaart aanvragen.',
  'optOut.submit': 'Ja, stuur mij geen brieven meer vooraf',
  'receipt.title': 'Bedankt, wij hebben uw antwoord',
  'receipt.confirmed': 'U hebt bevestigd dat uw gegevens kloppen. Wij maken uw nieuwe kaart en sturen die met de post.',
  'receipt.reported-change':
    'U hebt ons laten weten dat er iets niet klopt. Een medewerker neemt binnen 10 werkdagen contact met u op.',
  'receipt.declined': 'U wilt geen nieuwe kaart. Wij maken geen nieuwe kaart voor u.',
  'receipt.optedOut': 'Wij sturen u geen brieven meer voordat uw kaart verloopt.',
  'receipt.when': 'Ontvangen op',
  back: 'Terug',
  'cardKind.B': 'Bestuurderskaart',
  'cardKind.P': 'Passagierskaart',
  'cardKind.BP': 'Bestuurders- en passagierskaart',
  'a11y.title': 'Toegankelijkheid',
} as const;

type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  'lang.name': 'English',
  'lang.switch': 'Nederlands',
  'layout.skip': 'Skip to content',
  'layout.accessibility': 'Accessibility',
  'layout.footer': 'A service of',
  'error.title': 'Something went wrong',
  'error.body': 'This does not work right now. Nothing was lost. Please try again later.',
  'error.csrf': 'This form has expired. Go back, reload the page and try again.',
  'notFound.title': 'Page not found',
  'notFound.body': 'This page does not exist. Please check the address.',
  'home.title': 'Renew your parking card',
  'home.intro': 'Did you receive a letter from us about your disabled parking card? Check your details here.',
  'code.title': 'Renew your parking card',
  'code.intro': 'Your letter contains a personal code. Enter that code below.',
  'code.label': 'Personal code',
  'code.hint': 'For example: K7M4Q-9TXAB. Capitals and dashes do not matter.',
  'code.submit': 'Continue',
  'code.invalid': 'We cannot use this code. It may have been mistyped, already used or expired. Call us if it does not work.',
  'code.tooMany': 'You have tried too many codes. Wait a quarter of an hour and try again.',
  'details.title': 'Are these details correct?',
  'details.intro': 'We use these details to make your new parking card.',
  'details.name': 'Name',
  'details.address': 'Address',
  'details.kind': 'Type of card',
  'details.validFrom': 'New card valid from',
  'details.validUntil': 'New card valid until',
  'details.next': 'What happens when you confirm?',
  'details.nextBody':
    'We make your new card and send it by post to the address above. You will receive it within {days} working days.',
  'details.confirm': 'Yes, everything is correct',
  'details.change': 'Something is not correct',
  'details.decline': 'I do not want a new card',
  'details.optOut': 'Do not write to me before my card expires',
  'change.title': 'What is not correct?',
  'change.category': 'What is it about?',
  'change.category.address': 'My address',
  'change.category.name': 'My name',
  'change.category.health': 'My health has changed',
  'change.category.other': 'Something else',
  'change.text': 'Tell us what is different',
  'change.textHint': 'Someone from the municipality reads this and will contact you.',
  'change.submit': 'Send',
  'change.textMissing': 'Please describe what is different.',
  'decline.title': 'No new card',
  'decline.body': 'We will not make a new card. Your current card stays valid until the date on the card.',
  'decline.submit': 'Yes, I do not want a new card',
  'optOut.title': 'No more letters in advance',
  'optOut.body':
    'We will no longer write to you when your parking card is about to expire. You will have to apply for a new card in time yourself.',
  'optOut.submit': 'Yes, do not write to me in advance',
  'receipt.title': 'Thank you, we have your answer',
  'receipt.confirmed': 'You confirmed that your details are correct. We will make your new card and send it by post.',
  'receipt.reported-change':
    'You told us that something is not correct. Someone from the municipality will contact you within 10 working days.',
  'receipt.declined': 'You do not want a new card. We will not make one for you.',
  'receipt.optedOut': 'We will no longer write to you before your card expires.',
  'receipt.when': 'Received on',
  back: 'Back',
  'cardKind.B': 'Driver card',
  'cardKind.P': 'Passenger card',
  'cardKind.BP': 'Driver and passenger card',
  'a11y.title': 'Accessibility',
};

export const LOCALES = { nl, en } as const;
export type Locale = keyof typeof LOCALES;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages: Record<MessageKey, string> = LOCALES[locale];
  return (key, values = {}) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Dutch by default; `?lang=en` switches and is remembered in a cookie. */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked === 'nl' || asked === 'en') res.cookie('lang', asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000 });
  const cookie = req.cookies?.lang as string | undefined;
  const locale: Locale = asked === 'en' || asked === 'nl' ? asked : cookie === 'en' ? 'en' : 'nl';
  res.locals.locale = locale;
  res.locals.t = translator(locale);
  next();
}
