// Runs before `npm start` and `npm test`: on a fresh clone it installs the pinned dependencies
// (which also generates the Prisma client), so each of the README's two commands works alone.
// Plain JavaScript on purpose: it runs before anything is installed.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const installed = existsSync(path.join(root, 'node_modules', '.package-lock.json'));
const generated = existsSync(path.join(root, 'src', 'db', 'generated', 'client.ts'));
if (!installed || !generated) {
  process.stdout.write('Installing dependencies (npm ci) ...\n');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
