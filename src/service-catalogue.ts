import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { maturityLevels, type Config } from './config';
import type { LetterSender } from './letters/render';
import { createLetterTemplates, LETTER_LOCALES, LetterTemplateError, type LetterTemplateName } from './letters/templates';

/**
 * The municipality's catalogue of services (config/services.json, or SERVICE_CATALOGUE): which
 * services run, what starts them, how far Tijdig acts on its own, and who signs their letters.
 * A process owner edits it; the models, decision tables and letters it points to are files in
 * bpmn/ and templates/letters/<service>/. Checked as a whole before anything starts.
 */
const entrySchema = z
  .object({
    /** Also the folder of its letters (templates/letters/<id>/) and the `service` of its permits. */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens'),
    name: z.object({ nl: z.string().min(1), en: z.string().min(1) }),
    enabled: z.boolean(),
    /** The id of the BPMN process in bpmn/ that one instance of this service runs. */
    process: z.string().min(1),
    trigger: z.discriminatedUnion('kind', [
      /** A permit of this service nears its expiry: a renewal starts leadTimeDays before. */
      z
        .object({
          kind: z.literal('expiry'),
          leadTimeDays: z.number().int().positive(),
          /** How long the renewed permit runs (a GPK at most 5 years by law, a parking permit 1). */
          validityYears: z.number().int().min(1).max(10),
        })
        .strict(),
      /**
       * From this day of the year on (e.g. when the tax assessment is prepared), each day's scan
       * asks the service who qualifies this year; someone who starts to qualify later in the year
       * (a child reaching the age) is found then, and nobody twice.
       */
      z
        .object({ kind: z.literal('yearly'), from: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD') })
        .strict(),
      /** Another service's process starts it with this BPMN message; no scan. */
      z.object({ kind: z.literal('message'), message: z.string().min(1) }).strict(),
    ]),
    maturity: z.enum(maturityLevels),
    sender: z.object({ signatory: z.string().min(1), role: z.string().min(1), phone: z.string().min(1) }),
  })
  .strict();

const catalogueSchema = z
  .object({ services: z.array(entrySchema).min(1) })
  .strict()
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.services.forEach((service, index) => {
      if (seen.has(service.id))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['services', index, 'id'], message: `"${service.id}" appears twice` });
      seen.add(service.id);
    });
  });

export type ServiceEntry = z.infer<typeof entrySchema>;
export type ServiceTrigger = ServiceEntry['trigger'];

export interface ServiceCatalogue {
  /** The file it was read from, named in every error about it. */
  file: string;
  services: ServiceEntry[];
  /** The entry of a service; a permit of a service the catalogue does not list is invalid data. */
  entry(serviceId: string): ServiceEntry;
}

/** A catalogue Tijdig cannot run: the message names the file and what to fix. */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

export function loadCatalogue(file: string): ServiceCatalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CatalogueError(`Service catalogue ${file}: cannot be read as JSON (${(err as Error).message})`);
  }
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw new CatalogueError(`Service catalogue ${file}: ${problems.join('; ')}`);
  }
  const services = parsed.data.services;
  return {
    file,
    services,
    entry(serviceId) {
      const found = services.find((service) => service.id === serviceId);
      if (!found) throw new CatalogueError(`Service catalogue ${file}: no service "${serviceId}"`);
      return found;
    },
  };
}

export function catalogueFile(config: Pick<Config, 'SERVICE_CATALOGUE'>): string {
  return path.resolve(config.SERVICE_CATALOGUE);
}

interface ModelFile {
  file: string;
  processIds: string[];
  templates: string[];
  decisionRefs: string[];
  messages: string[];
}

