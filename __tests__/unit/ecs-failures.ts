// ECS failures as the SDK throws them, and a promise's rejection as an Error, for the tests of the
// modules that call ECS (task definition reads and registers, service reads and updates).
import { AccessDeniedException } from '@aws-sdk/client-ecs';

export const ACCOUNT = '123456789012';

export const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };

export function accessDenied(action: string): AccessDeniedException {
  return new AccessDeniedException({
    $metadata: metadata,
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/oidc-ecs-deploy-1 is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
  });
}

export async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection');
}
