import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { MaturityLevel } from '../../src/config';
import {
  ASSESS_EXCEPTION_ELEMENT_ID,
  CASE_WORKER_GROUP,
  DECISIONS,
  EXCEPTION_REASONS,
  type ExceptionReason,
  GPK_RENEWAL_PROCESS_ID,
  JOB_TYPES,
  LETTER_TEMPLATES,
  type LetterTemplateName,
  OUTCOMES,
  RESIDENT_RESPONSE_MESSAGE,
  RESIDENT_RESPONSES,
} from '../../src/process/gpk-renewal-contract';

/*
 * Static checks of bpmn/gpk-renewal.bpmn (and the form it links) against the contract with the
 * workers. No engine: these fail in seconds on the mistakes that would otherwise surface as an
 * incident in production, or as a renewal that silently never finishes.
 */

const root = path.resolve(__dirname, '../..');
const bpmnXml = readFileSync(path.join(root, 'bpmn', 'gpk-renewal.bpmn'), 'utf8');
const form = JSON.parse(readFileSync(path.join(root, 'bpmn', 'assess-exception.form'), 'utf8')) as CamundaForm;

// Typed against config.ts, so adding a maturity level there breaks compilation here until the model is checked.
const MATURITY_LEVELS: Record<MaturityLevel, true> = { automatic: true, 'notify-and-confirm': true, 'notify-only': true };

// A stop letter to a holder who has died is read by the family; typed so a rename in the contract breaks compilation here.
const DECEASED: ExceptionReason = 'DECEASED';
const STOP_LETTER: LetterTemplateName = 'gpk-renewal-stopped';
const HOLDER_ALIVE = new RegExp(`^=\\s*exceptionReason\\s*!=\\s*"${DECEASED}"\\s*$`);

interface CamundaForm {
  id: string;
  components: FormComponent[];
}
interface FormComponent {
  id: string;
  type: string;
  key?: string;
  text?: string;
  values?: { label: string; value: string }[];
  validate?: { required?: boolean };
}

type FlowNode = BpmnModdle.FlowNode;
type SequenceFlow = BpmnModdle.SequenceFlow;

/** Zeebe extension elements, as bpmn-moddle reads them with the zeebe descriptor. */
interface ZeebeElement {
  $type: string;
  [property: string]: unknown;
}

interface Model {
  process: BpmnModdle.Process;
  nodes: FlowNode[];
  flows: SequenceFlow[];
  shapes: Map<string, BpmnModdle.Bounds>;
  edges: Map<string, BpmnModdle.Point[]>;
  parseWarnings: string[];
  xml: string;
}

async function loadModel(xml: string): Promise<Model> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const { rootElement, warnings } = await moddle.fromXML(xml);
  const definitions = rootElement as BpmnModdle.Definitions;
  const processes = definitions.rootElements.filter((e) => isType(e, 'bpmn:Process')) as BpmnModdle.Process[];
  if (processes.length !== 1) throw new Error(`expected one process, found ${processes.length}`);
  const process = processes[0] as BpmnModdle.Process;
  const elements = process.flowElements ?? [];
  const shapes = new Map<string, BpmnModdle.Bounds>();
  const edges = new Map<string, BpmnModdle.Point[]>();
  for (const diagram of definitions.diagrams ?? []) {
    for (const di of diagram.plane.planeElement ?? []) {
      const id = di.bpmnElement?.id;
      if (!id) continue;
      if (isType(di, 'bpmndi:BPMNShape')) shapes.set(id, (di as BpmnModdle.BPMNShape).bounds);
      if (isType(di, 'bpmndi:BPMNEdge')) edges.set(id, (di as BpmnModdle.BPMNEdge).waypoint ?? []);
    }
  }
  return {
    process,
    nodes: elements.filter((e) => !isType(e, 'bpmn:SequenceFlow')) as FlowNode[],
    flows: elements.filter((e) => isType(e, 'bpmn:SequenceFlow')) as SequenceFlow[],
    shapes,
    edges,
    parseWarnings: warnings.map((w) => (typeof w === 'string' ? w : String((w as { message?: unknown }).message))),
    xml,
  };
}

