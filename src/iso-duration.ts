/**
 * ISO 8601 durations as the BPMN timers use them ("P14D", "PT5M", "P2W"), so the same
 * configured value drives both the engine's timer and the date we print in a letter.
 */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function isIsoDuration(value: string): boolean {
  return PATTERN.test(value) && value !== 'P' && !value.endsWith('T');
}

export function durationMs(value: string): number {
  const m = PATTERN.exec(value);
  if (!m || !isIsoDuration(value)) throw new Error(`"${value}" is not an ISO 8601 duration like P14D or PT5M`);
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}
