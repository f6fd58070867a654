import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import type { MaturityLevel } from '../../src/config';
import { GPK_DECISIONS, GPK_OUTCOMES, GPK_RENEWAL_PROCESS_ID, GPK_TOPICS } from '../../src/services/gpk/contract';
import {
  ASSESS_EXCEPTION_ELEMENT_ID,
  CASE_WORKER_GROUP,
  DECISIONS,
  EXCEPTION_REASONS,
  type ExceptionReason,
  OUTCOMES,
  RESIDENT_RESPONSE_MESSAGE,
  RESIDENT_RESPONSES,
} from '../../src/renewals/vocabulary';
import { LETTER_TEMPLATES, type LetterTemplateName } from '../../src/letters/templates';

/*
 * Static checks of bpmn/gpk-renewal.bpmn (and the form it links) against the contract with the
 * workers, in the Camunda 7 dialect Operaton runs. No engine: these fail in seconds on the
 * mistakes that would otherwise surface as an incident in production, or as a renewal that
 * silently never finishes. Whether Operaton accepts the model is tested by deploying it
 * (tests/process).
 */

const root = path.resolve(__dirname, '../..');
const bpmnXml = readFileSync(path.join(root, 'bpmn', 'gpk-renewal.bpmn'), 'utf8');
const form = JSON.parse(readFileSync(path.join(root, 'bpmn', 'assess-exception.form'), 'utf8')) as FormJsForm;

// Typed against config.ts, so adding a maturity level there breaks compilation here until the model is checked.
const MATURITY_LEVELS: Record<MaturityLevel, true> = { automatic: true, 'notify-and-confirm': true, 'notify-only': true };

/*
 * When no stop letter may go out: a letter to a holder who has died is read by the family, and a
 * letter to an address the holder is known not to live at (or to no address) reaches someone else.
 * Typed, so a rename in the contract breaks compilation here.
 */
const NO_STOP_LETTER_REASONS: readonly ExceptionReason[] = [
  'DECEASED',
  'NOT_LIVING_AT_ADDRESS',
  'ADDRESS_UNKNOWN',
  'NOT_IN_REGISTER',
];
const STOP_LETTER: LetterTemplateName = 'gpk/renewal-stopped';

/** What Camunda 8 left behind when a model is not fully converted: Operaton ignores or refuses it. */
const ZEEBE_NAMESPACE = 'http://camunda.org/schema/zeebe/1.0';
/** Camunda Modeler opens a model as Camunda 7 (Operaton) only with this execution platform. */
const EXECUTION_PLATFORM = 'Camunda Platform';

interface FormJsForm {
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

/** Camunda extension elements, as bpmn-moddle reads them with the camunda descriptor. */
interface CamundaElement {
  $type: string;
  [property: string]: unknown;
}

interface Model {
  definitions: BpmnModdle.Definitions;
  process: BpmnModdle.Process;
  nodes: FlowNode[];
  flows: SequenceFlow[];
  shapes: Map<string, BpmnModdle.Bounds>;
  edges: Map<string, BpmnModdle.Point[]>;
  /** Ids of what the diagram planes show (Camunda Modeler shows a plane of the process). */
  planes: string[];
  parseWarnings: string[];
  xml: string;
}

async function loadModel(xml: string): Promise<Model> {
  const moddle = new BpmnModdle({ camunda: camundaDescriptor });
  const { rootElement, warnings } = await moddle.fromXML(xml);
  const definitions = rootElement as BpmnModdle.Definitions;
  const processes = definitions.rootElements.filter((e) => isType(e, 'bpmn:Process')) as BpmnModdle.Process[];
  if (processes.length !== 1) throw new Error(`expected one process, found ${processes.length}`);
  const process = processes[0] as BpmnModdle.Process;
  // An event subprocess (the resident died or left) is part of the process: its steps are checked
  // like the others, and it is reached from its own start event.
  const flatten = (items: BpmnModdle.FlowElement[]): BpmnModdle.FlowElement[] =>
    items.flatMap((e) => (isType(e, 'bpmn:SubProcess') ? flatten((e as BpmnModdle.SubProcess).flowElements ?? []) : [e]));
  const elements = flatten(process.flowElements ?? []);
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
    definitions,
    process,
    nodes: elements.filter((e) => !isType(e, 'bpmn:SequenceFlow')) as FlowNode[],
    flows: elements.filter((e) => isType(e, 'bpmn:SequenceFlow')) as SequenceFlow[],
    shapes,
    edges,
    planes: (definitions.diagrams ?? []).flatMap((d) => (d.plane.bpmnElement?.id ? [d.plane.bpmnElement.id] : [])),
    parseWarnings: warnings.map((w) => (typeof w === 'string' ? w : String((w as { message?: unknown }).message))),
    xml,
  };
}

