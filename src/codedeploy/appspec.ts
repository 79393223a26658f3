// The AppSpec of a CodeDeploy deployment to ECS: read from `codedeploy-appspec` (YAML or JSON, checked with
// the inputs) or generated from the container name and port of the service's load balancer, and sent with
// the new revision as its TaskDefinition. Pure: the YAML parser is handed in, so the yaml package is loaded
// (by src/run/main.ts) only in a run that gives `codedeploy-appspec`.

/** The AppSpec as its author wrote it, with the one thing the deploy needs from it found. */
export interface AppSpecDocument {
  /** Everything the file says (Hooks, NetworkConfiguration, …), passed on untouched but the TaskDefinition. */
  readonly content: Readonly<Record<string, unknown>>;
  /** The key of the `AWS::ECS::Service` resource in `Resources[0]`, such as `TargetService`. */
  readonly resourceName: string;
  readonly containerName: string;
  readonly containerPort: number;
  /** The hooks' event names, for the plan: `AfterAllowTraffic`, … */
  readonly hooks: readonly string[];
}

/** A file that is not an AppSpec for ECS: the sentence says what is wrong, the input reader names the input. */
export class AppSpecError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A YAML (and so JSON) parser: the yaml package's `parse`. */
export type ParseYaml = (text: string) => unknown;

export function parseAppSpec(text: string, parseYaml: ParseYaml): AppSpecDocument {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new AppSpecError(`not YAML or JSON (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`);
  }
  if (!isRecord(parsed)) throw new AppSpecError('not a mapping with `version` and `Resources`');
  const resources = parsed.Resources;
  const first: unknown = Array.isArray(resources) ? resources[0] : undefined;
  if (!isRecord(first) || Object.keys(first).length !== 1)
    throw new AppSpecError('`Resources` is not a list whose first item is one named `AWS::ECS::Service` resource');
  const [resourceName, resource] = Object.entries(first)[0] ?? ['', undefined];
  if (!isRecord(resource) || resource.Type !== 'AWS::ECS::Service')
    throw new AppSpecError(`resource \`${resourceName}\` is not of Type \`AWS::ECS::Service\``);
  const properties = resource.Properties;
  const loadBalancer = isRecord(properties) ? properties.LoadBalancerInfo : undefined;
  if (!isRecord(loadBalancer) || typeof loadBalancer.ContainerName !== 'string' || loadBalancer.ContainerName === '')
    throw new AppSpecError(`resource \`${resourceName}\` has no \`Properties.LoadBalancerInfo.ContainerName\``);
  const port = loadBalancer.ContainerPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new AppSpecError(`resource \`${resourceName}\` has no \`Properties.LoadBalancerInfo.ContainerPort\` between 1 and 65535`);
  const hooks = Array.isArray(parsed.Hooks) ? parsed.Hooks.filter(isRecord).flatMap((hook) => Object.keys(hook)) : [];
  return { content: parsed, resourceName, containerName: loadBalancer.ContainerName, containerPort: port, hooks };
}

/** What the ECS console's CodeDeploy setup deploys: the service's container and port behind its load balancer. */
export function defaultAppSpec(containerName: string, containerPort: number): AppSpecDocument {
  return {
    content: {
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: '', LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort } },
          },
        },
      ],
    },
    resourceName: 'TargetService',
    containerName,
    containerPort,
    hooks: [],
  };
}

/** The AppSpec content CreateDeployment sends: the document with the revision to deploy as its TaskDefinition. */
export function appSpecContent(document: AppSpecDocument, taskDefinitionArn: string): string {
  const resources = document.content.Resources;
  const first: unknown = Array.isArray(resources) ? resources[0] : undefined;
  const resource: unknown = isRecord(first) ? first[document.resourceName] : undefined;
  const properties: unknown = isRecord(resource) ? resource.Properties : undefined;
  const target = {
    [document.resourceName]: {
      ...(isRecord(resource) ? resource : {}),
      Properties: { ...(isRecord(properties) ? properties : {}), TaskDefinition: taskDefinitionArn },
    },
  };
  const others: unknown[] = Array.isArray(resources) ? (resources as unknown[]).slice(1) : [];
  return JSON.stringify({ ...document.content, Resources: [target, ...others] });
}
