import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENGINE_DIR } from '../../src/engine/local-engine';

/**
 * A machine without Java or Maven: the engine's start says what to install, and nothing else
 * happens. Run in a process of its own whose PATH holds neither tool.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function withoutTools(script: string, dir: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { PATH: dir, HOME: dir } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => resolve(output));
  });
}

describe('the engine on a machine that lacks its tools', () => {
  jest.setTimeout(60_000);
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-no-tools-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when java is not installed, then the start stops with what to install or how to use an existing engine', async () => {
    const output = await withoutTools(
      `const { startLocalEngine } = require('./src/engine/local-engine');
       const { createLogger } = require('./src/logger');
       startLocalEngine({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none', port: 1, adminUser: 'admin',
         adminPassword: 'unused', logFile: ${JSON.stringify(path.join(dir, 'engine.log'))}, logger: createLogger('silent') })
         .catch((err) => console.log(err.message));`,
      dir,
    );
    expect(output).toMatch(
      /needs Java 17 or newer: install it \(Debian: apt-get install openjdk-17-jre-headless\), or set ENGINE_REST_URL/,
    );
  });

  it('when the engine must be built and mvn is not installed, then it says to install Maven', async () => {
    const engineDir = path.join(dir, 'engine');
    await cp(path.join(ENGINE_DIR, 'pom.xml'), path.join(engineDir, 'pom.xml'));
    await cp(path.join(ENGINE_DIR, 'src'), path.join(engineDir, 'src'), { recursive: true });
    const output = await withoutTools(
      `const { ensureEngineJar } = require('./src/engine/local-engine');
       const { createLogger } = require('./src/logger');
       try { ensureEngineJar(createLogger('silent'), ${JSON.stringify(engineDir)}); } catch (err) { console.log(err.message); }`,
      dir,
    );
    expect(output).toMatch(/needs Apache Maven: install it \(Debian: apt-get install maven\)/);
  });
});