/** What a model names, read from its XML: enough to check the catalogue without an engine. */
function readModels(bpmnDir: string): { models: ModelFile[]; decisions: Set<string> } {
  const files = readdirSync(bpmnDir).sort();
  const matches = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);
  const models = files
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => {
      const xml = readFileSync(path.join(bpmnDir, f), 'utf8');
      return {
        file: path.join(bpmnDir, f),
        processIds: matches(xml, /<bpmn:process\b[^>]*\bid="([^"]+)"/g),
        templates: [...new Set(matches(xml, /<camunda:property name="template" value="([^"]+)"/g))],
        decisionRefs: matches(xml, /camunda:decisionRef="([^"]+)"/g),
        messages: matches(xml, /<bpmn:message\b[^>]*\bname="([^"]+)"/g),
      };
    });
  const decisions = new Set(
    files
      .filter((f) => f.endsWith('.dmn'))
      .flatMap((f) => matches(readFileSync(path.join(bpmnDir, f), 'utf8'), /<decision\b[^>]*\bid="([^"]+)"/g)),
  );
  return { models, decisions };
}

/**
 * Refuses a catalogue whose services cannot run: a process that no model in bpmn/ defines, a
 * decision table a model calls that no .dmn file holds, or a letter template that is missing or
 * does not compile in one of the languages. Every problem is named with its file, at once, so a
 * process owner fixes them in one go. Whether the engine accepts a model is checked by deploying
 * it, which the engine does all or nothing.
 */
export function checkCatalogue(
  catalogue: ServiceCatalogue,
  files: {
    bpmnDir: string;
    templatesDir?: string;
    /** The services that have code in src/services/ (serviceIds() there). */
    serviceCode: readonly string[];
    /** The maturity levels each service's model has a path for (serviceMaturityLevels() there). */
    maturityLevels?: (serviceId: string) => readonly string[];
  },
): void {
  const { bpmnDir, templatesDir, serviceCode: codeFor } = files;
  const { models, decisions } = readModels(bpmnDir);
  const templates = createLetterTemplates(templatesDir);
  const problems: string[] = [];
  for (const service of catalogue.services) {
    const model = models.find((m) => m.processIds.includes(service.process));
    if (!model) {
      problems.push(
        `${catalogue.file}: service "${service.id}" names process "${service.process}", which no model in ${bpmnDir} defines`,
      );
      continue;
    }
    if (!codeFor.includes(service.id))
      problems.push(`${catalogue.file}: service "${service.id}" has no code in src/services/ (known: ${codeFor.join(', ')})`);
    else {
      const levels = files.maturityLevels?.(service.id);
      if (levels && !levels.includes(service.maturity))
        problems.push(
          `${catalogue.file}: service "${service.id}" has maturity "${service.maturity}", for which its model has no path (it has: ${levels.join(', ')})`,
        );
    }
    if (service.trigger.kind === 'message' && !model.messages.includes(service.trigger.message))
      problems.push(
        `${model.file}: service "${service.id}" starts on message "${service.trigger.message}", which the model does not define`,
      );
    for (const ref of model.decisionRefs.filter((d) => !decisions.has(d)))
      problems.push(`${model.file}: calls decision table "${ref}", which no .dmn file in ${bpmnDir} holds`);
    for (const template of model.templates) {
      for (const locale of LETTER_LOCALES) {
        try {
          templates.check(template as LetterTemplateName, locale);
        } catch (err) {
          if (!(err instanceof LetterTemplateError)) throw err;
          problems.push(`${model.file} (service "${service.id}"): ${err.message}`);
        }
      }
    }
  }
  if (problems.length > 0) throw new CatalogueError(`Tijdig cannot start its services:\n- ${problems.join('\n- ')}`);
}

/** The municipality as sender of a service's letters: its own signatory and phone number. */
export function letterSender(
  config: Pick<Config, 'MUNICIPALITY_NAME' | 'MUNICIPALITY_RETURN_ADDRESS'>,
  service: ServiceEntry,
): LetterSender {
  return {
    name: config.MUNICIPALITY_NAME,
    returnAddressLines: config.MUNICIPALITY_RETURN_ADDRESS.split('|').map((line) => line.trim()),
    signatoryName: service.sender.signatory,
    signatoryRole: service.sender.role,
  };
}
