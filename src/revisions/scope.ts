// What `keep-revisions` works on after this deploy: the families it deployed, and the revisions it must
// never deregister whatever their age (what it rolled out, and what each service would roll back to).
// The revisions the cluster's services run are added by prune.ts once read. Pure.
import type { ServiceDecision } from '../service/decision.js';
import type { RenderedDefinition } from '../task-definition/plan.js';
import { parseRevisionArn } from './choose.js';

export interface PruneScope {
  /** Each family to prune, with the revisions a dry run would register in it first (0 on a deploy). */
  readonly families: ReadonlyMap<string, number>;
  /** ARNs in use by this deploy, with why. */
  readonly protect: ReadonlyMap<string, string>;
}

/**
 * From the services' decisions: `registeredFor` gives the ARN a `register` decision registered (on a dry
 * run none, or '': its family then counts one pending revision).
 */
export function pruneScope(
  decisions: readonly ServiceDecision[],
  renders: readonly Pick<RenderedDefinition, 'input'>[],
  registeredFor: (decision: ServiceDecision) => string | undefined,
): PruneScope {
  const families = new Map<string, number>();
  const protect = new Map<string, string>();
  const addFamily = (family: string | undefined, pending: number): void => {
    if (family === undefined || family === '') return;
    families.set(family, Math.max(families.get(family) ?? 0, pending));
  };
  const protectArn = (arn: string | undefined, why: string): void => {
    if (arn === undefined || arn === '' || protect.has(arn)) return;
    protect.set(arn, why);
  };
  for (const decision of decisions) {
    const { service, previousTaskDefinitionArn } = decision.target;
    const deployed = decision.kind === 'register' ? registeredFor(decision) : decision.taskDefinitionArn;
    protectArn(deployed, `deployed to ${service}`);
    protectArn(previousTaskDefinitionArn, `${service} rolls back to it`);
    if (decision.kind === 'follow') protectArn(decision.replacing, `${service} rolls back to it`);
    const deployedFamily = deployed === undefined ? undefined : parseRevisionArn(deployed)?.family;
    // Not registered (a dry run): its revision would be the family's newest, so it counts among the kept.
    if (deployedFamily !== undefined) addFamily(deployedFamily, 0);
    else addFamily(renders[decision.target.render]?.input.family, 1);
  }
  return { families, protect };
}