function isType(element: { $type: string }, type: string): boolean {
  return element.$type === type;
}

/** A `camunda:` attribute the descriptor knows, e.g. camunda:topic; undefined when absent. */
function attribute(element: BpmnModdle.BaseElement, name: string): string | undefined {
  const value = (element as unknown as { get(property: string): unknown }).get(`camunda:${name}`);
  return value === undefined || value === null ? undefined : String(value);
}

function extension(element: BpmnModdle.BaseElement, type: string): CamundaElement | undefined {
  return (element.extensionElements?.values as CamundaElement[] | undefined)?.find((v) => v.$type === type);
}

/** The element's extension properties (camunda:property): what the worker reads as task.properties. */
function properties(element: BpmnModdle.BaseElement): Record<string, string> {
  const values = (extension(element, 'camunda:Properties')?.values ?? []) as { name: string; value: string }[];
  return Object.fromEntries(values.map((p) => [p.name, p.value]));
}

function outputs(element: BpmnModdle.BaseElement): { name: string; value?: string }[] {
  return (extension(element, 'camunda:InputOutput')?.outputParameters ?? []) as { name: string; value?: string }[];
}

const topic = (node: FlowNode) => attribute(node, 'topic');
const serviceTasks = (m: Model) => m.nodes.filter((n) => isType(n, 'bpmn:ServiceTask'));
const tasksOfTopic = (m: Model, name: string) => serviceTasks(m).filter((n) => topic(n) === name);
const boundaryEvents = (m: Model) => m.nodes.filter((n) => isType(n, 'bpmn:BoundaryEvent')) as BpmnModdle.BoundaryEvent[];
const letterTasks = (m: Model) => [...tasksOfTopic(m, 'render-letter'), ...tasksOfTopic(m, 'send-letter')];
const conditionOf = (f: SequenceFlow) => f.conditionExpression?.body?.trim() ?? '';

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

/** Values a variable is compared with in JUEL conditions of the form `${variable == "value"}`, per gateway. */
function conditionValues(m: Model, variable: string): { gateway: string; value: string }[] {
  const pattern = new RegExp(`^\\$\\{\\s*${variable}\\s*(?:==|eq)\\s*(["'])([^"']*)\\1\\s*\\}$`);
  return m.flows.flatMap((f) => {
    const match = pattern.exec(conditionOf(f));
    return match ? [{ gateway: f.sourceRef.id, value: match[2] as string }] : [];
  });
}

/**
 * The reasons a condition rules out, when it is only a conjunction of `exceptionReason != "X"`
 * (`${exceptionReason != "DECEASED" && exceptionReason != "NOT_IN_REGISTER"}`); null otherwise.
 */