function isType(element: { $type: string }, type: string): boolean {
  return element.$type === type;
}

function zeebe(element: BpmnModdle.BaseElement, type: string): ZeebeElement | undefined {
  return (element.extensionElements?.values as ZeebeElement[] | undefined)?.find((v) => v.$type === type);
}

function headers(element: BpmnModdle.BaseElement): Record<string, string> {
  const values = (zeebe(element, 'zeebe:TaskHeaders')?.values ?? []) as { key: string; value: string }[];
  return Object.fromEntries(values.map((h) => [h.key, h.value]));
}

function outputs(element: BpmnModdle.BaseElement): { source: string; target: string }[] {
  return (zeebe(element, 'zeebe:IoMapping')?.outputParameters ?? []) as { source: string; target: string }[];
}

function jobType(node: FlowNode): string | undefined {
  return zeebe(node, 'zeebe:TaskDefinition')?.type as string | undefined;
}

const serviceTasks = (m: Model) => m.nodes.filter((n) => isType(n, 'bpmn:ServiceTask'));
const tasksOfType = (m: Model, type: string) => serviceTasks(m).filter((n) => jobType(n) === type);
const boundaryEvents = (m: Model) => m.nodes.filter((n) => isType(n, 'bpmn:BoundaryEvent')) as BpmnModdle.BoundaryEvent[];

/** Next nodes: along outgoing flows (those `along` accepts), and into the boundary events attached to an activity. */
function successors(m: Model, node: FlowNode, along: (flow: SequenceFlow) => boolean = () => true): FlowNode[] {
  const viaFlows = m.flows.filter((f) => f.sourceRef?.id === node.id && along(f)).map((f) => f.targetRef);
  const attached = boundaryEvents(m).filter((b) => b.attachedToRef?.id === node.id);
  return [...viaFlows, ...attached].filter((n): n is FlowNode => n !== undefined);
}

function predecessors(m: Model, node: FlowNode): FlowNode[] {
  const viaFlows = m.flows.filter((f) => f.targetRef?.id === node.id).map((f) => f.sourceRef);
  const host = isType(node, 'bpmn:BoundaryEvent') ? [(node as BpmnModdle.BoundaryEvent).attachedToRef] : [];
  return [...viaFlows, ...host].filter((n): n is FlowNode => n !== undefined);
}

function closure(start: FlowNode[], next: (n: FlowNode) => FlowNode[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const node = queue.shift() as FlowNode;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    queue.push(...next(node));
  }
  return seen;
}

/** Values a variable is compared with in conditions of the form `=variable = "value"`, per gateway. */
function conditionValues(m: Model, variable: string): { gateway: string; value: string }[] {
  const pattern = new RegExp(`^=\\s*${variable}\\s*=\\s*"([^"]*)"\\s*$`);
  return m.flows.flatMap((f) => {
    const match = pattern.exec(f.conditionExpression?.body?.trim() ?? '');
    return match ? [{ gateway: f.sourceRef.id, value: match[1] as string }] : [];
  });
}

function sameSet(actual: readonly string[], expected: readonly string[], what: string): string[] {
  const problems: string[] = [];
  const duplicates = actual.filter((v, i) => actual.indexOf(v) !== i);
  if (duplicates.length) problems.push(`${what}: ${duplicates.join(', ')} appear more than once`);
  const missing = expected.filter((v) => !actual.includes(v));
  const unknown = actual.filter((v) => !expected.includes(v));
  if (missing.length) problems.push(`${what}: missing ${missing.join(', ')}`);
  if (unknown.length) problems.push(`${what}: unexpected ${unknown.join(', ')}`);
  return problems;
}

