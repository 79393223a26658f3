// What failed to start a service's deployment, as data: the call (ECS UpdateService, or CodeDeploy's for a
// CODE_DEPLOY service) or a refusal before any call, so the sentence that reports it names what failed.
// Pure: the one wording of that sentence's head, for the failure reason, the annotations and fail-fast.

export type StartOperation =
  | 'ecs:UpdateService'
  | 'codedeploy:GetDeploymentGroup'
  | 'codedeploy:CreateDeployment'
  /** Refused by the action's own checks (no AppSpec to send, a group of another service, an EXTERNAL controller). */
  | 'refused';

export interface StartFailure {
  readonly service: string;
  readonly operation: StartOperation;
  readonly error: unknown;
}

const HEADS: Readonly<Record<StartOperation, (service: string) => string>> = {
  'ecs:UpdateService': (service) => `UpdateService failed for ${service}`,
  'codedeploy:GetDeploymentGroup': (service) => `CodeDeploy GetDeploymentGroup failed for ${service}`,
  'codedeploy:CreateDeployment': (service) => `CodeDeploy CreateDeployment failed for ${service}`,
  refused: (service) => `The deployment of ${service} was not started`,
};

/** `UpdateService failed for web`, `CodeDeploy CreateDeployment failed for web`, …: the failure's reason follows a colon. */
export function startFailedFor(service: string, operation: StartOperation): string {
  return HEADS[operation](service);
}
