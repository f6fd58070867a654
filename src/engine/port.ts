/**
 * What Tijdig asks of a process engine, and nothing more. Everything outside src/engine/ depends
 * on these types only; src/engine/operaton/ is the one adapter. No engine SDK or wire type
 * crosses this file, so a second adapter (or an engine upgrade) changes no domain code.
 */

/** A process variable as the domain sees it: JSON-like values. */
export type VariableValue = string | number | boolean | null | { [key: string]: unknown } | unknown[];
export type Variables = Record<string, VariableValue>;

export interface DeployedModels {
  /** `key vN` of every process definition the engine now holds from these files. */
  processes: string[];
  /** Whether the engine made a new deployment (false: every file was unchanged). */
  changed: boolean;
}

/** An external task the engine handed to a worker, locked for it. */
export interface ExternalTask {
  id: string;
  topic: string;
  processInstanceId: string;
  businessKey: string | null;
  /** The BPMN element id: together with the renewal it names the step, whatever the delivery. */
  elementId: string;
  /** Retries left after earlier failures; null on the first delivery. */
  retries: number | null;
  variables: Readonly<Record<string, unknown>>;
  /** The element's extension properties (camunda:property), e.g. the letter template. */
  properties: Readonly<Record<string, string>>;
}

/** What the engine must do with a task, decided by our code rather than a client's defaults. */
export type TaskOutcome =
  | { kind: 'complete'; variables: Variables }
  | { kind: 'bpmn-error'; errorCode: string; message: string; variables: Variables }
  | { kind: 'failure'; message: string; details?: string; retries: number; retryTimeoutMs: number };

export type TaskHandler = (task: ExternalTask, signal: AbortSignal) => Promise<TaskOutcome>;

export interface TopicSubscription {
  topic: string;
  handler: TaskHandler;
}

export interface WorkerOptions {
  /** Tasks handled at the same time by this process, over all topics. */
  maxConcurrency: number;
  /** How long a task stays locked for this worker; extended while a slow step still runs. */
  lockDurationMs: number;
  /** How long one fetch waits on the engine for new tasks (long polling). */
  longPollMs: number;
}

export interface Workers {
  /**
   * Stops fetching, lets the tasks in hand finish (or gives them back by their lock), then resolves.
   * A fetch still waiting on the engine is answered first (at most the long poll), and any task it
   * brings is handed back at once, so no task stays locked to a worker that has stopped.
   */
  stop(): Promise<void>;
}

/** The result of handing a message to the process that waits for it. */
export type CorrelationResult = 'correlated' | 'nothing-waiting';

/** An open exception task: a user task a person must decide. */
export interface ExceptionTask {
  taskId: string;
  processInstanceId: string;
  /** The key (id in the model) of the process the task belongs to. */
  processKey: string;
  /** The user task's element id. */
  elementId: string;
  assignee: string | null;
  /** ISO 8601, or null when the task has no due date. */
  dueDate: string | null;
  /** ISO 8601. */
  creationDate: string;
}

export interface ExceptionTaskQuery {
  /** Only tasks assigned to this person (the staff account's e-mail address). */
  assignee?: string;
  /** Only tasks nobody has claimed. */
  unassignedOnly?: boolean;
  /** Only tasks whose due date has passed. */
  overdueOnly?: boolean;
}

/** Which user tasks are exception tasks: a process and the element id of its exception task. */
export interface ExceptionTaskKind {
  processKey: string;
  elementId: string;
}

/** A claim can lose a race: a colleague claimed the task first, or it was decided meanwhile. */
export type ClaimResult = 'claimed' | 'taken' | 'gone';

/** The case worker's work on exception tasks. */
export interface ExceptionTasks {
  /** Every open exception task that matches, earliest due date first; tasks without a due date last. */
  list(query?: ExceptionTaskQuery): Promise<ExceptionTask[]>;
  /** One open exception task; null when the id is unknown, belongs to another kind of task, or is no longer open. */
  get(taskId: string): Promise<ExceptionTask | null>;
  /** Assigns the task to `assignee` unless someone else has it. */
  claim(taskId: string, assignee: string): Promise<ClaimResult>;
  /** Removes the assignee; false when the task is no longer open. */
  release(taskId: string): Promise<boolean>;
  /** Completes the task with the given variables (the decision the model routes on); false when no longer open. */
  complete(taskId: string, variables: Variables): Promise<boolean>;
}

/** The engine, as Tijdig uses it. */
export interface ProcessEngine {
  /** Waits until the engine answers an authenticated call. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** Deploys every model, decision table and form in `dir`; an unchanged file makes no new version. */
  deploy(dir: string): Promise<DeployedModels>;
  /** Starts an instance of the process `processKey`; returns its id. */
  start(processKey: string, businessKey: string, variables: Variables): Promise<string>;
  /**
   * Starts a new instance of whichever deployed process begins with this message (one service's
   * model starting another's, as a BPMN message between processes); returns its id. A message no
   * model starts with is an error, never silently dropped.
   */
  startByMessage(messageName: string, businessKey: string, variables: Variables): Promise<string>;
  /** Hands a message to the instance with this business key that waits for it. */
  correlate(messageName: string, businessKey: string, variables: Variables): Promise<CorrelationResult>;
  /** Opens external-task workers for these topics. */
  subscribe(subscriptions: TopicSubscription[], options: WorkerOptions): Workers;
  exceptionTasks: ExceptionTasks;
}
