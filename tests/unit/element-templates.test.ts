import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import type { z } from 'zod';
import { BPMN_DIR } from '../../src/engine/connect';
import { WORKERS } from '../../workers';

/*
 * The Camunda Modeler element templates in bpmn/element-templates/ are how a process owner picks
 * "Check residence" from a list instead of typing a topic. They must stay in step with the workers:
 * a template for a topic nobody works on, or one that offers a letter the worker refuses, would
 * only show up as an incident once a process runs.
 */

const TEMPLATES_DIR = path.join(BPMN_DIR, 'element-templates');

interface TemplateProperty {
  label?: string;
  type: string;
  value?: string;
  choices?: { name: string; value: string }[];
  binding: { type: string; name: string };
}
interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  appliesTo: string[];
  properties: TemplateProperty[];
}

const templates = readdirSync(TEMPLATES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, template: JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as ElementTemplate }));

const bound = (template: ElementTemplate, type: string, name: string) =>
  template.properties.find((p) => p.binding.type === type && p.binding.name === name);
const topicOf = (template: ElementTemplate) => bound(template, 'property', 'camunda:topic')?.value;

/** The extension properties a worker accepts, with the values it allows. */
function workerProperties(topic: string): Record<string, string[]> {
  const shape = (WORKERS[topic as keyof typeof WORKERS].properties as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, (schema as z.ZodEnum<[string, ...string[]]>).options ?? []]),
  );
}

describe('element templates', () => {
  it('when a process owner opens the list, then every worker topic has exactly one template, named after its topic, and no template names a topic without a worker', () => {
    const byTopic = templates.map(({ file, template }) => ({ file, topic: topicOf(template) }));
    expect(byTopic.map((t) => t.file).sort()).toEqual(
      Object.keys(WORKERS)
        .map((topic) => `${topic}.json`)
        .sort(),
    );
    for (const { file, topic } of byTopic) expect(`${topic}.json`).toBe(file);
  });

  it.each(templates.map(({ file, template }) => [file, template] as const))(
    'when %s is applied to a service task, then the task becomes an external task on its topic with a name, an id and a version Camunda Modeler accepts',
    (_file, template) => {
      expect(template.$schema).toMatch(/element-templates-json-schema/);
      expect(template.id).toBe(`nl.tijdig.${topicOf(template)}`);
      expect(template.name).toMatch(/\S/);
      expect(Number.isInteger(template.version)).toBe(true);
      expect(template.appliesTo).toEqual(['bpmn:ServiceTask']);
      expect(bound(template, 'property', 'camunda:type')?.value).toBe('external');
    },
  );

  it.each(templates.map(({ file, template }) => [file, template] as const))(
    'when %s asks the process owner for a setting, then it offers exactly the settings and values its worker accepts',
    (_file, template) => {
      const offered = Object.fromEntries(
        template.properties
          .filter((p) => p.binding.type === 'camunda:property')
          .map((p) => [p.binding.name, (p.choices ?? []).map((c) => c.value)]),
      );
      expect(offered).toEqual(workerProperties(topicOf(template)!));
    },
  );

  const models = readdirSync(BPMN_DIR).filter((file) => file.endsWith('.bpmn'));
  it.each(models)(
    'when %s is opened in Camunda Modeler, then every service task is linked to the template of its topic',
    async (file) => {
      const moddle = new BpmnModdle({ camunda: camundaDescriptor });
      const { rootElement } = await moddle.fromXML(readFileSync(path.join(BPMN_DIR, file), 'utf8'));
      const definitions = rootElement as BpmnModdle.Definitions;
      const tasks = definitions.rootElements
        .flatMap((element) => ((element as BpmnModdle.Process).flowElements ?? []) as unknown as Record<string, unknown>[])
        .filter((element) => element.$type === 'bpmn:ServiceTask');
      expect(tasks.length).toBeGreaterThan(0);
      const unlinked = tasks
        .filter((task) => task.modelerTemplate !== `nl.tijdig.${String(task.topic)}` || task.modelerTemplateVersion !== 1)
        .map((task) => task.id);
      expect(unlinked).toEqual([]);
    },
  );
});
