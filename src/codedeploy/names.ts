// Which CodeDeploy application and deployment group deploy a service: the inputs, or the names the ECS
// console gives when it sets up blue/green through CodeDeploy (`AppECS-<cluster>-<service>`,
// `DgpECS-<cluster>-<service>`). Pure.
import type { CodeDeployConfig } from '../inputs/config.js';

export interface CodeDeployNames {
  readonly application: string;
  readonly deploymentGroup: string;
  /** True when the names are the console's convention, not the inputs: they must both exist to be used. */
  readonly byConvention: boolean;
}

/** The name at the end of an ARN (`…:cluster/prod`, `…:service/prod/my-app`), or the name itself. */
export const nameOf = (reference: string): string =>
  reference.startsWith('arn:') ? (reference.split('/').at(-1) ?? reference) : reference;

export function codeDeployNames(
  config: Pick<CodeDeployConfig, 'application' | 'deploymentGroup'>,
  cluster: string,
  service: string,
): CodeDeployNames {
  if (config.application !== undefined && config.deploymentGroup !== undefined)
    return { application: config.application, deploymentGroup: config.deploymentGroup, byConvention: false };
  const suffix = `${nameOf(cluster)}-${nameOf(service)}`;
  return { application: `AppECS-${suffix}`, deploymentGroup: `DgpECS-${suffix}`, byConvention: true };
}
