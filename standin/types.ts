// Contracts shared by the parts of the local AWS + GitHub stand-in. Test infrastructure only: src/
// imports nothing from standin/, so none of it is bundled into dist/.
import type { ImageScanSetup } from './ecr-scan.js';

/** JSON as it crosses the wire in AWS's JSON 1.1 protocol. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = Record<string, JsonValue>;

/**
 * An error answered in AWS's shape. For JSON 1.1 services: HTTP `status`, body
 * `{"__type": code, "message": message}` and header `x-amzn-ErrorType: code`. For STS (Query
 * protocol): the XML `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…` document.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * An answer that is not AWS's JSON at all (an HTML error page from a proxy or another implementation of the
 * API): the server writes `body` as it is, with `status` and `contentType`.
 */
export class NotJsonAnswer extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
  ) {
    super('not a JSON answer');
    this.name = 'NotJsonAnswer';
  }
}

/**
 * Time of the simulation. `now()` is epoch milliseconds of simulated time; simulated time runs
 * `scale` times faster than real time (scale 1 = real time, as the benchmarks use it; tests use more).
 */
export interface Clock {
  readonly scale: number;
  now(): number;
  /** Resolves after `simulatedMs` of simulated time. */
  sleep(simulatedMs: number): Promise<void>;
}

/** Who signed a request, as established by SigV4 verification against credentials the stand-in issued. */
export interface Caller {
  readonly accessKeyId: string;
  readonly account: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` */
  readonly arn: string;
}

/** Context of one signed JSON 1.1 request. */
export interface RequestContext {
  readonly caller: Caller;
  /** From the SigV4 credential scope. */
  readonly region: string;
}

/** One JSON 1.1 service: `operation` is the part of X-Amz-Target after the dot. Throws AwsError. */
export type JsonHandler = (operation: string, input: JsonObject, context: RequestContext) => Promise<JsonObject>;

export type RolloutBehaviour =
  /** Tasks reach RUNNING 3 s after they are placed; the rollout completes about 6 s after UpdateService. */
  | 'healthy'
  /** As healthy, but tasks take 20 s to reach RUNNING. */
  | 'slow-start'
  /** The essential container exits 1 about 1 s after RUNNING, every time: circuit breaker, rollback. */
  | 'crash-loop';

/**
 * What a standalone task (RunTask) does once RUNNING: exit 0, exit 3 after printing an error, stop with
 * CannotPullContainerError before it runs, or run until StopTask.
 */
export type OneOffTaskBehaviour = 'succeeds' | 'exits-3' | 'cannot-pull' | 'never-stops';

/**
 * Chosen per test. A task whose image is not in the registry always stops with
 * CannotPullContainerError, whatever `rollout` says (that is the image-pull-failure scenario).
 */
export interface Scenario {
  readonly rollout: RolloutBehaviour;
  /** Per service name, a behaviour in place of `rollout` (one failing service among healthy ones). */
  readonly serviceRollouts?: Readonly<Record<string, RolloutBehaviour>>;
  /** Standalone tasks (RunTask); default 'succeeds'. */
  readonly oneOffTasks?: OneOffTaskBehaviour;
  /** Share (0..1) of ECS and ECR API calls answered with ThrottlingException. */
  readonly throttleShare?: number;
  /** Every Nth ECS API call (the 3rd, 6th, … for 3) is answered with ThrottlingException. */
  readonly ecsThrottleEvery?: number;
  /** The first `count` calls to `service` are answered 5xx: 500 ServerException and 503 ServiceUnavailable in turn. */
  readonly serverErrorBurst?: { readonly service: 'sts' | 'ecr' | 'ecs'; readonly count: number };
  /** The first N AssumeRoleWithWebIdentity calls answer IDPCommunicationError. */
  readonly stsIdpCommunicationErrors?: number;
  /** The first N OIDC token requests answer HTTP 500. */
  readonly oidcServerErrors?: number;
  /** Registry passwords from GetAuthorizationToken expire this many seconds after issue (default 12 h). */
  readonly registryPasswordTtlSeconds?: number;
  /** Lifetime cap of issued STS credentials in seconds (to test refresh during long waits). */
  readonly credentialTtlSeconds?: number;
  /** Per repository name: how ECR scans its images and what it finds (ecr-scan.ts); default, no scan on push, no findings. */
  readonly imageScans?: Readonly<Record<string, ImageScanSetup>>;
  /** Faults of ECS's traffic-shifting strategies (BLUE_GREEN, LINEAR, CANARY): see LifecycleFaults. */
  readonly lifecycle?: LifecycleFaults;
  /**
   * As another implementation of ECS did: UpdateService with a new revision records it as the service's
   * `taskDefinition`, but the PRIMARY deployment it starts (and completes) runs the previous revision.
   */
  readonly updateServiceKeepsRevision?: boolean;
}

/** What goes wrong during a BLUE_GREEN, LINEAR or CANARY deployment (new revisions only, as for `rollout`). */
export interface LifecycleFaults {
  /** The service's lifecycle hook at `stage` answers FAILED, or never answers and times out. */
  readonly hookAt?: { readonly stage: string; readonly outcome: 'FAILED' | 'TIMED_OUT' };
  /** The named CloudWatch alarm (one of the service's deployment alarms) goes into ALARM when `stage` is entered. */
  readonly alarmAt?: { readonly stage: string; readonly alarmName: string };
}
