// What a run did, collected phase by phase by main.ts and rendered by summary.ts. Plain data only.

export type PhaseName = 'Inputs' | 'Credentials' | 'Image' | 'Task definition' | 'Service update' | 'Deployment watch' | 'Internal';

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
  readonly origin: 'built' | 'reused' | 'given' | 'planned';
}

export type ServiceStatus = 'succeeded' | 'failed' | 'timed-out' | 'updated' | 'planned';

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
}

export interface RunReport {
  dryRun: boolean;
  identity?: string;
  image?: ImageReport;
  services: ServiceReport[];
  phases: PhaseTiming[];
  /** Dry run: the plan and the task definition diff. */
  plan: string[];
  /** `message` is the first line; `details` the rest of a multi-line diagnosis. */
  failure?: { readonly phase: PhaseName; readonly message: string; readonly details?: readonly string[] };
}

export function emptyReport(dryRun: boolean): RunReport {
  return { dryRun, services: [], phases: [], plan: [] };
}
