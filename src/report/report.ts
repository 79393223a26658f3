// What a run did: each phase returns its part, the orchestration composes them into one immutable
// RunResult, and outputs.ts / summary.ts turn that into what the user sees. Plain data only.
import type { AccessDenial } from '../shared/access-denied.js';
import type { ScanFinding } from '../scan/findings.js';
import type { StartOperation } from '../service/start-failure.js';

export type PhaseName =
  | 'Inputs'
  | 'Credentials'
  | 'Image'
  | 'Image scan'
  | 'Task definition'
  | 'Migration task'
  | 'Service update'
  | 'Deployment watch'
  | 'Internal';

export interface PhaseTiming {
  readonly phase: PhaseName;
  readonly milliseconds: number;
  readonly status: 'succeeded' | 'failed';
}

export interface ImageReport {
  readonly uri: string;
  readonly registry: string;
  readonly tag: string;
  readonly digest: string;
  /** How the image came to be: built and pushed now, found already pushed, or given as `image`. */
  readonly origin: 'built' | 'reused' | 'given' | 'planned' | 'revision';
}

/**
 * `unchanged`: it already ran this image and settings, so nothing was registered or deployed. `scaled`: it
 * already ran this image, and only its desired count was updated (no new deployment).
 */
export type ServiceStatus = 'succeeded' | 'failed' | 'timed-out' | 'updated' | 'planned' | 'unchanged' | 'scaled';

export interface ServiceReport {
  readonly service: string;
  readonly previousTaskDefinitionArn: string;
  readonly taskDefinitionArn: string;
  readonly status: ServiceStatus;
  readonly deploymentId: string;
  readonly rolloutState: string;
  /** Empty on success. */
  readonly reason: string;
  readonly stoppedTaskReasons: readonly string[];
  readonly rollback: string;
  readonly milliseconds: number;
  /** What was done besides a rollout, for the summary (a desired count changed). */
  readonly note?: string;
  /** How ECS rolls this service out (`rolling (100–200 %, circuit breaker with rollback)`), in a dry run's plan. */
  readonly strategy?: string;
  /** A CODE_DEPLOY service's CodeDeploy deployment (`d-…`). */
  readonly codeDeployDeploymentId?: string;
}

/** What UpdateService started for the first service, as soon as it is known. */
export interface RolloutStart {
  readonly taskDefinitionArn: string;
  readonly previousTaskDefinitionArn: string;
  readonly deploymentId: string;
}

/** Where the first service's rollout stood when the step stopped following it. */
export interface RolloutEnd {
  readonly deploymentId: string;
  readonly rolloutState: string;
  /** Every failed or timed-out service's reason, then every UpdateService failure; empty on success. */
  readonly failureReason: string;
}

/** A service whose deployment did not start (UpdateService, or CodeDeploy's call, failed) while others were updated (and watched). */
export interface UpdateFailure {
  readonly service: string;
  readonly operation: StartOperation;
  readonly message: string;
}

/** The one-off task (`run-task-command`) run before the services were updated. */
export interface MigrationReport {
  /** `skipped`: nothing was registered, so there was no new revision to run it with. */
  readonly status: 'succeeded' | 'failed' | 'timed-out' | 'skipped';
  /** Empty when no task was started. */
  readonly taskArn: string;
  readonly taskDefinitionArn: string;
  /** The command as a reader would type it. */
  readonly command: string;
  /** Of the overridden container; undefined when it never ran to an exit. */
  readonly exitCode: number | undefined;
  /** Empty on success: the failure's first line otherwise. */
  readonly reason: string;
  readonly logLines: readonly string[];
  readonly milliseconds: number;
}

/** What the scan gate (`scan-severity-threshold`) read of the deployed image's ECR scan. */
export interface ScanReport {
  readonly threshold: string;
  /** `repository@digest` as the scan names it. */
  readonly image: string;
  /** ECR's scan status when read (COMPLETE, ACTIVE). */
  readonly status: string;
  /** Findings per severity, worst first, without zeros (ECR's `findingSeverityCounts`). */
  readonly counts: readonly (readonly [string, number])[];
  /** How many findings are at or above the threshold. */
  readonly blocking: number;
  /** Every finding the scan listed, and the worst of them, worst first. */
  readonly total: number;
  readonly top: readonly ScanFinding[];
  /** An image index: the platforms whose images' scans were read and joined (each finding names its platforms). */
  readonly platforms?: readonly string[];
  /** Set when the gate did not judge the image (a dry run's image not pushed yet, or never scanned). */
  readonly note?: string;
}

