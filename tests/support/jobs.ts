import type { TaskOutcome } from '../../src/engine/port';
import type { Logger } from '../../src/logger';
import type { Topic } from '../../src/services/topics';
import type { RenewalContext } from '../../src/renewals/context';
import { WORKERS } from '../../workers';
import { runTask } from '../../workers/definition';

let taskNumber = 1000;

/**
 * Hands a task to the real worker code the way the engine delivers it: a locked external task
 * with the element id of the BPMN task, its extension properties and the instance's variables.
 * Delivering the same element twice is what the engine does after a lost completion.
 */
export function deliver(
  ctx: RenewalContext,
  logger: Logger,
  task: {
    topic: Topic;
    elementId: string;
    variables: Record<string, unknown>;
    properties?: Record<string, string>;
    retries?: number | null;
  },
): Promise<TaskOutcome> {
  taskNumber += 1;
  return runTask(
    WORKERS[task.topic],
    {
      id: `test-task-${taskNumber}`,
      topic: task.topic,
      processInstanceId: 'test-process-instance',
      businessKey: null,
      elementId: task.elementId,
      retries: task.retries ?? null,
      variables: task.variables,
      properties: task.properties ?? {},
    },
    ctx,
    logger,
  );
}

export function completed(outcome: TaskOutcome): Record<string, unknown> {
  if (outcome.kind !== 'complete') throw new Error(`expected the task to complete, but it ended as ${outcome.kind}`);
  return outcome.variables;
}
