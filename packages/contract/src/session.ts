import { AsyncLocalStorage } from 'node:async_hooks';
import { rules } from '@roomkit/openapi';
import type { Placeholder } from './checks/types.js';
import { answerRuleFindings } from './checks/answer-rules.js';
import { runChecks } from './checks/registry.js';
import type { Intent, TargetTraits } from './checks/types.js';
import { compactExchange, CONTEXT_TEXT_CHARS, type Exchange } from './http/exchange.js';
import { systemClock, type Clock } from './http/clock.js';
import { readUntil } from './http/read-until.js';
import type { Dispatch, HttpTransport, RequestSpec } from './http/transport.js';
import type { ResourceLedger } from './safety/ledger.js';
import { RequestIdMemory } from './kinds/request-id.js';
import type { OperationInfo as OperationView, SpecView } from './openapi/view.js';

export type AuthKind = 'primary' | 'second' | 'invalid' | 'none';

/** How a target authenticates: header sets per credential kind. */
export interface TargetAuth {
  primary: Record<string, string>;
  second?: Record<string, string>;
  /** Well-formed but wrong credentials. */
  invalid: Record<string, string>;
}

/** A finding not yet tied to a fast-check run (seed, path and counterexample come later). */
export interface Draft {
  name: string;
  kind: 'check' | 'rule';
  message: string;
  location: string;
  operationId?: string;
  exchange?: Exchange;
  context?: Exchange[];
}

/** One execution of a property body: the exchanges it made and what went wrong. */
export class Trial {
  readonly exchanges: Exchange[] = [];
  readonly drafts: Draft[] = [];

  get failed(): boolean {
    return this.drafts.length > 0;
  }
}

export interface CallOptions {
  path?: Record<string, string>;
  query?: RequestSpec['query'];
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  auth?: AuthKind;
  intent?: Intent;
  /** For `after-create` checks: the exchange that created what is being fetched. */
  cause?: Exchange;
  /** Puts the request on the wire (a simultaneous batch's); fetch when absent. */
  dispatch?: Dispatch;
}

/** Waits that ran out without the awaited item showing, before the run stops waiting for lag. */
const PATIENCE_BEFORE_DOUBT = 3;
/** Pause between reads while waiting for a write to show. */
const SETTLE_POLL_MS = 100;

export function expandPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

/**
 * What one property's runs own while properties run side by side: the trial being recorded, when
 * its own last write was acknowledged (what its reads wait for), and its patience with lag.
 */
class Lane {
  trial = new Trial();
  lastWriteAt = 0;
  /** Waits for read-after-write lag that ended in agreement (the target does lag) or ran out (it never came). */
  readonly patience = { paid: 0, wasted: 0 };
}

/**
 * Everything a property needs to talk to one target: the spec, the transport, the ledger,
 * credentials, and the check registry applied to every exchange. One session serves every
 * property of a run; what belongs to one property's runs lives in its lane (`inLane`), found
 * through the async context, so properties running concurrently never share a trial.
 */
export class Session {
  /** Whether the run judges an operation's answers (`--operations`, `--exclude-operations` say no for some). */
  judges: (operationId: string) => boolean = () => true;

  /** The spec's operations the run judges: what a property over many operations (bounds) covers. */
  judgedOperations(): OperationView[] {
    return this.spec.operations.filter((o) => this.judges(o.operationId));
  }
  private readonly lanes = new AsyncLocalStorage<Lane>();
  /** The lane of code that runs outside any property (preflight, listing). */
  private readonly outside = new Lane();
  /** fast-check replayPath of a command sequence being replayed (`--replay-path`). */
  replayPath: string | undefined;
  private declared: Set<string> | undefined;
  /** How long a written item may take to show in reads (`--consistency-wait`). */
  consistencyWaitMs = 0;
  /** The time consistency waits are measured in (tests drive it; see http/clock.ts). */
  clock: Clock = systemClock;
  /** Values reproductions take from the environment (organization ids), with their variables. */
  placeholders: Placeholder[] = [];
  /** The first answer that carried each request id, for the request-id rules. */
  private requestIds: RequestIdMemory | undefined;

  constructor(
    readonly spec: SpecView,
    readonly transport: HttpTransport,
    readonly ledger: ResourceLedger,
    readonly traits: TargetTraits,
    readonly auth: TargetAuth,
    readonly enabled: (name: string) => boolean,
    private readonly afterExchange: (operation: OperationView, exchange: Exchange) => void = () => {},
  ) {}

  private get lane(): Lane {
    return this.lanes.getStore() ?? this.outside;
  }

  /**
   * Runs `body` in a lane of its own: its trials, writes and patience are not any other lane's.
   * `inheritWrites`: its reads still wait for the writes of the current lane (a property's setup,
   * for the groups of its runs).
   */
  inLane<T>(body: () => Promise<T>, inheritWrites = false): Promise<T> {
    const lane = new Lane();
    if (inheritWrites) lane.lastWriteAt = this.lane.lastWriteAt;
    return this.lanes.run(lane, body);
  }

  /** The trial of the current lane. */
  get trial(): Trial {
    return this.lane.trial;
  }

  /** When the target last acknowledged a write of the current lane. */
  get lastWriteAt(): number {
    return this.lane.lastWriteAt;
  }

