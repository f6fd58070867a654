import { spawnSync } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The `pretest` step's Chromium check (src/cli/ensure-dependencies.cjs), run in a child process
 * with a fake apt-get and sudo first on PATH, and a Chromium path of the test's own.
 */
const script = path.resolve(__dirname, '..', '..', 'src', 'cli', 'ensure-dependencies.cjs');
let dir: string;
let chromium: string;
let commandLog: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-ensure-'));
  chromium = path.join(dir, 'chromium');
  commandLog = path.join(dir, 'commands.log');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Fake apt-get: logs its arguments with DEBIAN_FRONTEND; `install` creates the Chromium file (or fails with exit code 100). */
async function fakeTools({
  installFails = false,
  sudo = 'none' as 'none' | 'passwordless' | 'needs-password',
} = {}): Promise<string> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  const aptGet = [
    '#!/bin/sh',
    `echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "${commandLog}"`,
    '[ "$1" = "--version" ] && exit 0',
    '[ "$1" = "update" ] && exit 0',
    installFails
      ? 'echo "E: Unable to locate package chromium" >&2; exit 100'
      : `printf '#!/bin/sh\\n' > "${chromium}"; chmod +x "${chromium}"`,
  ].join('\n');
  await writeFile(path.join(bin, 'apt-get'), `${aptGet}\n`, { mode: 0o755 });
  if (sudo !== 'none') {
    const body =
      sudo === 'passwordless'
        ? `#!/bin/sh\necho "sudo $*" >> "${commandLog}"\nshift\nexec "$@"\n`
        : '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n';
    await writeFile(path.join(bin, 'sudo'), body, { mode: 0o755 });
  }
  return bin;
}

function ensureChromium(options: { asRoot: boolean }, bin: string | null) {
  const result = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(script)}).ensureChromium(${JSON.stringify({ chromium, ...options })})`],
    // Without the fake tools: a PATH with the basics (env, sh) but no apt-get.
    { env: { PATH: bin ? `${bin}:/usr/bin:/bin` : path.join(dir, 'no-such-bin') }, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function commands(): Promise<string[]> {
  return (await readFile(commandLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

describe('npm test: Chromium for the browser tests', () => {
  it('when Chromium is there, then nothing is run', async () => {
    await writeFile(chromium, '#!/bin/sh\n', { mode: 0o755 });
    const bin = await fakeTools();
    expect(ensureChromium({ asRoot: true }, bin)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await commands()).toEqual([]);
  });

  it("when it is missing and we are root, then Debian's chromium is installed with apt-get, non-interactively", async () => {
    const bin = await fakeTools();
    const result = ensureChromium({ asRoot: true }, bin);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('installing it (apt-get install chromium)');
    expect(await commands()).toEqual([
      'apt-get --version DEBIAN_FRONTEND=',
      'apt-get update -qq DEBIAN_FRONTEND=noninteractive',
      'apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive',
    ]);
    await expect(access(chromium, constants.X_OK)).resolves.toBeUndefined();
  });

  it('when it is missing and passwordless sudo works (CI), then it is installed through sudo -n', async () => {
    const bin = await fakeTools({ sudo: 'passwordless' });
    expect(ensureChromium({ asRoot: false }, bin)).toMatchObject({ code: 0, stderr: '' });
    expect(await commands()).toEqual([
      'apt-get --version DEBIAN_FRONTEND=',
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'apt-get update -qq DEBIAN_FRONTEND=noninteractive',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      'apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive',
    ]);
  });

  it('when it is missing and we may not install, then it stops at once with one line giving the command', async () => {
    const bin = await fakeTools({ sudo: 'needs-password' });
    expect(ensureChromium({ asRoot: false }, bin)).toEqual({
      code: 1,
      stdout: '',
      stderr: `The browser tests need Chromium at ${chromium}; install it, then run npm test again: sudo apt-get update && sudo apt-get install -y chromium\n`,
    });
    expect(await commands()).toEqual(['apt-get --version DEBIAN_FRONTEND=']);
  });

  it('when apt-get fails, then it stops with one line naming the failed command', async () => {
    const bin = await fakeTools({ installFails: true });
    const result = ensureChromium({ asRoot: true }, bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('E: Unable to locate package chromium'); // apt-get's own words, passed through
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'Installing Chromium failed (env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium: exit code 100); fix that, then run npm test again.',
    );
  });

  it('when there is no apt-get, then it stops with one line saying what is missing', () => {
    expect(ensureChromium({ asRoot: true }, null)).toEqual({
      code: 1,
      stdout: '',
      stderr: `The browser tests need Chromium at ${chromium} and this machine has no apt-get: install Chromium so that ${chromium} starts it, then run npm test again.\n`,
    });
  });
});