/** Everything the run learned so far; each finished phase gives a new one. */
export interface RunRecord {
  readonly phases: readonly PhaseTiming[];
  /** Whether the Image phase builds or uses the given `image`: the advice after a failure depends on it. */
  readonly imageSource?: 'build' | 'existing' | 'revision';
  readonly identity?: string;
  readonly image?: ImageReport;
  readonly scan?: ScanReport;
  /** Dry run: the plan and the task definition diff. */
  readonly plan: readonly string[];
  /** The task definition edits the inputs asked for, one line per input (secrets as their ARNs). */
  readonly edits?: readonly string[];
  readonly migration?: MigrationReport;
  readonly rolloutStart?: RolloutStart;
  readonly rolloutEnd?: RolloutEnd;
  readonly services: readonly ServiceReport[];
  readonly updateFailures: readonly UpdateFailure[];
  /** Whether this run started a rollout (UpdateService) of any service; unknown until the services were decided. */
  readonly deployed?: boolean;
  /** `keep-revisions`: the old revisions deregistered (or, on a dry run, that would be). */
  readonly revisions?: RevisionsReport;
}

/** What `keep-revisions` did after a successful deploy; its failures are warnings, never the run's. */
export interface RevisionsReport {
  readonly keep: number;
  readonly dryRun: boolean;
  /** Deregistered now; on a dry run, those that would be. */
  readonly deregistered: readonly string[];
  readonly failures: readonly { readonly arn: string; readonly message: string }[];
  /** Nothing was deregistered because the revisions could not be read: why. */
  readonly skipped?: string;
}

/**
 * Which way a phase failed, when the advice after it depends on it (see `failureCauseOf`). Credentials:
 * no token for the job, the token request, or STS's refusal by kind; Image: no engine, the build, the
 * push, a missing repository or `image`; Task definition: a definition that does not fit, ECS refusing
 * it; Service update: no such service, throttling; Deployment watch: how the deployment ended, or the
 * watch itself failing to read it.
 */
export type FailureCause =
  | 'token-missing'
  | 'token-request'
  | 'trust-policy'
  | 'audience'
  | 'provider-missing'
  | 'thumbprint'
  | 'token-expired'
  | 'token-refused'
  | 'issuer-unreachable'
  | 'session-length'
  | 'chain-trust'
  | 'no-credentials'
  | 'engine-missing'
  | 'build'
  | 'push'
  | 'repository-missing'
  | 'image-missing'
  | 'scan-findings'
  | 'scan-unusable'
  | 'scan-timeout'
  | 'invalid-definition'
  | 'registration-refused'
  | 'service-not-found'
  | 'throttled'
  | 'circuit-breaker'
  | 'rolled-back'
  | 'hook-or-alarm'
  | 'tasks-failing'
  | 'timeout'
  | 'no-progress'
  | 'replaced'
  | 'wrong-revision'
  | 'watch-read';

export interface RunFailure {
  readonly phase: PhaseName;
  /** Which way the phase failed, when known; the `Next:` advice follows it. */
  readonly cause?: FailureCause;
  /** The first line of the error: the annotation and the summary's headline. */
  readonly message: string;
  /** The rest of a multi-line diagnosis (claims, a trust policy to paste), shown as a block. */
  readonly details: readonly string[];
  /** The call IAM refused, when a statement added to (or a Deny removed from) a policy is the fix. */
  readonly refused?: AccessDenial;
}

export type RunEnding = { readonly kind: 'deployed' } | { readonly kind: 'dry-run' } | ({ readonly kind: 'failed' } & RunFailure);

/** The final result of a run: what it learned and how it ended. */
export interface RunResult extends RunRecord {
  readonly ending: RunEnding;
}

export const EMPTY_RECORD: RunRecord = { phases: [], plan: [], services: [], updateFailures: [] };
