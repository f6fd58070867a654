import pdfParse from 'pdf-parse';

/** The text a reader sees in a PDF, with layout line breaks folded into single spaces. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const { text } = await pdfParse(Buffer.from(pdf));
  return text.replace(/\s+/g, ' ').trim();
}
