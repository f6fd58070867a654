// Runs before `npm start` and `npm test`: on a fresh clone it installs the pinned dependencies
// (which also generates the Prisma client), so each of the README's two commands works alone.
// Before `npm test` it also makes sure the browser tests' Chromium is there (installing Debian's
// package when it can), or stops at once with the one command that is missing.
// Plain JavaScript on purpose: it runs before anything is installed.
const { accessSync, constants, existsSync } = require('node:fs');
const { execSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

function main() {
  const installed = existsSync(path.join(root, 'node_modules', '.package-lock.json'));
  const generated = existsSync(path.join(root, 'src', 'db', 'generated', 'client.ts'));
  if (!installed || !generated) {
    process.stdout.write('Installing dependencies (npm ci) ...\n');
    execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  }
  if (process.env.npm_lifecycle_event === 'pretest' || process.argv.includes('--chromium')) ensureChromium();
}

/**
 * The browser tests drive Debian's Chromium at /usr/bin/chromium (tests/support/browser.ts):
 * playwright's own browser download cannot be reached from our machines. Installs it with
 * apt-get as root (or through passwordless sudo, as on CI runners); otherwise stops at once with
 * one line that says the command. The parameters are for the tests.
 */
function ensureChromium({ chromium = CHROMIUM, asRoot = process.getuid?.() === 0 } = {}) {
  if (isExecutable(chromium)) return;
  const hasAptGet = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasAptGet) {
    stop(
      `The browser tests need Chromium at ${chromium} and this machine has no apt-get: install Chromium so that ${chromium} starts it, then run npm test again.`,
    );
  }
  // A password prompt in the middle of npm test would hang unattended runs: only sudo -n.
  const viaSudo = !asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!asRoot && !viaSudo) {
    stop(
      `The browser tests need Chromium at ${chromium}; install it, then run npm test again: sudo apt-get update && sudo apt-get install -y chromium`,
    );
  }
  const steps = [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', 'chromium'],
  ].map((args) =>
    asRoot
      ? ['env', 'DEBIAN_FRONTEND=noninteractive', ...args]
      : ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...args],
  );
  process.stdout.write(
    `Chromium for the browser tests is missing: installing it (${asRoot ? '' : 'sudo '}apt-get install chromium) ...\n`,
  );
  for (const [file, ...args] of steps) {
    const result = spawnSync(file, args, { stdio: 'inherit' });
    if (result.status !== 0) {
      const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
      stop(`Installing Chromium failed (${[file, ...args].join(' ')}: ${why}); fix that, then run npm test again.`);
    }
  }
  if (!isExecutable(chromium)) {
    stop(
      `apt-get installed chromium, but ${chromium} is still missing; install Chromium so that ${chromium} starts it, then run npm test again.`,
    );
  }
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function stop(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

module.exports = { ensureChromium };

if (require.main === module) main();