function reasonsRuledOut(flow: SequenceFlow): string[] | null {
  const inner = /^\$\{(.*)\}$/.exec(conditionOf(flow))?.[1];
  if (!inner) return null;
  const reasons: string[] = [];
  for (const term of inner.split(/&&|\band\b/)) {
    const reason = /^\s*exceptionReason\s*(?:!=|ne)\s*(["'])([^"']*)\1\s*$/.exec(term)?.[2];
    if (reason === undefined) return null;
    reasons.push(reason);
  }
  return reasons;
}

/** Variables a gateway's conditions read (the first name in each `${...}`). */
function variablesRoutedOn(m: Model, gatewayId: string): string[] {
  const names = m.flows
    .filter((f) => f.sourceRef?.id === gatewayId)
    .flatMap((f) => {
      const name = /^\$\{\s*!?\s*([A-Za-z_]\w*)/.exec(conditionOf(f))?.[1];
      return name ? [name] : [];
    });
  return [...new Set(names)];
}

function sameSet(actual: readonly (string | undefined)[], expected: readonly string[], what: string): string[] {
  const problems: string[] = [];
  const duplicates = actual.filter((v, i) => actual.indexOf(v) !== i);
  if (duplicates.length) problems.push(`${what}: ${duplicates.join(', ')} appear more than once`);
  const missing = expected.filter((v) => !actual.includes(v));
  const unknown = actual.filter((v) => v === undefined || !expected.includes(v));
  if (missing.length) problems.push(`${what}: missing ${missing.join(', ')}`);
  if (unknown.length) problems.push(`${what}: unexpected ${unknown.join(', ')}`);
  return problems;
}

/**
 * Routes on an enumerated variable from one gateway, with no default and an asynchronous start,
 * so a value outside the set raises an incident on the gateway (not an error thrown back at the
 * worker or case worker who completed the step before it).
 */
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
    if (!gateway) continue;
    if (gateway.default) problems.push(`${id} has a default flow, so an unknown ${variable} would not raise an incident`);
    if (attribute(gateway, 'asyncBefore') !== 'true') problems.push(`${id} does not start asynchronously (camunda:asyncBefore)`);
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

  /** Operaton refuses a process without a history time to live (ENGINE-12018). */
  historyTimeToLive(m: Model): string[] {
    const ttl = attribute(m.process, 'historyTimeToLive');
    if (!ttl) return ['the process has no camunda:historyTimeToLive'];
    return /^(\d+|P\d+D)$/.test(ttl) ? [] : [`historyTimeToLive ${ttl} is neither a number of days nor P<n>D`];
  },

  parsesCleanly(m: Model): string[] {
    return m.parseWarnings;
  },

  noZeebe(m: Model): string[] {
    const problems: string[] = [];
    const attrs = m.definitions.$attrs ?? {};
    for (const [name, value] of Object.entries(attrs)) {
      if (value === ZEEBE_NAMESPACE) problems.push(`the model still declares the Zeebe namespace (${name})`);
    }
    const platform = attrs['modeler:executionPlatform'] as string | undefined;
    if (platform !== EXECUTION_PLATFORM) problems.push(`executionPlatform is ${platform}, not ${EXECUTION_PLATFORM}`);
    for (const match of m.xml.matchAll(/<\/?([A-Za-z]+):([A-Za-z]+)|\s([A-Za-z]+):([A-Za-z]+)="/g)) {
      if ((match[1] ?? match[3]) === 'zeebe') problems.push(`the model still uses zeebe:${match[2] ?? match[4]}`);
    }
    return [...new Set(problems)];
  },

  uniqueIds(m: Model): string[] {
    const ids = [...m.xml.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `id ${id} is used more than once`);
  },

  topics(m: Model): string[] {
    const problems: string[] = [];
    for (const task of serviceTasks(m)) {
      if (attribute(task, 'type') !== 'external') problems.push(`${task.id} is not an external task (camunda:type="external")`);
      for (const other of ['class', 'delegateExpression', 'expression']) {
        if (attribute(task, other)) problems.push(`${task.id} also names a Java implementation (camunda:${other})`);
      }
      const name = topic(task);
      if (!name || !(GPK_TOPICS as readonly string[]).includes(name))
        problems.push(`${task.id} has topic ${name} outside GPK_TOPICS`);
    }
    const used = serviceTasks(m).map(topic);
    for (const name of GPK_TOPICS) if (!used.includes(name)) problems.push(`topic ${name} is not used`);
    return problems;
  },

  workerFiles(m: Model): string[] {
    const named = [...new Set(serviceTasks(m).map(topic))].filter((name): name is string => name !== undefined);
    return named
      .filter((name) => !existsSync(path.join(root, 'workers', `${name}.ts`)))
      .map((name) => `topic ${name} has no worker file workers/${name}.ts`);
  },

  letterTemplates(m: Model): string[] {
    const problems: string[] = [];
    for (const task of letterTasks(m)) {
      const template = properties(task).template;
      if (!template || !(LETTER_TEMPLATES as readonly string[]).includes(template)) {
        problems.push(`${task.id} names template ${template} outside LETTER_TEMPLATES`);
      }
    }
    const used = letterTasks(m).map((t) => properties(t).template);
    // Other services' letters are sent by their own models.
    for (const template of LETTER_TEMPLATES.filter((t) => t.startsWith('gpk/')))
      if (!used.includes(template)) problems.push(`template ${template} is never sent`);
    return problems;
  },

  /** Every letter sent was rendered before, and is recorded as a contact moment right after. */
  lettersSentAndRecorded(m: Model): string[] {
    const problems: string[] = [];
    for (const send of tasksOfTopic(m, 'send-letter')) {
      const template = properties(send).template;
      const upstream = closure(predecessors(m, send), (n) => predecessors(m, n));
      const rendered = tasksOfTopic(m, 'render-letter').some((r) => upstream.has(r.id) && properties(r).template === template);
      if (!rendered) problems.push(`${send.id} sends ${template}, which is not rendered before it`);
      const next = successors(m, send);
      const recorder = next.length === 1 ? next[0] : undefined;
      if (!recorder || topic(recorder) !== 'record-contact-moment') {
        problems.push(`${send.id} is not followed by a record-contact-moment task`);
      } else if (properties(recorder).subject !== template) {
        problems.push(`${recorder.id} records subject ${properties(recorder).subject} after sending ${template}`);
      }
    }
    return problems;
  },

  outcomes(m: Model): string[] {
    const problems: string[] = [];
    const closers = tasksOfTopic(m, 'close-renewal');
    for (const task of closers) {
      const outcome = properties(task).outcome;
      if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome))
        problems.push(`${task.id} has outcome ${outcome} outside OUTCOMES`);
      if (!successors(m, task).every((n) => isType(n, 'bpmn:EndEvent'))) problems.push(`${task.id} does not end the process`);
    }
    const used = closers.map((t) => properties(t).outcome);
    for (const outcome of GPK_OUTCOMES) if (!used.includes(outcome)) problems.push(`outcome ${outcome} is never reached`);
    return problems;
  },

  /** An output parameter with plain text sets that text as a string: it must be a contract reason. */
  exceptionReasons(m: Model): string[] {
    const mappings = m.nodes.flatMap((n) =>
      outputs(n)
        .filter((o) => o.name === 'exceptionReason')
        .map((o) => ({ node: n.id, value: o.value?.trim() ?? '' })),
    );
    if (mappings.length === 0) return ['the model sets no exceptionReason itself (no response, reported change)'];
    return mappings.flatMap(({ node, value }) =>
      (EXCEPTION_REASONS as readonly string[]).includes(value)
        ? []
        : [`${node} sets exceptionReason to ${value || '(nothing)'}, outside EXCEPTION_REASONS`],
    );
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
    const groups = attribute(task, 'candidateGroups') ?? '';
    if (groups !== CASE_WORKER_GROUP) problems.push(`candidate groups are "${groups}"`);
    if (attribute(task, 'assignee'))
      problems.push(`the task is assigned to ${attribute(task, 'assignee')} instead of offered to the group`);
    const formRef = attribute(task, 'formRef');
    if (formRef !== form.id) problems.push(`form reference is ${formRef}, the form file has id ${form.id}`);
    const binding = attribute(task, 'formRefBinding');
    if (binding !== 'latest' && binding !== 'deployment') problems.push(`form binding is ${binding}, not latest or deployment`);
    if (attribute(task, 'formKey')) problems.push(`the task also has a formKey (${attribute(task, 'formKey')})`);
    const dueDate = attribute(task, 'dueDate');
    if (dueDate !== '${exceptionDueDate}') problems.push(`due date is ${dueDate ?? 'missing'}, not \${exceptionDueDate}`);
    // Completing the task sets the form's fields as process variables: the gateway after it must read one of them.
    const fieldKeys = form.components.flatMap((c) => (c.key ? [c.key] : []));
    for (const next of successors(m, task).filter((n) => isType(n, 'bpmn:ExclusiveGateway'))) {
      const routedOn = variablesRoutedOn(m, next.id);
      if (routedOn.length === 0) problems.push(`${next.id} after the task routes on nothing the case worker decides`);
      for (const name of routedOn.filter((v) => !fieldKeys.includes(v))) {
        problems.push(`${next.id} routes on ${name}, which the form does not ask (fields: ${fieldKeys.join(', ')})`);
      }
    }
    return problems;
  },

  /** The answer arrives as a message correlated by business key (over REST), so the model only names it. */
  residentResponse(m: Model): string[] {
    const problems: string[] = [];
    const receive = m.nodes.filter((n) => isType(n, 'bpmn:ReceiveTask')) as BpmnModdle.ReceiveTask[];
    if (receive.length !== 1) return [`expected one receive task, found ${receive.length}`];
    const message = receive[0]?.messageRef;
    if (message?.name !== RESIDENT_RESPONSE_MESSAGE) problems.push(`the receive task waits for message ${message?.name}`);
    const timers = boundaryEvents(m)
      .filter((b) => b.attachedToRef?.id === receive[0]?.id)
      .map((b) => {
        const timer = b.eventDefinitions?.find((d) => isType(d, 'bpmn:TimerEventDefinition')) as
          BpmnModdle.TimerEventDefinition | undefined;
        return `${b.cancelActivity === false ? 'non-interrupting' : 'interrupting'} ${timer?.timeDuration?.body?.trim()}`;
      });
    problems.push(
      ...sameSet(timers, ['non-interrupting ${reminderAfter}', 'interrupting ${responseDeadline}'], 'timers on the wait'),
    );
    problems.push(...enumeratedRouting(m, 'residentResponse', RESIDENT_RESPONSES));
    return problems;
  },

  decisions(m: Model): string[] {
    return enumeratedRouting(m, 'decision', GPK_DECISIONS);
  },

  maturityLevels(m: Model): string[] {
    return enumeratedRouting(m, 'maturity', Object.keys(MATURITY_LEVELS));
  },

  /**
   * Every way to the stop letter passes a flow that rules out each of NO_STOP_LETTER_REASONS; the
   * gateway's default then closes the renewal as stopped without a letter.
   */
  stopLetterOnlyForLivingHolder(m: Model): string[] {
    const problems: string[] = [];
    const ruledOut = NO_STOP_LETTER_REASONS.join(', ');
    const isGuard = (f: SequenceFlow) => {
      const reasons = reasonsRuledOut(f);
      return reasons !== null && NO_STOP_LETTER_REASONS.every((r) => reasons.includes(r));
    };
    const stopLetterTasks = letterTasks(m).filter((t) => properties(t).template === STOP_LETTER);
    if (stopLetterTasks.length === 0) return [`no task renders or sends ${STOP_LETTER}`];
    const starts = m.nodes.filter((n) => isType(n, 'bpmn:StartEvent'));
    const unguarded = closure(starts, (n) => successors(m, n, (f) => !isGuard(f)));
    for (const task of stopLetterTasks.filter((t) => unguarded.has(t.id))) {
      problems.push(`${task.id} can be reached without ruling out exceptionReason ${ruledOut}`);
    }
    for (const flow of m.flows) {
      const reasons = reasonsRuledOut(flow);
      if (reasons === null) continue;
      const unknown = reasons.filter((r) => !(EXCEPTION_REASONS as readonly string[]).includes(r));
      if (unknown.length) problems.push(`${flow.id} rules out ${unknown.join(', ')}, outside EXCEPTION_REASONS`);
      const forgotten = NO_STOP_LETTER_REASONS.filter((r) => !reasons.includes(r));
      if (forgotten.length)
        problems.push(`${flow.id} lets a stop letter go out when exceptionReason is ${forgotten.join(' or ')}`);
    }
    const guards = m.flows.filter(isGuard);
    if (guards.length === 0) problems.push(`no flow is taken only when exceptionReason is none of ${ruledOut}`);
    for (const guard of guards) {
      const gateway = guard.sourceRef as BpmnModdle.ExclusiveGateway;
      const otherwise = gateway.default;
      if (!isType(gateway, 'bpmn:ExclusiveGateway') || !otherwise || otherwise.id === guard.id) {
        problems.push(`${gateway.id} has no default flow for a holder who must not get a letter`);
        continue;
      }
      const withoutLetter = closure([otherwise.targetRef], (n) => successors(m, n));
      const sent = tasksOfTopic(m, 'send-letter').filter((t) => withoutLetter.has(t.id));
      if (sent.length)
        problems.push(`when the holder must not get a letter, ${gateway.id} still leads to ${sent.map((t) => t.id).join(', ')}`);
      const closedAsStopped = tasksOfTopic(m, 'close-renewal').some(
        (t) => withoutLetter.has(t.id) && properties(t).outcome === 'stopped',
      );
      if (!closedAsStopped)
        problems.push(`when the holder must not get a letter, ${gateway.id} does not close the renewal as stopped`);
    }
    return problems;
  },

  /**
   * Operaton takes a flow without a condition out of an exclusive gateway as always true, so it
   * would win over the real choice without a word: every such flow must be the default.
   */
  gatewayFlows(m: Model): string[] {
    const gateways = m.nodes.filter((n) => isType(n, 'bpmn:ExclusiveGateway')) as BpmnModdle.ExclusiveGateway[];
    return gateways.flatMap((g) => {
      const out = m.flows.filter((f) => f.sourceRef?.id === g.id);
      if (out.length < 2) return [];
      const problems = out
        .filter((f) => !conditionOf(f) && g.default?.id !== f.id)
        .map((f) => `${f.id} leaves ${g.id} without a condition`);
      if (!g.default && attribute(g, 'asyncBefore') !== 'true') {
        problems.push(`${g.id} has no default flow and does not start asynchronously (camunda:asyncBefore)`);
      }
      return problems;
    });
  },

  /** Conditions and timers are JUEL (`${...}`); a FEEL leftover (`=...`) would be read as plain text. */
  expressions(m: Model): string[] {
    const juel = /^[$#]\{[^{}]+\}$/;
    const conditions = m.flows.flatMap((f) => {
      const body = conditionOf(f);
      return body && !juel.test(body) ? [`${f.id} has condition ${body}, not a JUEL expression \${...}`] : [];
    });
    const timers = boundaryEvents(m).flatMap((b) =>
      (b.eventDefinitions ?? [])
        .filter((d) => isType(d, 'bpmn:TimerEventDefinition'))
        .flatMap((d) => {
          const body = (d as BpmnModdle.TimerEventDefinition).timeDuration?.body?.trim() ?? '';
          return juel.test(body) ? [] : [`${b.id} has timer ${body || '(none)'}, not a JUEL expression \${...}`];
        }),
    );
    return [...conditions, ...timers];
  },

  diagram(m: Model): string[] {
    const problems: string[] = [];
    if (!m.planes.includes(m.process.id)) problems.push(`no diagram plane shows the process ${m.process.id}`);
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
    const eventStarts = starts.filter((n) => (n.$parent as { triggeredByEvent?: boolean } | undefined)?.triggeredByEvent);
    if (starts.length - eventStarts.length !== 1)
      return [`expected one start event, found ${starts.length - eventStarts.length}`];
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
  historyTimeToLive: 'the process has the history time to live Operaton requires',
  parsesCleanly: 'every BPMN element and camunda: extension in it is one Camunda 7 (Operaton) knows',
  noZeebe: 'nothing of the Zeebe (Camunda 8) dialect remains and Camunda Modeler opens it as Camunda 7',
  uniqueIds: 'no id is used twice',
  topics: 'every service task is an external task with a contract topic, and every topic is used',
  workerFiles: 'every topic has a worker file of the same name in workers/',
  letterTemplates: 'every letter task names a contract template, and every template is sent somewhere',
  lettersSentAndRecorded: 'every letter sent was rendered before and is recorded as a contact moment right after',
  outcomes: 'every close task ends the process with a contract outcome, and every outcome can be reached',
  exceptionReasons: 'every exception reason the model sets itself is a contract reason',
  userTask:
    'the only user task is assess-exception, offered to the case workers, with its form, due date and the decision the form asks',
  residentResponse: "the wait for the resident's answer uses the contract message, both timers and every contract response",
  decisions: "the case worker's decision routes on exactly the contract decisions, with no default",
  maturityLevels: 'the maturity level routes on exactly the configured levels, with no default',
  stopLetterOnlyForLivingHolder:
    'the stop letter is only created and sent when the holder is alive and lives at a known address, and otherwise the renewal is closed as stopped without a letter',
  gatewayFlows:
    'every flow out of a splitting gateway has a condition or is the default, and a gateway without a default starts asynchronously',
  expressions: 'every condition and timer is a JUEL expression',
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

  it('when the model names a letter template, then it exists in Dutch and English', () => {
    const templates = new Set(letterTasks(model).map((t) => properties(t).template));
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
    const factsView = form.components.find((c) => c.text?.includes('exceptionFactsText'));
    expect(factsView?.type).toBe('text');
    const shownOnly = ['exceptionFacts', 'exceptionFactsText', 'exceptionReason'];
    expect(form.components.filter((c) => c.key !== undefined && shownOnly.includes(c.key))).toEqual([]);
  });

  it('when Camunda Modeler opens the form, then it is a Camunda 7 (Operaton) form', () => {
    expect((form as unknown as { executionPlatform?: string }).executionPlatform).toBe(EXECUTION_PLATFORM);
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
      'a topic is renamed',
      'topics',
      'topic send-letters outside GPK_TOPICS',
      (x) => replaceOnce(x, 'camunda:topic="send-letter"', 'camunda:topic="send-letters"'),
    ],
    [
      'a topic is no longer used',
      'topics',
      'topic order-card is not used',
      (x) => replaceOnce(x, 'camunda:topic="order-card"', 'camunda:topic="send-letter"'),
    ],
    [
      'a service task is not an external task',
      'topics',
      'check-residence is not an external task',
      (x) =>
        replaceOnce(
          x,
          'camunda:modelerTemplateVersion="1" camunda:type="external" camunda:topic="check-residence"',
          'camunda:modelerTemplateVersion="1"',
        ),
    ],
    [
      'a service task names a topic without a worker',
      'workerFiles',
      'topic check-residences has no worker file workers/check-residences.ts',
      (x) => replaceOnce(x, 'camunda:topic="check-residence"', 'camunda:topic="check-residences"'),
    ],
    [
      'a letter template is misspelled',
      'letterTemplates',
      'template gpk-renew outside LETTER_TEMPLATES',
      (x) => replaceOnce(x, 'name="template" value="gpk/renewed"', 'name="template" value="gpk-renew"'),
    ],
    [
      'a letter task loses its template property',
      'letterTemplates',
      'render-renewed-letter names template undefined outside LETTER_TEMPLATES',
      (x) => replaceOnce(x, '<camunda:property name="template" value="gpk/renewed" />', ''),
    ],
    [
      'a contact moment records the wrong letter',
      'lettersSentAndRecorded',
      'records subject gpk/confirm-request after sending gpk/renewed',
      (x) => replaceOnce(x, 'name="subject" value="gpk/renewed"', 'name="subject" value="gpk/confirm-request"'),
    ],
    [
      'an outcome is outside the contract',
      'outcomes',
      'outcome halted outside OUTCOMES',
      (x) => replaceOnce(x, 'name="outcome" value="stopped"', 'name="outcome" value="halted"'),
    ],
    [
      'an exception reason is outside the contract',
      'exceptionReasons',
      'no-response sets exceptionReason to NO_ANSWER, outside EXCEPTION_REASONS',
      (x) => replaceOnce(x, '>NO_RESPONSE<', '>NO_ANSWER<'),
    ],
    [
      'the candidate group is misspelled',
      'userTask',
      'candidate groups are "caseworkers"',
      (x) => replaceOnce(x, `camunda:candidateGroups="${CASE_WORKER_GROUP}"`, 'camunda:candidateGroups="caseworkers"'),
    ],
    [
      'the user task names another form',
      'userTask',
      'form reference is assess-exceptions, the form file has id assess-exception',
      (x) => replaceOnce(x, 'camunda:formRef="assess-exception"', 'camunda:formRef="assess-exceptions"'),
    ],
    [
      'the user task loses its due date',
      'userTask',
      'due date is missing',
      (x) => replaceOnce(x, ' camunda:dueDate="${exceptionDueDate}"', ''),
    ],
    [
      'the decision gateway routes on a variable the form does not ask',
      'userTask',
      'case-worker-decision routes on verdict, which the form does not ask',
      (x) => x.replaceAll('${decision == "', '${verdict == "'),
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
      'missing non-interrupting ${reminderAfter}',
      (x) => replaceOnce(x, ' cancelActivity="false"', ''),
    ],
    [
      "the resident's response gateway no longer starts asynchronously",
      'residentResponse',
      'resident-answer does not start asynchronously',
      (x) => replaceOnce(x, 'id="resident-answer" camunda:asyncBefore="true"', 'id="resident-answer"'),
    ],
    [
      'a decision value is renamed in a condition',
      'decisions',
      'conditions on decision: missing stop',
      (x) => replaceOnce(x, '${decision == "stop"}', '${decision == "stopped"}'),
    ],
    [
      'the flow to the stop letter loses its check on a deceased holder',
      'stopLetterOnlyForLivingHolder',
      'render-stopped-letter can be reached without ruling out exceptionReason DECEASED',
      (x) =>
        replaceOnce(x, /(id="stop-letter-needed-yes"[^>]*>)\s*<bpmn:conditionExpression[^<]*<\/bpmn:conditionExpression>/, '$1'),
    ],
    [
      'the check on a deceased holder points the other way',
      'stopLetterOnlyForLivingHolder',
      'send-stopped-letter can be reached without ruling out exceptionReason DECEASED',
      (x) => replaceOnce(x, 'exceptionReason != "DECEASED"', 'exceptionReason == "DECEASED"'),
    ],
    [
      'the check forgets a holder who does not live at the registered address',
      'stopLetterOnlyForLivingHolder',
      'stop-letter-needed-yes lets a stop letter go out when exceptionReason is NOT_LIVING_AT_ADDRESS',
      (x) => replaceOnce(x, /\s+(?:&&|&amp;&amp;|and)\s+exceptionReason != "NOT_LIVING_AT_ADDRESS"/, ''),
    ],
    [
      'the stop decision goes straight to the stop letter',
      'stopLetterOnlyForLivingHolder',
      'render-stopped-letter can be reached without ruling out exceptionReason DECEASED',
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
      'stop-letter-needed has no default flow for a holder who must not get a letter',
      (x) => replaceOnce(x, ' default="stop-letter-needed-no"', ''),
    ],
    [
      'a holder who must not get a letter is sent another one instead',
      'stopLetterOnlyForLivingHolder',
      'when the holder must not get a letter, stop-letter-needed still leads to send-assessment-letter',
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
      'the maturity gateway no longer starts asynchronously',
      'maturityLevels',
      'maturity-level does not start asynchronously',
      (x) => replaceOnce(x, 'id="maturity-level" camunda:asyncBefore="true"', 'id="maturity-level"'),
    ],
    [
      'a condition is left in FEEL',
      'expressions',
      'maturity-level-automatic has condition =maturity = "automatic", not a JUEL expression',
      (x) => replaceOnce(x, '${maturity == "automatic"}', '=maturity = "automatic"'),
    ],
    [
      'a timer is left in FEEL',
      'expressions',
      'reminder-due has timer =reminderAfter, not a JUEL expression',
      (x) => replaceOnce(x, '${reminderAfter}', '=reminderAfter'),
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
      'the process loses its history time to live',
      'historyTimeToLive',
      'the process has no camunda:historyTimeToLive',
      (x) => replaceOnce(x, / camunda:historyTimeToLive="[^"]*"/, ''),
    ],
    [
      'a Zeebe attribute is left in the camunda namespace',
      'parsesCleanly',
      'unknown attribute <camunda:formId>',
      (x) => replaceOnce(x, 'camunda:formRef="assess-exception"', 'camunda:formId="assess-exception"'),
    ],
    [
      'a Zeebe task definition is left behind',
      'noZeebe',
      'the model still uses zeebe:taskDefinition',
      (x) =>
        replaceOnce(
          replaceOnce(x, 'xmlns:camunda=', `xmlns:zeebe="${ZEEBE_NAMESPACE}" xmlns:camunda=`),
          /(id="order-card"[^>]*>)/,
          '$1<bpmn:extensionElements><zeebe:taskDefinition type="order-card" /></bpmn:extensionElements>',
        ),
    ],
    [
      'the model is marked for Camunda 8',
      'noZeebe',
      'executionPlatform is Camunda Cloud',
      (x) => replaceOnce(x, 'modeler:executionPlatform="Camunda Platform"', 'modeler:executionPlatform="Camunda Cloud"'),
    ],
    [
      'an element id is used twice',
      'uniqueIds',
      'after-send-renewed-letter_di is used more than once',
      (x) => replaceOnce(x, 'id="after-order-card_di"', 'id="after-send-renewed-letter_di"'),
    ],
    [
      'a task has no shape in the diagram',
      'diagram',
      'order-card has no shape',
      (x) => replaceOnce(x, /<bpmndi:BPMNShape id="order-card_di"[\s\S]*?<\/bpmndi:BPMNShape>/, ''),
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
