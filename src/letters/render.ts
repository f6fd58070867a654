import type { LetterLocale } from './dates';
import { layoutLetterPdf, type LetterRecipient, type LetterSender } from './pdf';
import { createLetterTemplates, type LetterBlock, type LetterTemplateName } from './templates';

export type { LetterLocale } from './dates';
export type { LetterRecipient, LetterSender } from './pdf';
export type { LetterTemplateName } from './templates';

export interface LetterInput {
  template: LetterTemplateName;
  locale: LetterLocale;
  sender: LetterSender;
  /** addressLines as on the envelope. */
  recipient: LetterRecipient;
  /** "Ons kenmerk". */
  reference: string;
  date: Date;
  /** The template variables. */
  data: Record<string, unknown>;
}

export interface RenderedLetter {
  pdf: Buffer;
  subject: string;
  /** The body as plain text, e.g. for the resident's overview of contact moments. */
  text: string;
}

export type RenderLetter = (input: LetterInput) => Promise<RenderedLetter>;

function plainText(blocks: LetterBlock[]): string {
  return blocks
    .map((block) => (block.kind === 'list' ? block.items.map((item) => `- ${item}`).join('\n') : block.text))
    .join('\n\n');
}

/** A letter renderer over the templates in `templatesDir` (default templates/letters). */
export function createLetterRenderer(options: { templatesDir?: string } = {}): RenderLetter {
  const templates = createLetterTemplates(options.templatesDir);
  return async (input) => {
    const { subject, blocks } = templates.fill(input.template, input.locale, input.data);
    const pdf = await layoutLetterPdf({
      locale: input.locale,
      sender: input.sender,
      recipient: input.recipient,
      reference: input.reference,
      date: input.date,
      subject,
      blocks,
    });
    return { pdf, subject, text: plainText(blocks) };
  };
}

/** Renders a letter from the templates in templates/letters. */
export const renderLetter: RenderLetter = createLetterRenderer();
