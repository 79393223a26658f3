// Which way a phase failed (FailureCause), from the error it threw and what the run recorded, so the
// `Next:` advice fits the path the run took. Errors may say it themselves (a `failureCause` field);
// ECS's and ECR's request errors and the watch's outcomes are read as they are. Pure.
import { errorField, errorMessage, isThrottling } from '../shared/errors.js';
import type { FailureCause, PhaseName, RunRecord, ServiceReport } from './report.js';

/** `error` with the cause it stands for, for `failureCauseOf` to find. */
export function withFailureCause<E extends Error>(error: E, failureCause: FailureCause): E & { readonly failureCause: FailureCause } {
  return Object.assign(error, { failureCause });
}

/** Every cause, for the README's table of `Next:` advice and its test. */
export const FAILURE_CAUSES: readonly FailureCause[] = [
  'token-missing',
  'token-request',
  'trust-policy',
  'audience',
  'provider-missing',
  'thumbprint',
  'token-expired',
  'token-refused',
  'issuer-unreachable',
  'session-length',
  'chain-trust',
  'no-credentials',
  'engine-missing',
  'build',
  'push',
  'repository-missing',
  'image-missing',
  'scan-findings',
  'scan-unusable',
  'scan-timeout',
  'invalid-definition',
  'registration-refused',
  'service-not-found',
  'throttled',
  'circuit-breaker',
  'rolled-back',
  'hook-or-alarm',
  'tasks-failing',
  'timeout',
  'no-progress',
  'replaced',
  'wrong-revision',
  'watch-read',
];
const CAUSES: ReadonlySet<string> = new Set(FAILURE_CAUSES);

function isFailureCause(value: unknown): value is FailureCause {
  return typeof value === 'string' && CAUSES.has(value);
}

/** The cause of a phase's failure, or undefined when nothing more precise than the phase is known. */
export function failureCauseOf(phase: PhaseName, error: unknown, record: Pick<RunRecord, 'services'>): FailureCause | undefined {
  const told = errorField(error, 'failureCause');
  if (isFailureCause(told)) return told;
  switch (phase) {
    case 'Image':
      return errorField(error, 'name') === 'RepositoryNotFoundError' ? 'repository-missing' : undefined;
    case 'Task definition':
      return taskDefinitionCause(error);
    case 'Service update':
      return serviceUpdateCause(error);
    case 'Deployment watch':
      return watchCause(record.services);
    default:
      return undefined;
  }
}

function taskDefinitionCause(error: unknown): FailureCause | undefined {
  const operation = errorField(error, 'operation');
  // The services to deploy are read in this phase too (DescribeServices).
  if (operation === 'DescribeServices') return serviceUpdateCause(error);
  if (operation === 'RegisterTaskDefinition') return isThrottling(error) ? 'throttled' : 'registration-refused';
  if (operation !== undefined) return isThrottling(error) ? 'throttled' : undefined;
  // Not an ECS call's error: the definition itself does not fit (no such container, no family…).
  return 'invalid-definition';
}

// Several services' UpdateService failures arrive joined into one message ("UpdateService failed for
// web: ServiceNotFoundException from ECS UpdateService for …"), so the message is what is left to read.
function serviceUpdateCause(error: unknown): FailureCause | undefined {
  const message = errorMessage(error);
  // A refused call is its own advice (the permission to grant), whatever else failed with it.
  if (/\bAccessDenied/.test(message)) return undefined;
  if (/\b(ServiceNotFoundException|ServiceNotActiveException|ClusterNotFoundException)\b/.test(message)) return 'service-not-found';
  if (isThrottling(error) || /\b(ThrottlingException|Throttling|TooManyRequests)\b/.test(message)) return 'throttled';
  return undefined;
}

/**
 * How the watched services that failed ended, when they all ended the same way. A service whose
 * UpdateService failed (no rollout state: never watched) is named in the message with its own error.
 */
export function watchCause(services: readonly ServiceReport[]): FailureCause | undefined {
  const failed = services.filter(
    (service) => (service.status === 'failed' || service.status === 'timed-out') && service.rolloutState !== '',
  );
  const causes = new Set(failed.map(serviceCause));
  const [only] = causes;
  return causes.size === 1 ? only : undefined;
}

// The reasons are the watch's own sentences (src/watch/wording.ts); the tests build them with it.
function serviceCause({ status, reason, rolloutState, stoppedTaskReasons }: ServiceReport): FailureCause | undefined {
  if (status === 'timed-out') return reason.includes(' made no progress for ') ? 'no-progress' : 'timeout';
  if (/^(Stopped watching|Watching \S+ stopped unexpectedly)/.test(reason)) return 'watch-read';
  if (reason.includes(' was replaced by ')) return 'replaced';
  if (reason.includes(' ended on another revision: ')) return 'wrong-revision';
  if (reason.includes('circuit breaker tripped')) return 'circuit-breaker';
  if (reason.includes(' tasks stopped with the same failure')) return 'tasks-failing';
  if (/ failed: the (lifecycle hook|CloudWatch alarms?) /.test(reason)) return 'hook-or-alarm';
  if (rolloutState.startsWith('ROLLBACK') || /\brolling back\b|\brolled the service back\b/.test(reason)) return 'rolled-back';
  return stoppedTaskReasons.length > 0 ? 'tasks-failing' : undefined;
}
