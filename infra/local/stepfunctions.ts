// Step Functions stand-in: the ASL file run by aws-local-stepfunctions, behind the parts of
// the Step Functions API the handlers use (AWS JSON 1.0 protocol), so the handlers talk to
// it through the ordinary SDK client. It supplies what that engine lacks: task tokens for
// callback tasks, the time a state was entered, and executions that survive a restart
// (running ones are started again from their input; the workflow is replay-safe).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalFunction } from './lambda.ts';
import { localClientConfig } from './net.ts';

const TOKEN_PLACEHOLDER = 'local:task-token';
const ENTERED_PLACEHOLDER = 'local:state-entered-time';
const CALLBACK_SQS = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
const CALLBACK_LAMBDA = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const CALLBACKS = new Set([CALLBACK_SQS, CALLBACK_LAMBDA]);
/** setTimeout holds at most this many milliseconds; a longer wait would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** States entered so far: what AWS bills as state transitions. */
  transitions: number;
}

interface PendingTask {
  executionArn: string;
  /** Its token was handed over (the message sent, or the function returned). */
  handedOver?: boolean;
  resolve(output: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

type CallbackInput = { QueueUrl: string; MessageBody: unknown } | { FunctionName: string; Payload: unknown };
type StateDef = { Type: string; Resource?: string; TimeoutSecondsPath?: string; TimeoutSeconds?: number; [k: string]: unknown };
type Definition = { States: Record<string, StateDef> };

class ApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

function taskStates(definition: Definition): [string, StateDef][] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const nested = (state.ItemProcessor ?? state.Iterator) as Definition | undefined;
    const branches = (state.Branches ?? []) as Definition[];
    return [
      ...(state.Type === 'Task' ? [[name, state] as [string, StateDef]] : []),
      ...(nested ? taskStates(nested) : []),
      ...branches.flatMap(taskStates),
    ];
  });
}

function readPath(path: string, input: unknown): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], input);
}

function fill(value: unknown, replacements: Record<string, string>): unknown {
  if (typeof value === 'string') return replacements[value] ?? value;
  if (Array.isArray(value)) return value.map((v) => fill(v, replacements));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, replacements)]));
  return value;
}

export interface LocalStepFunctionsOptions {
  /** The ASL text, substitutions already applied. */
  definition: string;
  stateMachineArn: string;
  /** Lambda function ARN → the local function behind it. */
  functions: Map<string, LocalFunction>;
  sqsEndpoint: string;
  /** File that keeps executions across restarts; none keeps them in memory only. */
  stateFile?: string;
  onError(err: unknown, context: string): void;
}

export class LocalStepFunctions {
  readonly executions = new Map<string, ExecutionRecord>();
  private readonly aborts = new Map<string, () => void>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly closedTokens = new Set<string>();
  private readonly definition: Definition;
  /** Built once: constructing a state machine validates the ASL, which is costly. */
  private readonly machine: StateMachine;
  private readonly sqs: SQSClient;
  private server?: Server;
  private stopped = false;

  private readonly options: LocalStepFunctionsOptions;

  constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    this.definition = JSON.parse(options.definition);
    this.machine = new StateMachine(this.definition as never, { validationOptions: { checkPaths: false } });
    this.sqs = new SQSClient(localClientConfig(options.sqsEndpoint));
    if (options.stateFile && existsSync(options.stateFile)) {
      for (const record of JSON.parse(readFileSync(options.stateFile, 'utf8')) as ExecutionRecord[])
        this.executions.set(record.name, record);
    }
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then((body) => {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(body));
        })
        .catch((err: unknown) => {
          const apiError = err instanceof ApiError ? err : new ApiError('InternalFailure', String(err));
          if (!(err instanceof ApiError)) this.options.onError(err, 'step functions api');
          res.writeHead(apiError.type === 'InternalFailure' ? 500 : 400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: apiError.type, message: apiError.message }));
        });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Check every Task state has a stand-in, then start again every execution that was
   * running when the stack last stopped.
   */
  resume(): void {
    for (const [name, state] of taskStates(this.definition)) {
      if (state.Resource === CALLBACK_SQS) continue;
      const target =
        state.Resource === CALLBACK_LAMBDA ? (state.Parameters as { FunctionName?: string } | undefined)?.FunctionName : state.Resource;
      if (!target || !this.options.functions.has(target))
        throw new Error(`state ${name}: resource ${state.Resource} has no local stand-in`);
    }
    for (const record of this.executions.values()) if (record.status === 'RUNNING') this.run(record);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const abort of this.aborts.values()) abort();
    // Settle every waiting task, so the engine clears its own timeout timers and nothing
    // keeps the process alive; the executions stay RUNNING in the state file and resume.
    for (const token of [...this.tasks.keys()]) this.dropTask(token, 'the local stack stopped');
    await Promise.allSettled(this.running.values());
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.sqs.destroy();
  }

  /** An execution as the local runtime sees it, with the callback tasks it waits on now. */
  inspect(name: string) {
    const r = this.executions.get(name);
    if (!r) return undefined;
    const open = [...this.tasks.values()].filter((t) => t.executionArn === r.executionArn);
    const armedTasks = open.filter((t) => t.handedOver).length;
    return {
      name: r.name,
      status: r.status,
      startDate: r.startDate,
      stopDate: r.stopDate,
      transitions: r.transitions,
      openTasks: open.length,
      armedTasks,
    };
  }

  private async handle(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const action = String(req.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
    switch (action) {
      case 'StartExecution':
        return this.startExecution(body);
      case 'DescribeExecution':
        return this.describe(body.executionArn);
      case 'StopExecution':
        return this.stopExecution(body.executionArn, body.error, body.cause);
      case 'SendTaskSuccess':
        return this.closeTask(body.taskToken, (t) => t.resolve(JSON.parse(body.output)));
      case 'SendTaskFailure':
        return this.closeTask(body.taskToken, (t) =>
          t.reject(Object.assign(new Error(body.cause ?? ''), { name: body.error ?? 'TaskFailed' })),
        );
      case 'SendTaskHeartbeat':
        return this.closeTask(body.taskToken, () => {}, false);
      default:
        throw new ApiError('UnknownOperationException', `${action} is not supported by the local stand-in`);
    }
  }

  private startExecution(body: { stateMachineArn: string; name?: string; input?: string }) {
    if (body.stateMachineArn !== this.options.stateMachineArn)
      throw new ApiError('StateMachineDoesNotExist', `state machine ${body.stateMachineArn} does not exist`);
    const name = body.name ?? randomBytes(16).toString('hex');
    const input = body.input ?? '{}';
    const existing = this.executions.get(name);
    if (existing) {
      // AWS: the same name and input while running is the same execution; otherwise a conflict.
      if (existing.status === 'RUNNING' && existing.input === input)
        return { executionArn: existing.executionArn, startDate: Date.parse(existing.startDate) / 1000 };
      throw new ApiError('ExecutionAlreadyExists', `execution ${name} already exists`);
    }
    const record: ExecutionRecord = {
      executionArn: `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn: body.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      transitions: 0,
    };
    this.executions.set(name, record);
    this.persist();
    this.run(record);
    return { executionArn: record.executionArn, startDate: Date.parse(record.startDate) / 1000 };
  }

  private recordOf(executionArn: string): ExecutionRecord {
    const record = this.executions.get(String(executionArn).split(':').pop()!);
    if (!record || record.executionArn !== executionArn)
      throw new ApiError('ExecutionDoesNotExist', `execution ${executionArn} does not exist`);
    return record;
  }

  private describe(executionArn: string) {
    const r = this.recordOf(executionArn);
    return {
      executionArn: r.executionArn,
      stateMachineArn: r.stateMachineArn,
      name: r.name,
      status: r.status,
      startDate: Date.parse(r.startDate) / 1000,
      ...(r.stopDate ? { stopDate: Date.parse(r.stopDate) / 1000 } : {}),
      input: r.input,
      ...(r.output !== undefined ? { output: r.output } : {}),
      ...(r.error ? { error: r.error, cause: r.cause } : {}),
    };
  }

  private stopExecution(executionArn: string, error?: string, cause?: string) {
    const record = this.recordOf(executionArn);
    if (record.status === 'RUNNING') {
      this.finish(record, { status: 'ABORTED', error, cause });
      this.aborts.get(record.name)?.();
      for (const [token, task] of this.tasks) if (task.executionArn === executionArn) this.dropTask(token, 'the execution was stopped');
    }
    return { stopDate: Date.parse(record.stopDate!) / 1000 };
  }

  private closeTask(token: string, close: (task: PendingTask) => void, remove = true) {
    const task = this.tasks.get(token);
    if (!task) {
      if (this.closedTokens.has(token)) throw new ApiError('TaskTimedOut', 'the task of this token is no longer open');
      throw new ApiError('InvalidToken', 'unknown task token');
    }
    if (remove) {
      this.dropTask(token);
      close(task);
    }
    return {};
  }

  /** Close a task: its token is dead from now on; with a reason, its wait ends in an error. */
  private dropTask(token: string, reason?: string) {
    const task = this.tasks.get(token);
    if (task) {
      clearTimeout(task.timer);
      if (reason) task.reject(Object.assign(new Error(reason), { name: 'States.Runtime' }));
    }
    this.tasks.delete(token);
    this.closedTokens.add(token);
    if (this.closedTokens.size > 100_000) this.closedTokens.delete(this.closedTokens.values().next().value!);
  }

  private finish(record: ExecutionRecord, end: Partial<ExecutionRecord>) {
    Object.assign(record, end, { stopDate: new Date().toISOString() });
    this.persist();
  }

  private persist() {
    if (!this.options.stateFile) return;
    const tmp = `${this.options.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.executions.values()]));
    renameSync(tmp, this.options.stateFile);
  }

  private overrides(record: ExecutionRecord) {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of taskStates(this.definition)) {
      handlers[name] = CALLBACKS.has(state.Resource!)
        ? (input) => this.callbackTask(record, state, input as CallbackInput)
        : (input) => this.options.functions.get(state.Resource!)!.invoke(input);
    }
    return handlers;
  }

  /**
   * A `.waitForTaskToken` task: mint its token, hand the token over (a message on a queue, or
   * an invocation of a function, as AWS does), then wait for SendTask* or the timeout.
   */
  private async callbackTask(record: ExecutionRecord, state: StateDef, input: CallbackInput) {
    const token = randomBytes(48).toString('base64url');
    const timeoutSeconds = Number(state.TimeoutSecondsPath ? readPath(state.TimeoutSecondsPath, input) : (state.TimeoutSeconds ?? 60));
    if (!(timeoutSeconds * 1000 <= MAX_TIMER_MS))
      throw Object.assign(new Error(`timeout of ${timeoutSeconds}s exceeds what the local timer can hold`), { name: 'States.Runtime' });
    const placeholders = { [TOKEN_PLACEHOLDER]: token, [ENTERED_PLACEHOLDER]: new Date().toISOString() };
    const result = new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.dropTask(token), timeoutSeconds * 1000);
      this.tasks.set(token, { executionArn: record.executionArn, resolve, reject, timer });
    });
    // the task may be answered while it is being handed over, before it is awaited below
    result.catch(() => {});
    try {
      if ('FunctionName' in input) {
        const fn = this.options.functions.get(input.FunctionName);
        if (!fn)
          throw Object.assign(new Error(`function ${input.FunctionName} does not exist`), { name: 'Lambda.ResourceNotFoundException' });
        await fn.invoke(fill(input.Payload, placeholders));
      } else {
        const body = fill(input.MessageBody, placeholders);
        await this.sqs.send(
          new SendMessageCommand({ QueueUrl: input.QueueUrl, MessageBody: typeof body === 'string' ? body : JSON.stringify(body) }),
        );
      }
      const task = this.tasks.get(token);
      if (task) task.handedOver = true;
    } catch (err) {
      // the hand-over failed: the task fails with the function's error, as in AWS
      this.dropTask(token);
      throw err;
    }
    return result;
  }

  private run(record: ExecutionRecord) {
    const execution = this.machine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: this.overrides(record) as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, StartTime: record.startDate, Input: JSON.parse(record.input) },
        StateMachine: { Id: record.stateMachineArn, Name: record.stateMachineArn.split(':').pop() },
        Task: { Token: TOKEN_PLACEHOLDER },
        State: { EnteredTime: ENTERED_PLACEHOLDER, RetryCount: 0 },
      },
    });
    this.aborts.set(record.name, execution.abort);
    const counting = (async () => {
      for await (const event of execution.eventLogs) if (event.type === 'StateEntered') record.transitions += 1;
    })();
    const done = execution.result
      .then((output) => {
        // Stopping the stack is not the end of an execution: it stays RUNNING and resumes.
        if (!this.stopped && record.status === 'RUNNING')
          this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) });
      })
      .catch((err: Error) => {
        if (this.stopped || record.status !== 'RUNNING') return;
        this.finish(record, { status: 'FAILED', error: err.name, cause: err.message });
        this.options.onError(err, `execution ${record.name} failed`);
      })
      .finally(async () => {
        await counting.catch(() => {});
        this.aborts.delete(record.name);
        this.running.delete(record.name);
      });
    this.running.set(record.name, done);
  }
}