/** Routes on an enumerated variable from one gateway, with no default so a value outside the set raises an incident. */
function enumeratedRouting(m: Model, variable: string, expected: readonly string[]): string[] {
  const found = conditionValues(m, variable);
  const gateways = [...new Set(found.map((c) => c.gateway))];
  const problems = sameSet(
    found.map((c) => c.value),
    expected,
    `conditions on ${variable}`,
  );
  if (gateways.length !== 1) problems.push(`conditions on ${variable} are spread over ${gateways.length} gateways`);
  for (const id of gateways) {
    const gateway = m.nodes.find((n) => n.id === id) as BpmnModdle.ExclusiveGateway | undefined;
    if (gateway?.default) problems.push(`${id} has a default flow, so an unknown ${variable} would not raise an incident`);
  }
  return problems;
}

const checks = {
  processId(m: Model): string[] {
    const problems: string[] = [];
    if (m.process.id !== GPK_RENEWAL_PROCESS_ID) problems.push(`process id is ${m.process.id}`);
    if (!m.process.isExecutable) problems.push('process is not executable');
    return problems;
  },

  parsesCleanly(m: Model): string[] {
    return m.parseWarnings;
  },

  uniqueIds(m: Model): string[] {
    const ids = [...m.xml.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `id ${id} is used more than once`);
  },

  jobTypes(m: Model): string[] {
    const problems: string[] = [];
    for (const task of serviceTasks(m)) {
      const definition = zeebe(task, 'zeebe:TaskDefinition');
      const type = definition?.type as string | undefined;
      if (!type || !(JOB_TYPES as readonly string[]).includes(type))
        problems.push(`${task.id} has job type ${type} outside JOB_TYPES`);
      if (!(Number(definition?.retries) >= 1)) problems.push(`${task.id} sets no retries`);
    }
    const used = serviceTasks(m).map(jobType);
    for (const type of JOB_TYPES) if (!used.includes(type)) problems.push(`job type ${type} is not used`);
    return problems;
  },

  letterTemplates(m: Model): string[] {
    const problems: string[] = [];
    const letterTasks = [...tasksOfType(m, 'render-letter'), ...tasksOfType(m, 'send-letter')];
    for (const task of letterTasks) {
      const template = headers(task).template;
      if (!template || !(LETTER_TEMPLATES as readonly string[]).includes(template)) {
        problems.push(`${task.id} names template ${template} outside LETTER_TEMPLATES`);
      }
    }
    const used = letterTasks.map((t) => headers(t).template);
    for (const template of LETTER_TEMPLATES) if (!used.includes(template)) problems.push(`template ${template} is never sent`);
    return problems;
  },

  /** Every letter sent was rendered before, and is recorded as a contact moment right after. */
  lettersSentAndRecorded(m: Model): string[] {
    const problems: string[] = [];
    for (const send of tasksOfType(m, 'send-letter')) {
      const template = headers(send).template;
      const upstream = closure(predecessors(m, send), (n) => predecessors(m, n));
      const rendered = tasksOfType(m, 'render-letter').some((r) => upstream.has(r.id) && headers(r).template === template);
      if (!rendered) problems.push(`${send.id} sends ${template}, which is not rendered before it`);
      const next = successors(m, send);
      const recorded = next.length === 1 && next[0] !== undefined && jobType(next[0]) === 'record-contact-moment';
      if (!recorded) problems.push(`${send.id} is not followed by a record-contact-moment task`);
      else if (headers(next[0] as FlowNode).subject !== template) {
        problems.push(`${next[0]?.id} records subject ${headers(next[0] as FlowNode).subject} after sending ${template}`);
      }
    }
    return problems;
  },

  outcomes(m: Model): string[] {
    const problems: string[] = [];
    const closers = tasksOfType(m, 'close-renewal');
    for (const task of closers) {
      const outcome = headers(task).outcome;
      if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome))
        problems.push(`${task.id} has outcome ${outcome} outside OUTCOMES`);
      if (!successors(m, task).every((n) => isType(n, 'bpmn:EndEvent'))) problems.push(`${task.id} does not end the process`);
    }
    const used = closers.map((t) => headers(t).outcome);
    for (const outcome of OUTCOMES) if (!used.includes(outcome)) problems.push(`outcome ${outcome} is never reached`);
    return problems;
  },

  exceptionReasons(m: Model): string[] {
    const mappings = m.nodes.flatMap((n) =>
      outputs(n)
        .filter((o) => o.target === 'exceptionReason')
        .map((o) => ({ node: n.id, ...o })),
    );
    return mappings.flatMap(({ node, source }) => {
      const reason = /^="([A-Z_]+)"$/.exec(source.trim())?.[1];
      return reason && (EXCEPTION_REASONS as readonly string[]).includes(reason)
        ? []
        : [`${node} sets exceptionReason to ${source}, outside EXCEPTION_REASONS`];
    });
  },

  userTask(m: Model): string[] {
    const problems: string[] = [];
    const userTasks = m.nodes.filter((n) => isType(n, 'bpmn:UserTask'));
    if (userTasks.length !== 1 || userTasks[0]?.id !== ASSESS_EXCEPTION_ELEMENT_ID) {
      return [
        `user tasks are ${userTasks.map((t) => t.id).join(', ') || 'missing'}; expected only ${ASSESS_EXCEPTION_ELEMENT_ID}`,
      ];
    }
    const task = userTasks[0];
    if (!zeebe(task, 'zeebe:UserTask')) problems.push('assess-exception is a job-worker user task, not a Camunda user task');
    const groups = String(zeebe(task, 'zeebe:AssignmentDefinition')?.candidateGroups ?? '');
    if (groups !== CASE_WORKER_GROUP) problems.push(`candidate groups are "${groups}"`);
    const formId = zeebe(task, 'zeebe:FormDefinition')?.formId;
    if (formId !== form.id) problems.push(`form id is ${formId}, the form file has ${form.id}`);
    const dueDate = zeebe(task, 'zeebe:TaskSchedule')?.dueDate;
    if (dueDate !== '=exceptionDueDate') problems.push(`due date is ${dueDate}`);
    const fieldKeys = form.components.flatMap((c) => (c.key ? [c.key] : []));
    const returned = outputs(task).map((o) => o.target);
    problems.push(...sameSet(returned, fieldKeys, 'variables the case worker returns'));
    return problems;
  },

  residentResponse(m: Model): string[] {
    const problems: string[] = [];
    const receive = m.nodes.filter((n) => isType(n, 'bpmn:ReceiveTask')) as BpmnModdle.ReceiveTask[];
    if (receive.length !== 1) return [`expected one receive task, found ${receive.length}`];
    const message = receive[0]?.messageRef;
    if (message?.name !== RESIDENT_RESPONSE_MESSAGE) problems.push(`the receive task waits for message ${message?.name}`);
    const correlationKey = message ? zeebe(message, 'zeebe:Subscription')?.correlationKey : undefined;
    if (correlationKey !== '=string(renewalId)') problems.push(`correlation key is ${correlationKey}`);
    const timers = boundaryEvents(m)
      .filter((b) => b.attachedToRef?.id === receive[0]?.id)
      .map((b) => {
        const timer = b.eventDefinitions?.find((d) => isType(d, 'bpmn:TimerEventDefinition')) as
          BpmnModdle.TimerEventDefinition | undefined;
        return `${b.cancelActivity === false ? 'non-interrupting' : 'interrupting'} ${timer?.timeDuration?.body}`;
      });
    problems.push(
      ...sameSet(timers, ['non-interrupting =reminderAfter', 'interrupting =responseDeadline'], 'timers on the wait'),
    );
    problems.push(...enumeratedRouting(m, 'residentResponse', RESIDENT_RESPONSES));
    return problems;
  },

  decisions(m: Model): string[] {
    return enumeratedRouting(m, 'decision', DECISIONS);
  },

  maturityLevels(m: Model): string[] {
    return enumeratedRouting(m, 'maturity', Object.keys(MATURITY_LEVELS));
  },

  /** Every way to the stop letter passes a flow taken only for a living holder; the default closes without a letter. */
  stopLetterOnlyForLivingHolder(m: Model): string[] {
    const problems: string[] = [];
    const isGuard = (f: SequenceFlow) => HOLDER_ALIVE.test(f.conditionExpression?.body?.trim() ?? '');
    const letterTasks = [...tasksOfType(m, 'render-letter'), ...tasksOfType(m, 'send-letter')].filter(
      (t) => headers(t).template === STOP_LETTER,
    );
    if (letterTasks.length === 0) return [`no task renders or sends ${STOP_LETTER}`];
    const starts = m.nodes.filter((n) => isType(n, 'bpmn:StartEvent'));
    const unguarded = closure(starts, (n) => successors(m, n, (f) => !isGuard(f)));
    for (const task of letterTasks.filter((t) => unguarded.has(t.id))) {
      problems.push(`${task.id} can be reached without checking exceptionReason != "${DECEASED}"`);
    }
    const guards = m.flows.filter(isGuard);
    if (guards.length === 0) problems.push(`no flow is taken only when exceptionReason != "${DECEASED}"`);
    for (const guard of guards) {
      const gateway = guard.sourceRef as BpmnModdle.ExclusiveGateway;
      const otherwise = gateway.default;
      if (!isType(gateway, 'bpmn:ExclusiveGateway') || !otherwise || otherwise.id === guard.id) {
        problems.push(`${gateway.id} has no default flow for a deceased holder`);
        continue;
      }
      const afterDeath = [...closure([otherwise.targetRef], (n) => successors(m, n))];
      const sent = tasksOfType(m, 'send-letter').filter((t) => afterDeath.includes(t.id));
      if (sent.length)
        problems.push(`when the holder has died, ${gateway.id} still leads to ${sent.map((t) => t.id).join(', ')}`);
      const closedAsStopped = tasksOfType(m, 'close-renewal').some(
        (t) => afterDeath.includes(t.id) && headers(t).outcome === 'stopped',
      );
      if (!closedAsStopped) problems.push(`when the holder has died, ${gateway.id} does not close the renewal as stopped`);
    }
    return problems;
  },

  /** Zeebe refuses a deployment where a flow out of a splitting gateway has neither a condition nor is the default. */
  gatewayFlows(m: Model): string[] {
    const gateways = m.nodes.filter((n) => isType(n, 'bpmn:ExclusiveGateway')) as BpmnModdle.ExclusiveGateway[];
    return gateways.flatMap((g) => {
      const out = m.flows.filter((f) => f.sourceRef?.id === g.id);
      if (out.length < 2) return [];
      return out
        .filter((f) => !f.conditionExpression?.body && g.default?.id !== f.id)
        .map((f) => `${f.id} leaves ${g.id} without a condition`);
    });
  },

  diagram(m: Model): string[] {
    const problems: string[] = [];
    for (const node of m.nodes) {
      const b = m.shapes.get(node.id);
      if (!b || !(b.width > 0 && b.height > 0)) problems.push(`${node.id} has no shape in the diagram`);
    }
    const near = (p: BpmnModdle.Point, b: BpmnModdle.Bounds | undefined) =>
      b !== undefined && p.x >= b.x - 2 && p.x <= b.x + b.width + 2 && p.y >= b.y - 2 && p.y <= b.y + b.height + 2;
    for (const flow of m.flows) {
      const points = m.edges.get(flow.id) ?? [];
      const first = points[0];
      const last = points[points.length - 1];
      if (points.length < 2 || !first || !last) problems.push(`${flow.id} has no edge in the diagram`);
      else if (!near(first, m.shapes.get(flow.sourceRef.id)) || !near(last, m.shapes.get(flow.targetRef.id))) {
        problems.push(`the edge of ${flow.id} does not connect its source and target shapes`);
      }
    }
    const placed = m.nodes.filter((n) => m.shapes.has(n.id));
    const attachedTo = (a: FlowNode, b: FlowNode) => (a as BpmnModdle.BoundaryEvent).attachedToRef?.id === b.id;
    for (const [i, a] of placed.entries()) {
      for (const b of placed.slice(i + 1)) {
        if (attachedTo(a, b) || attachedTo(b, a)) continue;
        const p = m.shapes.get(a.id) as BpmnModdle.Bounds;
        const q = m.shapes.get(b.id) as BpmnModdle.Bounds;
        const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
        if (overlap) problems.push(`${a.id} and ${b.id} overlap in the diagram`);
      }
    }
    return problems;
  },

  reachability(m: Model): string[] {
    const starts = m.nodes.filter((n) => isType(n, 'bpmn:StartEvent'));
    if (starts.length !== 1) return [`expected one start event, found ${starts.length}`];
    const reached = closure(starts, (n) => successors(m, n));
    const ends = m.nodes.filter((n) => isType(n, 'bpmn:EndEvent'));
    const canEnd = closure(ends, (n) => predecessors(m, n));
    return m.nodes.flatMap((n) => [
      ...(reached.has(n.id) ? [] : [`${n.id} cannot be reached from the start event`]),
      ...(canEnd.has(n.id) ? [] : [`${n.id} cannot reach an end event`]),
    ]);
  },
} satisfies Record<string, (m: Model) => string[]>;

