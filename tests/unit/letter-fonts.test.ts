import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function renderEveryLetter(...flags: string[]): { fontsShared: boolean; sha256: string } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/render-every-letter.ts', ...flags], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim()) as { fontsShared: boolean; sha256: string };
}

describe('letter fonts parsed once per process', () => {
  jest.setTimeout(120_000);

  it('when the workers share the parsed letter fonts between letters, then every letter is byte for byte the one rendered with its own fonts', () => {
    const shared = renderEveryLetter();
    const perLetter = renderEveryLetter('--fonts-per-letter');
    expect(shared.fontsShared).toBe(true);
    expect(perLetter.fontsShared).toBe(false);
    expect(shared.sha256).toBe(perLetter.sha256);
  });
});
