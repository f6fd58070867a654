import path from 'node:path';
// Before pdfkit: it makes pdfkit reuse the parsed letter fonts.
import { sharedFont } from './font-cache';
import PDFDocument from 'pdfkit';
import { InvalidDataError } from '../errors';
import { formatLetterDate, type LetterLocale } from './dates';
import type { LetterBlock } from './templates';

export interface LetterSender {
  /** The municipality, e.g. "Gemeente Voorbeeldstad": letterhead, return address, signature. */
  name: string;
  returnAddressLines: string[];
  signatoryName: string;
  signatoryRole: string;
}

export interface LetterRecipient {
  name: string;
  /** The lines below the name exactly as on the envelope (BRP adressering adresregels). */
  addressLines: string[];
}

export interface LetterDocument {
  locale: LetterLocale;
  sender: LetterSender;
  recipient: LetterRecipient;
  reference: string;
  date: Date;
  subject: string;
  blocks: LetterBlock[];
}

const mm = (millimetres: number): number => (millimetres * 72) / 25.4;

const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
  /** The return address must fit on one line in the window. */
  condensed: path.join(fontDir, 'DejaVuSansCondensed.ttf'),
};
/** Read and parsed once per process, not for every letter (src/letters/font-cache.ts). */
const FONT_DATA = {
  regular: sharedFont(FONT.regular),
  bold: sharedFont(FONT.bold),
  condensed: sharedFont(FONT.condensed),
};

/** A4 and the margins of the text (mm); continuation pages start at MARGIN.top. */
const PAGE = { width: 210, height: 297 };
const MARGIN = { top: 25, bottom: 20, left: 22, right: 20 };

/*
 * The address block must show through the window of the envelope the print street uses. There
 * is no single Dutch window position; these constants are chosen to sit inside the common ones:
 * - Windowed C5, C6/5, E6/5 and EC4 envelopes have the window 15 mm from the left edge, its top
 *   39-44 mm from the top, 30-40 mm high and 95-105 mm wide; the advice is to start the address
 *   at least 15 mm from the left and about 44 mm from the top
 *   (https://officeconsult.no/blogg/brevmaler-plassering-av-mottakerfelt-i-vinduskonvolutter/).
 *   DIN 5008 (German) and the Dutch NEN 1026 layout (Eijkhout's NTG "brief" class) likewise put
 *   the address about 20 mm from the left and 45-50 mm from the top.
 * - PostNL: 3 to 6 address lines, a sans-serif font of 10-12 pt, no bold, underline or italics;
 *   with a window envelope the return address goes top left, on a single line
 *   (https://www.postnl.nl/en/sending/sending-a-parcel/addressing-tips/).
 * - Rijkshuisstijl (Dutch central government letters): the return address is printed small
 *   (6.5 pt) inside the window, above the address
 *   (https://www.rijkshuisstijl.nl/communicatiemiddelen/correspondentie/corpsgroottes-sjablonen).
 * - bpost asks that nothing else in the window looks like an address and that at least 15 mm
 *   right of the address stay free (https://www.bpost.be/nl/adressering-adres-positionering).
 * So: 22 mm from the left (room for the letter shifting a few mm in the envelope), return line at
 * 46 mm, address from 51 mm, at most 6 lines of 10 pt at 4.2 mm each (ends by 76 mm), at most
 * 80 mm wide. Check a test print in the print street's envelope before the first real batch.
 */
const WINDOW = { left: 22, returnLineTop: 46, addressTop: 51, width: 80, lineHeight: 4.2, maxLines: 6 };
const LETTERHEAD_TOP = 15;
const META_TOP = 88;
const CONTINUATION_HEADER_TOP = 12;
const PAGE_NUMBER_TOP = 284;

const SIZE = { letterhead: 16, returnLine: 6.5, address: 10, meta: 10, subject: 12, body: 11, highlight: 16, furniture: 8 };
/**
 * A code typed over from paper is misread least when it stands alone, large, with room between
 * its characters; the frame around it is decoration (an artifact), so a screen reader reads only the code.
 */