type CheckName = keyof typeof checks;

/** What each check guarantees, in the words of the test report. */
const guarantees: Record<CheckName, string> = {
  processId: 'its executable process has the id the application starts',
  parsesCleanly: 'every BPMN element and Zeebe extension in it is understood',
  uniqueIds: 'no id is used twice',
  jobTypes: 'every service task has a contract job type and retries, and every job type is used',
  letterTemplates: 'every letter task names a contract template, and every template is sent somewhere',
  lettersSentAndRecorded: 'every letter sent was rendered before and is recorded as a contact moment right after',
  outcomes: 'every close task ends the process with a contract outcome, and every outcome can be reached',
  exceptionReasons: 'every exception reason the model sets itself is a contract reason',
  userTask: 'the only user task is the Camunda user task assess-exception for the case workers, with its form and due date',
  residentResponse: "the wait for the resident's answer uses the contract message, both timers and every contract response",
  decisions: "the case worker's decision routes on exactly the contract decisions, with no default",
  maturityLevels: 'the maturity level routes on exactly the configured levels, with no default',
  stopLetterOnlyForLivingHolder:
    'the stop letter is only created and sent when exceptionReason is not DECEASED, and otherwise the renewal is closed as stopped without a letter',
  gatewayFlows: 'every flow out of a splitting gateway has a condition or is the default',
  diagram: 'every element is drawn, every flow connects its shapes, and no shapes overlap',
  reachability: 'every element can be reached from the start and can reach an end',
};

