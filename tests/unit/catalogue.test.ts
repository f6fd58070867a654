import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { BPMN_DIR } from '../../src/engine/connect';
import { serviceIds, serviceMaturityLevels } from '../../src/services';
import { catalogueFile, CatalogueError, checkCatalogue, loadCatalogue, type ServiceCatalogue } from '../../src/service-catalogue';

/**
 * The municipality's catalogue of services (config/services.json): what a process owner writes
 * there is checked against the models and letters before Tijdig starts anything.
 */
const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates', 'letters');
const shipped = catalogueFile(loadConfig({}));
const check = (catalogue: ServiceCatalogue, bpmnDir: string, templatesDir: string) =>
  checkCatalogue(catalogue, { bpmnDir, templatesDir, serviceCode: serviceIds(), maturityLevels: serviceMaturityLevels });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-catalogue-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function catalogueWith(change: (services: Record<string, unknown>[]) => void): Promise<string> {
  const catalogue = JSON.parse(await readFile(shipped, 'utf8')) as { services: Record<string, unknown>[] };
  change(catalogue.services);
  const file = path.join(dir, 'services.json');
  await writeFile(file, JSON.stringify(catalogue));
  return file;
}

describe('service catalogue', () => {
  it('when Tijdig starts with the shipped catalogue, then the GPK is switched on with its process, lead time, maturity and sender, and everything it names exists', () => {
    const catalogue = loadCatalogue(shipped);
    expect(catalogue.entry('gpk')).toMatchObject({
      enabled: true,
      process: 'gpk-renewal',
      trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 },
      maturity: 'automatic',
      sender: { phone: expect.any(String) },
    });
    expect(() => check(catalogue, BPMN_DIR, TEMPLATES_DIR)).not.toThrow();
  });

  it('when an entry names a process no model defines, then the check names the catalogue file, the service and the process', async () => {
    const file = await catalogueWith((services) => (services[0]!.process = 'no-such-process'));
    expect(() => check(loadCatalogue(file), BPMN_DIR, TEMPLATES_DIR)).toThrow(
      new RegExp(`${file}: service "gpk" names process "no-such-process", which no model`),
    );
  });

  it('when an entry chooses a maturity level its model has no path for, then the check names the file, the service and the levels it has', async () => {
    const file = await catalogueWith((services) => {
      services.find((s) => s.id === 'parking-permit')!.maturity = 'notify-and-confirm';
    });
    expect(() => check(loadCatalogue(file), BPMN_DIR, TEMPLATES_DIR)).toThrow(
      new RegExp(
        `${file}: service "parking-permit" has maturity "notify-and-confirm", for which its model has no path \\(it has: automatic, notify-only\\)`,
      ),
    );
  });

  it('when the catalogue is not JSON, or an entry has a maturity level Tijdig does not know, then loading it names the file and the field', async () => {
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ "services": [ ');
    expect(() => loadCatalogue(broken)).toThrow(new RegExp(`${broken}: cannot be read as JSON`));

    const file = await catalogueWith((services) => (services[0]!.maturity = 'sometimes'));
    expect(() => loadCatalogue(file)).toThrow(CatalogueError);
    expect(() => loadCatalogue(file)).toThrow(/services\.0\.maturity/);
  });

  it('when a trigger is yearly without a valid day, or expiry without a validity, then loading names the field', async () => {
    const noDay = await catalogueWith((services) => (services[0]!.trigger = { kind: 'yearly', from: '13-01' }));
    expect(() => loadCatalogue(noDay)).toThrow(/services\.0\.trigger\.from: must be MM-DD/);
    const noValidity = await catalogueWith((services) => (services[0]!.trigger = { kind: 'expiry', leadTimeDays: 30 }));
    expect(() => loadCatalogue(noValidity)).toThrow(/services\.0\.trigger\.validityYears/);
  });

  it('when an entry starts on a message its model does not define, or names a service without code, then the check says so', async () => {
    const message = await catalogueWith((services) => (services[0]!.trigger = { kind: 'message', message: 'no-such-message' }));
    expect(() => check(loadCatalogue(message), BPMN_DIR, TEMPLATES_DIR)).toThrow(
      /gpk-renewal\.bpmn: service "gpk" starts on message "no-such-message", which the model does not define/,
    );
    const unknown = await catalogueWith((services) => (services[0]!.id = 'bike-shed'));
    expect(() => check(loadCatalogue(unknown), BPMN_DIR, TEMPLATES_DIR)).toThrow(
      /service "bike-shed" has no code in src\/services\//,
    );
  });

  it('when two entries have the same id, then loading refuses the catalogue', async () => {
    const file = await catalogueWith((services) => services.push({ ...services[0]! }));
    expect(() => loadCatalogue(file)).toThrow(/"gpk" appears twice/);
  });

  it('when a letter the model sends is missing in one language, then the check names the template file and the model', async () => {
    const templates = path.join(dir, 'letters');
    await cp(TEMPLATES_DIR, templates, { recursive: true });
    await unlink(path.join(templates, 'gpk', 'renewed.en.hbs'));
    expect(() => check(loadCatalogue(shipped), BPMN_DIR, templates)).toThrow(
      /gpk-renewal\.bpmn \(service "gpk"\): Letter template .*gpk\/renewed\.en\.hbs: cannot be read/,
    );
  });

  it('when a model calls a decision table that no .dmn file holds, then the check names the model and the table', async () => {
    const models = path.join(dir, 'bpmn');
    await cp(BPMN_DIR, models, { recursive: true });
    await unlink(path.join(models, 'gpk-indication.dmn'));
    expect(() => check(loadCatalogue(shipped), models, TEMPLATES_DIR)).toThrow(
      /gpk-renewal\.bpmn: calls decision table "gpk-indication", which no \.dmn file/,
    );
  });
});