const HIGHLIGHT = { characterSpacing: 2.5, padding: 2, indent: 4, frameColour: '#888888' };
const BODY_LINE_GAP = 2;
/**
 * Space between the greeting and the signatory (mm). The print street prints no handwritten
 * signature, so this is room to breathe, not to sign; kept small so a letter with a personal code
 * still fits one page.
 */
const SIGNATURE_SPACE = 6;
const GREY = '#444444';

const words: Record<LetterLocale, { date: string; reference: string; closing: string; page: string; of: string }> = {
  nl: { date: 'Datum', reference: 'Ons kenmerk', closing: 'Met vriendelijke groet,', page: 'Pagina', of: 'van' },
  en: { date: 'Date', reference: 'Our reference', closing: 'Kind regards,', page: 'Page', of: 'of' },
};

const LANG: Record<LetterLocale, string> = { nl: 'nl-NL', en: 'en-GB' };

/** What the PDF claims about itself; tests/integration/letter-conformance.test.ts has veraPDF check it. */
const LETTER_PDF_CONFORMANCE = 'PDF/A-2a';
const PRODUCER = 'Tijdig';

/**
 * pdfkit writes one identification (here PDF/A); the letters also meet PDF/UA-1, which is
 * claimed here. PDF/A-2 only accepts the pdfuaid namespace with this extension schema.
 */
const PDF_UA_IDENTIFICATION = `
        <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
                <rdf:Bag>
                    <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
                        <pdfaSchema:property>
                            <rdf:Seq>
                                <rdf:li rdf:parseType="Resource">
                                    <pdfaProperty:name>part</pdfaProperty:name>
                                    <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
                                    <pdfaProperty:category>internal</pdfaProperty:category>
                                    <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
                                </rdf:li>
                            </rdf:Seq>
                        </pdfaSchema:property>
                    </rdf:li>
                </rdf:Bag>
            </pdfaExtension:schemas>
        </rdf:Description>`;

/** pdfkit copies Title and Author unescaped into its XMP packet; these characters would break it. */
const metadataSafe = (text: string): string => text.replace(/&/g, '+').replace(/[<>]/g, '');

/** A web address broken over two lines is hard to type over; a word joiner after / and - keeps it whole. */
const keepWebAddressesWhole = (text: string): string =>
  text.replace(/\b(?:https?:\/\/|www\.)\S+/g, (address) => address.replace(/([/-])/g, '$1\u2060'));

function checkAddress(letter: LetterDocument, doc: PDFKit.PDFDocument): void {
  const lines = [letter.recipient.name, ...letter.recipient.addressLines];
  if (letter.recipient.name.trim() === '' || letter.recipient.addressLines.length === 0) {
    throw new InvalidDataError('The recipient needs a name and at least one address line');
  }
  if (lines.length > WINDOW.maxLines) {
    throw new InvalidDataError(`The address has ${lines.length} lines; the envelope window holds ${WINDOW.maxLines}`);
  }
  doc.font('regular').fontSize(SIZE.address);
  const tooWide = lines.find((line) => doc.widthOfString(line) > mm(WINDOW.width));
  if (tooWide !== undefined) {
    throw new InvalidDataError(`Address line "${tooWide}" is wider than the envelope window (${WINDOW.width} mm)`);
  }
}

/** The fonts every letter embeds; `npm run bench` compares the letters with bare pdfkit on the same ones. */
export const LETTER_FONTS: Readonly<Record<'regular' | 'bold' | 'condensed', string>> = FONT;