describe('GPK renewal process model', () => {
  let model: Model;

  beforeAll(async () => {
    model = await loadModel(bpmnXml);
  });

  const cases = (Object.keys(guarantees) as CheckName[]).map((name) => [guarantees[name], name] as const);
  it.each(cases)('when the model is read, then %s (%s check)', (_guarantee, name) => {
    expect(checks[name](model)).toEqual([]);
  });

  it('when the model names a job type, then a worker file of that name exists in workers/', () => {
    const missing = [...new Set(serviceTasks(model).map(jobType))].filter(
      (type) => !existsSync(path.join(root, 'workers', `${type}.ts`)),
    );
    expect(missing).toEqual([]);
  });

  it('when the model names a letter template, then it exists in Dutch and English', () => {
    const templates = new Set(
      [...tasksOfType(model, 'render-letter'), ...tasksOfType(model, 'send-letter')].map((t) => headers(t).template),
    );
    const missing = [...templates].flatMap((name) =>
      ['nl', 'en']
        .map((locale) => `templates/letters/${name}.${locale}.hbs`)
        .filter((file) => !existsSync(path.join(root, file))),
    );
    expect(missing).toEqual([]);
  });
});

describe('assess-exception form', () => {
  const byKey = (key: string) => form.components.find((c) => c.key === key);

  it('when the case worker decides, then the choices are exactly the contract decisions and one is required', () => {
    const decision = byKey('decision');
    expect(decision?.type).toBe('radio');
    expect(sameSet(decision?.values?.map((v) => v.value) ?? [], DECISIONS, 'form decisions')).toEqual([]);
    expect(decision?.validate?.required).toBe(true);
  });

  it('when the case worker decides, then an explanation is required', () => {
    const note = byKey('decisionNote');
    expect(note?.type).toBe('textarea');
    expect(note?.validate?.required).toBe(true);
  });

  it('when any contract exception reason is shown, then the form explains it in its own words', () => {
    const reasonText = form.components.find((c) => c.type === 'text' && c.text?.includes('exceptionReason'))?.text ?? '';
    expect(EXCEPTION_REASONS.filter((reason) => !reasonText.includes(`"${reason}"`))).toEqual([]);
  });

  it('when the facts are shown, then they are read-only text and not submitted back to the process', () => {
    const factsView = form.components.find((c) => c.text?.includes('exceptionFacts'));
    expect(factsView?.type).toBe('text');
    expect(form.components.filter((c) => c.key === 'exceptionFacts' || c.key === 'exceptionReason')).toEqual([]);
  });
});

