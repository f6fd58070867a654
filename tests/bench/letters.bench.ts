// src/letters before pdfkit, as in the workers: it makes pdfkit reuse Tijdig's parsed letter fonts.
import { LETTER_FONTS, letterPdfOptions } from '../../src/letters/pdf';
import PDFDocument from 'pdfkit';
import { exampleDate, exampleRecipient, exampleSender, letterExample } from '../../src/letters/examples';
import { createLetterRenderer, type LetterInput } from '../../src/letters/render';
import { createLetterTemplates, type LetterBlock } from '../../src/letters/templates';

export interface LettersResult {
  letters: number;
  template: string;
  tijdigLettersPerSecond: number;
  barePdfkitLettersPerSecond: number;
  /** Tijdig / bare pdfkit. */
  ratio: number;
  tijdigBytes: number;
  bareBytes: number;
}

const TEMPLATE = 'gpk/renewed';
const ROUNDS = 5;
const WARM_UP = 10;

/**
 * The baseline: pdfkit writing the same text on one A4 page with the same fonts and the same
 * document options as Tijdig's letters (read from src/letters/pdf.ts), without templates, layout
 * rules or the structure tree a screen reader needs.
 */
function barePdfkit(subject: string, blocks: LetterBlock[], recipientLines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({
    ...letterPdfOptions({ locale: 'nl', subject, sender: exampleSender, date: exampleDate }),
    // From the file, as plain pdfkit use does: Tijdig's own letters reuse one parsed font instead.
    font: LETTER_FONTS.regular,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', LETTER_FONTS.regular);
  doc.registerFont('bold', LETTER_FONTS.bold);
  doc.registerFont('condensed', LETTER_FONTS.condensed);
  doc.font('bold').fontSize(16).text(exampleSender.name);
  doc
    .font('condensed')
    .fontSize(6.5)
    .text([exampleSender.name, ...exampleSender.returnAddressLines].join(', '));
  doc.font('regular').fontSize(10).text(recipientLines.join('\n'));
  doc.font('bold').fontSize(12).text(subject);
  for (const block of blocks) {
    doc.font(block.kind === 'heading' || block.kind === 'highlight' ? 'bold' : 'regular').fontSize(11);
    doc.text(block.kind === 'list' ? block.items.join('\n') : block.text);
  }
  doc.end();
  return done;
}

async function timed(count: number, make: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) bytes = (await make()).length;
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
}

/** Tijdig's letter (template, layout, tagging) against bare pdfkit, alternating rounds in this process. */
export async function runLettersBench(letters: number): Promise<LettersResult> {
  const render = createLetterRenderer();
  const input: LetterInput = {
    template: TEMPLATE,
    locale: 'nl',
    sender: exampleSender,
    recipient: exampleRecipient,
    reference: 'GPK-000001-V',
    date: exampleDate,
    data: letterExample(TEMPLATE, 'nl'),
  };
  const { subject, blocks } = createLetterTemplates().fill(TEMPLATE, 'nl', input.data);
  const recipientLines = [exampleRecipient.name, ...exampleRecipient.addressLines];
  const tijdig = async () => (await render(input)).pdf;
  const bare = () => barePdfkit(subject, blocks, recipientLines);

  await timed(WARM_UP, tijdig);
  await timed(WARM_UP, bare);
  const perRound = Math.max(1, Math.round(letters / ROUNDS));
  const totals = { tijdig: 0, bare: 0, tijdigBytes: 0, bareBytes: 0 };
  // Alternating rounds, so a neighbour's load on the machine falls on both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    const a = await timed(perRound, tijdig);
    const b = await timed(perRound, bare);
    totals.tijdig += a.ms;
    totals.bare += b.ms;
    totals.tijdigBytes = a.bytes;
    totals.bareBytes = b.bytes;
  }
  const count = perRound * ROUNDS;
  const tijdigRate = count / (totals.tijdig / 1000);
  const bareRate = count / (totals.bare / 1000);
  return {
    letters: count,
    template: TEMPLATE,
    tijdigLettersPerSecond: Math.round(tijdigRate * 10) / 10,
    barePdfkitLettersPerSecond: Math.round(bareRate * 10) / 10,
    ratio: Math.round((tijdigRate / bareRate) * 100) / 100,
    tijdigBytes: totals.tijdigBytes,
    bareBytes: totals.bareBytes,
  };
}