/** pdfkit's document options of a letter: page, PDF/A identification, tagging, metadata. */
export function letterPdfOptions(
  letter: Pick<LetterDocument, 'locale' | 'subject' | 'sender' | 'date'>,
): PDFKit.PDFDocumentOptions {
  return {
    size: 'A4',
    margins: { top: mm(MARGIN.top), bottom: mm(MARGIN.bottom), left: mm(MARGIN.left), right: mm(MARGIN.right) },
    pdfVersion: '1.7',
    subset: LETTER_PDF_CONFORMANCE,
    tagged: true,
    lang: LANG[letter.locale],
    displayTitle: true,
    bufferPages: true,
    // pdfkit takes the font's bytes here too (its types name only a file).
    font: FONT_DATA.regular as unknown as string,
    info: {
      Title: metadataSafe(letter.subject),
      Author: metadataSafe(letter.sender.name),
      Creator: PRODUCER,
      Producer: PRODUCER,
      CreationDate: letter.date,
    },
  };
}

/**
 * Lays out one letter on A4 for a window envelope and returns the PDF. The same input gives the
 * same bytes: the creation date and document id come from the letter date, not the clock.
 */
export function layoutLetterPdf(letter: LetterDocument): Promise<Buffer> {
  const w = words[letter.locale];
  const doc = new PDFDocument(letterPdfOptions(letter));
  const chunks: Buffer[] = [];
  const pdf = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.appendXML(PDF_UA_IDENTIFICATION);
  doc.registerFont('regular', FONT_DATA.regular);
  doc.registerFont('bold', FONT_DATA.bold);
  doc.registerFont('condensed', FONT_DATA.condensed);
  checkAddress(letter, doc);

  const left = mm(MARGIN.left);
  const width = mm(PAGE.width - MARGIN.left - MARGIN.right);
  const bottom = mm(PAGE.height - MARGIN.bottom);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const tagged = (type: string, draw: () => void): void => {
    root.add(doc.struct(type, {}, draw));
  };
  /**
   * Lines set one under the other (address, signature) as one paragraph each in a Div: in one
   * paragraph they would reach a screen reader or a copy as one run of words with no space between.
   */
  const taggedLines = (lines: string[], draw: (line: string, index: number) => void): void => {
    const block = doc.struct('Div');
    root.add(block);
    lines.forEach((line, i) => block.add(doc.struct('P', {}, () => draw(line, i))));
    block.end();
  };
  /** Starts a new page when less than `height` is left, so a heading never ends a page. */
  const keepTogether = (height: number): void => {
    if (doc.y + height > bottom) doc.addPage();
  };

  tagged('P', () => {
    doc.font('bold').fontSize(SIZE.letterhead).text(letter.sender.name, left, mm(LETTERHEAD_TOP), { width });
  });

  const returnLine = [letter.sender.name, ...letter.sender.returnAddressLines].join(', ');
  doc.font('condensed').fontSize(SIZE.returnLine);
  if (doc.widthOfString(returnLine) > mm(WINDOW.width)) {
    throw new InvalidDataError(`Return address "${returnLine}" is wider than the envelope window (${WINDOW.width} mm)`);
  }
  tagged('P', () => {
    doc.fillColor(GREY).text(returnLine, mm(WINDOW.left), mm(WINDOW.returnLineTop), { lineBreak: false });
    doc.fillColor('black');
  });
  doc.font('regular').fontSize(SIZE.address);
  taggedLines([letter.recipient.name, ...letter.recipient.addressLines], (line, i) => {
    doc.text(line, mm(WINDOW.left), mm(WINDOW.addressTop + i * WINDOW.lineHeight), { lineBreak: false });
  });

  const metaValueX = left + mm(30);
  const metaRows: [string, string][] = [
    [w.date, formatLetterDate(letter.date, letter.locale)],
    [w.reference, letter.reference],
  ];
  metaRows.forEach(([label, value], i) => {
    tagged('P', () => {
      const y = mm(META_TOP + i * 5.5);
      // The space keeps label and value two words for a screen reader; it is not seen.
      doc.font('regular').fontSize(SIZE.meta).fillColor(GREY).text(`${label} `, left, y, { lineBreak: false });
      doc.fillColor('black').text(value, metaValueX, y, { width: width - mm(30) });
    });
  });

  tagged('H1', () => {
    doc
      .font('bold')
      .fontSize(SIZE.subject)
      .text(letter.subject, left, mm(META_TOP + 2 * 5.5 + 7), { width });
  });
  doc.y += mm(5);

  for (const block of letter.blocks) {
    doc.font(block.kind === 'heading' ? 'bold' : 'regular').fontSize(SIZE.body);
    const lineHeight = doc.currentLineHeight(true) + BODY_LINE_GAP;
    if (block.kind === 'heading') {
      doc.y += mm(1.5);
      keepTogether(lineHeight * 3);
      tagged('H2', () => {
        doc.text(block.text, left, doc.y, { width, lineGap: BODY_LINE_GAP });
      });
      doc.y += mm(0.5);
    } else if (block.kind === 'highlight') {
      doc.font('bold').fontSize(SIZE.highlight);
      const height = doc.currentLineHeight(true) + mm(2 * HIGHLIGHT.padding);
      const textWidth = doc.widthOfString(block.text, { characterSpacing: HIGHLIGHT.characterSpacing });
      keepTogether(height + mm(2.5));
      const top = doc.y;
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .lineWidth(0.75)
        .strokeColor(HIGHLIGHT.frameColour)
        .rect(left + mm(HIGHLIGHT.indent), top, textWidth + mm(2 * HIGHLIGHT.padding), height)
        .stroke()
        .strokeColor('black');
      doc.endMarkedContent();
      tagged('P', () => {
        doc.text(block.text, left + mm(HIGHLIGHT.indent + HIGHLIGHT.padding), top + mm(HIGHLIGHT.padding), {
          lineBreak: false,
          characterSpacing: HIGHLIGHT.characterSpacing,
        });
      });
      doc.y = top + height + mm(2.5);
    } else if (block.kind === 'paragraph') {
      keepTogether(lineHeight * 2);
      tagged('P', () => {
        doc.text(keepWebAddressesWhole(block.text), left, doc.y, { width, lineGap: BODY_LINE_GAP });
      });
      doc.y += mm(3);
    } else {
      keepTogether(lineHeight * 2);
      const list = doc.struct('L');
      root.add(list);
      doc.list(block.items.map(keepWebAddressesWhole), left + mm(4), doc.y, {
        width: width - mm(4),
        lineGap: BODY_LINE_GAP,
        bulletRadius: 1.6,
        textIndent: mm(4),
        structParent: list,
      });
      list.end();
      doc.y += mm(3);
    }
  }

  doc.font('regular').fontSize(SIZE.body);
  const closingLine = doc.currentLineHeight(true) + BODY_LINE_GAP;
  keepTogether(closingLine * 4 + mm(2 + SIGNATURE_SPACE));
  tagged('P', () => {
    doc.text(w.closing, left, doc.y + mm(2), { width });
  });
  doc.y += mm(SIGNATURE_SPACE);
  taggedLines([letter.sender.signatoryName, letter.sender.signatoryRole, letter.sender.name], (line) => {
    doc.text(line, left, doc.y, { width, lineGap: BODY_LINE_GAP });
  });
  root.end();

  addPageFurniture(doc, letter);
  doc.end();
  return pdf;
}

/** Page numbers, and a short header on continuation pages: only when the letter runs over a page. */
function addPageFurniture(doc: PDFKit.PDFDocument, letter: LetterDocument): void {
  const w = words[letter.locale];
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  const left = mm(MARGIN.left);
  const width = mm(PAGE.width - MARGIN.left - MARGIN.right);
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(SIZE.furniture).fillColor(GREY);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.text(`${w.page} ${i + 1} ${w.of} ${range.count}`, left, mm(PAGE_NUMBER_TOP), {
      width,
      align: 'right',
      lineBreak: false,
    });
    if (i > 0) {
      doc.text(`${letter.sender.name} · ${w.reference} ${letter.reference}`, left, mm(CONTINUATION_HEADER_TOP), {
        width,
        lineBreak: false,
      });
    }
    doc.endMarkedContent();
    doc.fillColor('black');
  }
}
