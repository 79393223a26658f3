// A failed ECR or ECS call, explained: the message names the operation, the resource and the fix,
// while `name` and the SDK's retry hints stay those of the SDK's error, so every classifier
// (retry, poll policy) treats it exactly like the original.
import { asSentence, errorField, errorMessage, errorName } from './errors.js';

export class AwsRequestError<Operation extends string> extends Error {
  /** The SDK error's name (`AccessDeniedException`, `ThrottlingException`, …), or `Error` when it had none. */
  readonly awsErrorName: string;
  readonly $metadata: unknown;
  readonly $fault: unknown;
  readonly $retryable: unknown;
  readonly code: unknown;

  constructor(
    service: 'ECR' | 'ECS',
    readonly operation: Operation,
    readonly resource: string,
    override readonly cause: unknown,
    advice: string,
  ) {
    const awsErrorName = errorName(cause) || 'Error';
    const detail = errorMessage(cause);
    const sentence = advice === '' ? detail : asSentence(detail);
    super(`${awsErrorName} from ${service} ${operation} for ${resource}: ${sentence}${advice === '' ? '' : ` ${advice}`}`);
    this.awsErrorName = awsErrorName;
    this.name = awsErrorName;
    this.$metadata = errorField(cause, '$metadata');
    this.$fault = errorField(cause, '$fault');
    this.$retryable = errorField(cause, '$retryable');
    this.code = errorField(cause, 'code');
  }
}

/** The action IAM refused, from an access error's `... not authorized to perform: ecs:UpdateService on ...`. */
export function refusedAction(error: unknown): string | undefined {
  return /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(errorMessage(error))?.[1];
}

/** The advice for credentials the service rejected, or undefined for any other failure. */
export function rejectedCredentialsAdvice(error: unknown): string | undefined {
  switch (errorName(error)) {
    case 'ExpiredTokenException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return 'The AWS credentials were rejected or expired; check the role and its session duration.';
    default:
      return undefined;
  }
}
