import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { createRestClient } from '../../src/engine/operaton/rest';
import { testEngine, testEngineAccess } from '../support/engine';

/** The engine the project builds and starts: who may use it, and what it accepts as a model. */
describe('the process engine', () => {
  jest.setTimeout(60_000);

  it("when someone calls the REST API without credentials or with a wrong password, then it is refused; Tijdig's own account is let in", async () => {
    const { restUrl, credentials } = testEngineAccess();
    expect((await fetch(`${restUrl}/task`)).status).toBe(401);
    // Another account: a wrong password locks the account it names for a few seconds (the engine's login delay).
    const wrong = Buffer.from(`${process.env.TIJDIG_TEST_ENGINE_ADMIN_USER}:not-the-password`).toString('base64');
    expect((await fetch(`${restUrl}/task`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
    expect(await createRestClient(restUrl, credentials).request('GET', '/task?maxResults=1')).toEqual(expect.any(Array));
  });

  it('when every model in bpmn/ is deployed twice, then each deploys and the second time makes no new version', async () => {
    const engine = testEngine();
    const first = await engine.deploy(BPMN_DIR);
    expect(first.processes).toEqual(expect.arrayContaining([expect.stringMatching(/^gpk-renewal v\d+$/)]));
    const second = await engine.deploy(BPMN_DIR);
    expect(second.changed).toBe(false);
    expect(second.processes).toEqual(first.processes);
  });

  it('when a decision table does not parse, then nothing of that deployment lands: the error names the table, and the processes and tables stay as they were', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-models-'));
    try {
      for (const file of ['assess-exception.form', 'gpk-renewal.bpmn'])
        await copyFile(path.join(BPMN_DIR, file), path.join(dir, file));
      const table = await readFile(path.join(BPMN_DIR, 'gpk-indication.dmn'), 'utf8');
      await writeFile(path.join(dir, 'gpk-indication.dmn'), table.replace('</decisionTable>', '<rule>'));
      const engine = testEngine();
      const before = await engine.deploy(BPMN_DIR);
      const rest = createRestClient(testEngineAccess().restUrl, testEngineAccess().credentials);
      const deployments = async () => (await rest.request<{ count: number }>('GET', '/deployment/count')).count;
      const decisions = async () => (await rest.request<{ count: number }>('GET', '/decision-definition/count')).count;
      const [deploymentsBefore, decisionsBefore] = [await deployments(), await decisions()];

      await expect(engine.deploy(dir)).rejects.toThrow(/gpk-indication\.dmn/);

      expect(await deployments()).toBe(deploymentsBefore);
      expect(await decisions()).toBe(decisionsBefore);
      expect((await engine.deploy(BPMN_DIR)).processes).toEqual(before.processes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("when a model does not deploy, then the error names the files and the engine's reason, and the running version stays", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-models-'));
    try {
      await copyFile(path.join(BPMN_DIR, 'assess-exception.form'), path.join(dir, 'assess-exception.form'));
      const model = await readFile(path.join(BPMN_DIR, 'gpk-renewal.bpmn'), 'utf8');
      await writeFile(
        path.join(dir, 'gpk-renewal.bpmn'),
        model.replace('sourceRef="renewal-due" targetRef="check-residence"', 'sourceRef="renewal-due" targetRef="nowhere"'),
      );
      const engine = testEngine();
      const before = await engine.deploy(BPMN_DIR);
      await expect(engine.deploy(dir)).rejects.toThrow(/gpk-renewal\.bpmn.*(nowhere|ParseException)/s);
      expect((await engine.deploy(BPMN_DIR)).processes).toEqual(before.processes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("when the administrator signs in to Operaton's Tasklist, then it lets them in, and a wrong password is refused", async () => {
    const { restUrl } = testEngineAccess();
    const root = restUrl.replace(/\/engine-rest$/, '');
    const page = await fetch(`${root}/operaton/app/tasklist/default/`);
    expect(page.status).toBe(200);
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(page.headers.getSetCookie().join('; '))?.[1];
    const cookies = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const signIn = (password: string) =>
      fetch(`${root}/operaton/api/admin/auth/user/default/login/tasklist`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-xsrf-token': xsrf ?? '', cookie: cookies },
        body: new URLSearchParams({ username: process.env.TIJDIG_TEST_ENGINE_ADMIN_USER!, password }),
      });
    expect((await signIn('wrong-password')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 6000)); // the engine's login delay after a failure
    const accepted = await signIn(process.env.TIJDIG_TEST_ENGINE_ADMIN_PASSWORD!);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ userId: process.env.TIJDIG_TEST_ENGINE_ADMIN_USER });
  });
});
