import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string | null): unknown;
}

/**
 * pdfkit parses a font anew for every document (fontkit.create, then its cmap, GSUB and GPOS
 * tables on first use). With DejaVu Sans that was most of a letter's time: about 10 letters/s,
 * which bounds a worker process's renewals per second (`npm run bench`). pdfkit only reads a
 * parsed font afterwards (each document builds its own subset, synchronously), so the letter
 * fonts are parsed once per process. fontkit's exports cannot be redefined, so pdfkit is handed
 * a fontkit whose create() returns the parsed font for these exact bytes: this module must load
 * before pdfkit does (src/letters/pdf.ts imports it first). Where modules are not Node's own
 * (jest), or pdfkit was loaded before, every letter simply parses its fonts as before.
 */
const parsed = new Map<Uint8Array, unknown>();

function shareParsedFonts(): boolean {
  const pdfkitPath = require.resolve('pdfkit');
  const fontkitPath = require.resolve('fontkit', { paths: [pdfkitPath] });
  if (!require.cache || require.cache[pdfkitPath]) return false;
  createRequire(pdfkitPath)('fontkit');
  const loaded = require.cache[fontkitPath];
  if (!loaded) return false;
  const fontkit = loaded.exports as Fontkit;
  loaded.exports = Object.create(fontkit, {
    create: {
      enumerable: true,
      value: (buffer: Uint8Array, postscriptName?: string | null) => {
        if (postscriptName || !parsed.has(buffer)) return fontkit.create(buffer, postscriptName);
        let font = parsed.get(buffer);
        if (font === undefined) {
          font = fontkit.create(buffer);
          parsed.set(buffer, font);
        }
        return font;
      },
    },
  });
  return true;
}

/** Whether this process's letters share their parsed fonts (false under jest, or when pdfkit loaded first). */
export const fontsShared = shareParsedFonts();

/** The font file's bytes, read once; given these bytes, pdfkit reuses one parsed font. */
export function sharedFont(file: string): Buffer {
  const bytes = readFileSync(file);
  parsed.set(bytes, undefined);
  return bytes;
}
