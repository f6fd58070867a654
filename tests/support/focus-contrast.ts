import type { Page } from 'playwright-core';

export interface FocusedSkipLink {
  text: string;
  /** Whether the focused link lies inside the viewport with a size of its own. */
  onScreen: boolean;
  /** WCAG contrast of the link's text against its own background (1.4.3 asks at least 4.5). */
  textContrast: number;
  /** WCAG contrast of the link's background (or outline) against the page behind it (1.4.11 asks at least 3). */
  indicatorContrast: number;
}

/**
 * Presses Tab once on a freshly loaded page, so the skip link (the first thing to focus) has focus,
 * and measures it as a sighted keyboard user sees it: the computed colours of the focused state,
 * with transparent backgrounds resolved to the first opaque one behind them.
 */
export async function focusSkipLink(page: Page): Promise<FocusedSkipLink> {
  await page.keyboard.press('Tab');
  // A script string: the page's DOM types are not part of this project's TypeScript setup.
  return page.evaluate<FocusedSkipLink>(MEASURE_FOCUSED);
}

const MEASURE_FOCUSED = `(() => {
  const parse = (colour) => {
    const [r = 0, g = 0, b = 0, a = 1] = (colour.match(/[\\d.]+/g) || []).map(Number);
    return [r, g, b, colour.startsWith('rgba') ? a : 1];
  };
  const opaqueBackground = (start) => {
    for (let el = start; el; el = el.parentElement) {
      const [r, g, b, a] = parse(getComputedStyle(el).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const link = document.activeElement;
  const style = getComputedStyle(link);
  const rect = link.getBoundingClientRect();
  const own = opaqueBackground(link);
  const behind = opaqueBackground(link.parentElement);
  const [or, og, ob, oa] = parse(style.outlineColor);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && oa > 0 ? [or, og, ob] : null;
  const [tr, tg, tb] = parse(style.color);
  return {
    text: (link.textContent || '').trim(),
    onScreen: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight,
    textContrast: contrast([tr, tg, tb], own),
    indicatorContrast: Math.max(contrast(own, behind), outline ? contrast(outline, behind) : 1),
  };
})()`;