  /**
   * Reads until what the target shows agrees with what the run expects, or until the consistency
   * wait since the last acknowledged write is over: a vendor may show a new or changed item a
   * little later (bounded read-after-write lag, a documented tolerance). Returns the last read.
   * Patience is spent only while it pays: once several waits ran out and none ever ended in
   * agreement, what is missing is missing for real (a fault, shrinking would wait on every
   * candidate), and later reads are judged at once.
   */
  async settled<T>(read: () => Promise<T>, agrees: (value: T) => boolean, since = this.lastWriteAt): Promise<T> {
    const { patience } = this.lane;
    const give = patience.paid > 0 || patience.wasted < PATIENCE_BEFORE_DOUBT;
    const { value, settled, waited } = await readUntil({
      read,
      settles: agrees,
      until: give ? since + this.consistencyWaitMs : Number.NEGATIVE_INFINITY,
      pause: () => SETTLE_POLL_MS,
      clock: this.clock,
      transport: this.transport,
    });
    if (waited) {
      if (settled) patience.paid += 1;
      else patience.wasted += 1;
    }
    return value;
  }

  /** Starts a fresh trial; properties call this at the top of each run. */
  beginTrial(): Trial {
    this.lane.trial = new Trial();
    return this.lane.trial;
  }

  authHeaders(kind: AuthKind): Record<string, string> {
    if (kind === 'none') return {};
    if (kind === 'second') {
      if (this.auth.second === undefined) throw new Error('no second organization credentials');
      return this.auth.second;
    }
    return kind === 'invalid' ? this.auth.invalid : this.auth.primary;
  }

  async call(operationId: string, options: CallOptions = {}): Promise<Exchange> {
    const operation = this.spec.operation(operationId);
    const exchange = await this.transport.send(
      {
        operationId,
        method: operation.method,
        path: expandPath(operation.path, options.path),
        ...(options.query === undefined ? {} : { query: options.query }),
        headers: { ...this.authHeaders(options.auth ?? 'primary'), ...options.headers },
        ...(options.json === undefined ? {} : { json: options.json }),
        ...(options.rawBody === undefined ? {} : { rawBody: options.rawBody }),
      },
      options.dispatch,
    );
    this.afterExchange(operation, exchange);
    const status = exchange.response?.status ?? 0;
    if (operation.method !== 'get' && status >= 200 && status < 300) this.lane.lastWriteAt = this.clock.now();
    this.observe(operation, exchange, options.intent ?? 'state', options.cause);
    // The transport read the created resource back to verify it is the run's: that read is also
    // the check that a created resource is available, so no second read is sent.
    const readBack = exchange.ownership?.readBack;
    if (readBack?.operationId !== undefined) {
      this.observe(this.spec.operation(readBack.operationId), readBack, 'after-create', exchange);
    }
    return exchange;
  }

  /** Applies the check registry to an exchange the trial made, recording what broke. */
  observe(operation: OperationView, exchange: Exchange, intent: Intent, cause?: Exchange): void {
    // The trial keeps what a report of it needs (its requests, the start of each answer).
    this.trial.exchanges.push(compactExchange(exchange, CONTEXT_TEXT_CHARS));
    if (!this.judges(operation.operationId)) return;
    const findings = runChecks(
      { exchange, operation, intent, spec: this.spec, target: this.traits, ...(cause === undefined ? {} : { cause }) },
      this.enabled,
    );
    for (const { check, finding } of findings) {
      this.trial.drafts.push({
        name: check.name,
        kind: 'check',
        ...finding,
        operationId: operation.operationId,
        exchange,
      });
    }
    this.checkRequestId(exchange);
    for (const found of answerRuleFindings(this.spec, operation, exchange, this.traits))
      this.rule(found.rule, found.message, found.location, exchange);
  }

  /**
   * The spec's request-id rules (the request-id kind): a value that identifies one answer is never
   * seen on two. A stateless mock answers from the spec's examples, so it repeats them: only
   * stateful targets.
   */
  private checkRequestId(exchange: Exchange): void {
    if (!this.traits.stateful) return;
    this.requestIds ??= new RequestIdMemory(this.spec.doc);
    for (const found of this.requestIds.observe(exchange))
      this.rule(found.rule.name, found.message, found.location, exchange, [found.earlier]);
  }

  /** Records a broken rule, unless `--checks` left the rule out. Only rules the spec declares exist. */
  rule(name: string, message: string, location: string, exchange?: Exchange, context?: Exchange[]): void {
    this.declared ??= new Set(rules(this.spec.doc).map((r) => r.name));
    if (!this.declared.has(name)) {
      throw new Error(
        `the suite reports rule "${name}", which x-roomkit-rules of the ${this.spec.api} spec does not declare`,
      );
    }
    if (!this.enabled(name)) return;
    if (exchange?.operationId !== undefined && !this.judges(exchange.operationId)) return;
    this.trial.drafts.push({
      name,
      kind: 'rule',
      message,
      location,
      ...(exchange?.operationId === undefined ? {} : { operationId: exchange.operationId }),
      ...(exchange === undefined ? {} : { exchange }),
      ...(context === undefined ? {} : { context }),
    });
  }
}