describe('GPK renewal model checks', () => {
  const replaceOnce = (xml: string, from: string | RegExp, to: string): string => {
    const changed = xml.replace(from, to);
    if (changed === xml) throw new Error(`mutation did not apply: ${from}`);
    return changed;
  };

  // [what goes wrong, check that must catch it, part of the problem it reports, the mutation]
  const mutations: [string, CheckName, string, (xml: string) => string][] = [
    [
      'a job type is renamed',
      'jobTypes',
      'job type send-letters outside JOB_TYPES',
      (x) => replaceOnce(x, 'type="send-letter"', 'type="send-letters"'),
    ],
    [
      'a letter template is misspelled',
      'letterTemplates',
      'template gpk-renew outside LETTER_TEMPLATES',
      (x) => replaceOnce(x, 'key="template" value="gpk-renewed"', 'key="template" value="gpk-renew"'),
    ],
    [
      'a contact moment records the wrong letter',
      'lettersSentAndRecorded',
      'records subject gpk-confirm-request after sending gpk-renewed',
      (x) => replaceOnce(x, 'key="subject" value="gpk-renewed"', 'key="subject" value="gpk-confirm-request"'),
    ],
    [
      'an outcome is outside the contract',
      'outcomes',
      'outcome halted outside OUTCOMES',
      (x) => replaceOnce(x, 'value="stopped"', 'value="halted"'),
    ],
    [
      'an exception reason is outside the contract',
      'exceptionReasons',
      'NO_ANSWER',
      (x) => replaceOnce(x, '&#34;NO_RESPONSE&#34;', '&#34;NO_ANSWER&#34;'),
    ],
    [
      'the candidate group is misspelled',
      'userTask',
      'candidate groups are "caseworkers"',
      (x) => replaceOnce(x, `candidateGroups="${CASE_WORKER_GROUP}"`, 'candidateGroups="caseworkers"'),
    ],
    [
      'the message is renamed',
      'residentResponse',
      'waits for message resident-reply',
      (x) => replaceOnce(x, `name="${RESIDENT_RESPONSE_MESSAGE}"`, 'name="resident-reply"'),
    ],
    [
      'the reminder timer interrupts the wait',
      'residentResponse',
      'missing non-interrupting =reminderAfter',
      (x) => replaceOnce(x, ' cancelActivity="false"', ''),
    ],
    [
      'a decision value is renamed in a condition',
      'decisions',
      'conditions on decision: missing stop',
      (x) => replaceOnce(x, 'decision = "stop"', 'decision = "stopped"'),
    ],
    [
      'the flow to the stop letter loses its check on a deceased holder',
      'stopLetterOnlyForLivingHolder',
      'render-stopped-letter can be reached without checking exceptionReason != "DECEASED"',
      (x) =>
        replaceOnce(x, /(id="stop-letter-needed-yes"[^>]*>)\s*<bpmn:conditionExpression[^<]*<\/bpmn:conditionExpression>/, '$1'),
    ],
    [
      'the check on a deceased holder points the other way',
      'stopLetterOnlyForLivingHolder',
      'send-stopped-letter can be reached without checking exceptionReason != "DECEASED"',
      (x) => replaceOnce(x, '=exceptionReason != "DECEASED"', '=exceptionReason = "DECEASED"'),
    ],
    [
      'the stop decision goes straight to the stop letter',
      'stopLetterOnlyForLivingHolder',
      'render-stopped-letter can be reached without checking exceptionReason != "DECEASED"',
      (x) =>
        replaceOnce(
          x,
          'sourceRef="case-worker-decision" targetRef="stop-letter-needed"',
          'sourceRef="case-worker-decision" targetRef="render-stopped-letter"',
        ),
    ],
    [
      'the check on a deceased holder loses its default flow',
      'stopLetterOnlyForLivingHolder',
      'stop-letter-needed has no default flow for a deceased holder',
      (x) => replaceOnce(x, ' default="stop-letter-needed-no"', ''),
    ],
    [
      'a deceased holder is sent another letter instead',
      'stopLetterOnlyForLivingHolder',
      'when the holder has died, stop-letter-needed still leads to send-assessment-letter',
      (x) =>
        replaceOnce(
          x,
          'sourceRef="stop-letter-needed" targetRef="stop-merge"',
          'sourceRef="stop-letter-needed" targetRef="render-assessment-letter"',
        ),
    ],
    [
      'the maturity gateway gets a default flow',
      'maturityLevels',
      'maturity-level has a default flow',
      (x) => replaceOnce(x, 'name="Maturity level"', 'name="Maturity level" default="maturity-level-notify-only"'),
    ],
    [
      'a conditional flow loses its condition',
      'gatewayFlows',
      'resident-answer-declined leaves resident-answer without a condition',
      (x) =>
        replaceOnce(
          x,
          /(id="resident-answer-declined"[^>]*>)\s*<bpmn:conditionExpression[^<]*<\/bpmn:conditionExpression>/,
          '$1',
        ),
    ],
    [
      'an element id is used twice',
      'uniqueIds',
      'after-send-renewed-letter_di is used more than once',
      (x) => replaceOnce(x, 'id="after-order-card_di"', 'id="after-send-renewed-letter_di"'),
    ],
    [
      'a flow has no edge in the diagram',
      'diagram',
      'after-order-card has no edge',
      (x) => replaceOnce(x, /<bpmndi:BPMNEdge id="after-order-card_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, ''),
    ],
    [
      'a flow bypasses a task',
      'reachability',
      'order-card cannot be reached',
      (x) =>
        replaceOnce(
          x,
          'sourceRef="render-renewed-letter" targetRef="order-card"',
          'sourceRef="render-renewed-letter" targetRef="send-renewed-letter"',
        ),
    ],
    [
      'the process id changes',
      'processId',
      'process id is gpk-renewal-v2',
      (x) => replaceOnce(x, `<bpmn:process id="${GPK_RENEWAL_PROCESS_ID}"`, '<bpmn:process id="gpk-renewal-v2"'),
    ],
  ];

  it.each(mutations)('when %s, then the %s check reports it', async (_what, name, expected, mutate) => {
    const mutated = await loadModel(mutate(bpmnXml));
    expect(checks[name](mutated).join('\n')).toContain(expected);
  });
});
