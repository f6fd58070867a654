/** A line on a chart: points as [x, y]. */
export interface Line {
  label: string;
  points: [number, number][];
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  lines: Line[];
}

const COLOURS = ['#1b6ac9', '#d2691e', '#2e8b57', '#8b3a9e', '#b22222', '#6b6b6b'];
const WIDTH = 960;
const CHART_HEIGHT = 300;
const PAD = { left: 64, right: 250, top: 36, bottom: 44 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about `ticks` axis ticks over 0..max. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return step;
}

function chart(c: Chart, top: number): string {
  const all = c.lines.flatMap((l) => l.points);
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const yMax = Math.max(1, ...all.map(([, y]) => y)) * 1.1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = CHART_HEIGHT - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + (v / xMax) * plotW;
  const y = (v: number) => top + PAD.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${PAD.left}" y="${top + 22}" font-size="15" font-weight="bold">${escape(c.title)}</text>`);
  const xStep = niceStep(xMax, 8);
  for (let v = 0; v <= xMax; v += xStep) {
    parts.push(`<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(yMax)}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x(v)}" y="${y(0) + 16}" font-size="11" text-anchor="middle">${v}</text>`);
  }
  const yStep = niceStep(yMax, 5);
  for (let v = 0; v <= yMax; v += yStep) {
    parts.push(`<line x1="${x(0)}" y1="${y(v)}" x2="${x(xMax)}" y2="${y(v)}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x(0) - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${Math.round(v * 100) / 100}</text>`);
  }
  parts.push(`<rect x="${x(0)}" y="${y(yMax)}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${top + CHART_HEIGHT - 8}" font-size="12" text-anchor="middle">${escape(c.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(16 ${top + PAD.top + plotH / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(c.yLabel)}</text>`,
  );
  c.lines.forEach((line, i) => {
    const colour = COLOURS[i % COLOURS.length];
    if (line.points.length > 0) {
      const d = line.points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${x(px).toFixed(1)} ${y(py).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    const ly = top + PAD.top + 8 + i * 20;
    parts.push(
      `<line x1="${WIDTH - PAD.right + 16}" y1="${ly}" x2="${WIDTH - PAD.right + 40}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`,
    );
    parts.push(`<text x="${WIDTH - PAD.right + 46}" y="${ly + 4}" font-size="11">${escape(line.label)}</text>`);
  });
  return parts.join('\n');
}

/** Charts stacked in one SVG document, drawn without a plotting library. */
export function renderSvg(title: string, charts: Chart[]): string {
  const height = 40 + charts.length * CHART_HEIGHT;
  const body = charts.map((c, i) => chart(c, 40 + i * CHART_HEIGHT)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, sans-serif">
<title>${escape(title)}</title>
<rect width="100%" height="100%" fill="white"/>
<text x="${PAD.left}" y="26" font-size="17" font-weight="bold">${escape(title)}</text>
${body}
</svg>
`;
}

/** A moving average over `window` points, so one-second bins read as a rate. */
export function smooth(points: [number, number][], window = 5): [number, number][] {
  return points.map(([x], i) => {
    const from = Math.max(0, i - window + 1);
    const slice = points.slice(from, i + 1);
    return [x, slice.reduce((a, [, v]) => a + v, 0) / slice.length];
  });
}
