import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../src/config';
import { durationMs } from '../../src/iso-duration';

describe('configuration', () => {
  it('when a setting is wrong, then start-up stops with a message naming each wrong setting', () => {
    expect(() => loadConfig({ MUNICIPALITY_CODE: '99', CONFIRMATION_REMINDER_AFTER: '14 days', SCAN_CRON: 'daily' })).toThrow(
      /MUNICIPALITY_CODE: must be the 4-digit CBS municipality code[\s\S]*CONFIRMATION_REMINDER_AFTER: must be an ISO 8601 duration[\s\S]*SCAN_CRON: must be a cron expression/,
    );
  });

  it('when nothing is set, then Tijdig runs in local mode with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      START_STUBS: true,
      SERVICE_CATALOGUE: path.resolve(__dirname, '..', '..', 'config', 'services.json'),
    });
  });

  it('when a municipality reads the README, then its configuration table lists exactly the settings Tijdig reads', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('when durations are configured in ISO 8601, then timers and letters read the same length', () => {
    expect(durationMs('P14D')).toBe(14 * 86_400_000);
    expect(durationMs('P2W')).toBe(14 * 86_400_000);
    expect(durationMs('PT5M')).toBe(300_000);
    expect(() => durationMs('P')).toThrow(/not an ISO 8601 duration/);
  });
});
