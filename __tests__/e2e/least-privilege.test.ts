// Least privilege, proven on real runs: a role that lacks one statement fails with the refused action and
// resource and the statement to paste, changing nothing; and every statement of the policy is needed by a
// request the stand-in really authorized during representative deploys.
import { describe, expect, jest, test } from '@jest/globals';
import { renderPolicy, type PolicyDocument } from '../../setup/permissions.js';
import {
  createWorld,
  ACCOUNT,
  CLUSTER,
  REGION,
  REPOSITORY,
  ROLE_ARN,
  SERVICE,
  TARGET_ACCOUNT,
  TARGET_ROLE_ARN,
  type WorldOptions,
} from '../../standin/harness/world.js';
import type { Authorization } from '../../standin/index.js';
import { firstDenied } from '../../standin/permission-policy.js';
import { deploy, errorLines, escapeRegExp, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(240_000);

const setUp = worldPerTest();
const SESSION = new RegExp(`arn:aws:sts::${ACCOUNT}:assumed-role/my-deploy-role/\\S+`);
const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`;

/** The JSON statement the log prints, parsed back from the lines after its heading. */
function printedStatement(stdout: string, role: string): unknown {
  const lines = stdout.split('\n');
  const heading = lines.findIndex((line) => line.endsWith(`Add this statement to the permission policy of ${role}:`));
  if (heading === -1) return undefined;
  const end = lines.findIndex((line, index) => index > heading && line === '}');
  return JSON.parse(lines.slice(heading + 1, end + 1).join('\n'));
}

describe('a role that lacks a statement', () => {
  test('without UpdateService: the annotation names the action and the service, the log the statement, and ECS is unchanged', async () => {
    const current = await setUp({ withoutStatements: ['UpdateServicesToOwnFamilies'] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const annotation = errorLines(run).at(-1) ?? '';
    expect(annotation).toMatch(/^::error::Service update failed: /);
    expect(annotation).toContain(`is not authorized to perform: ecs:UpdateService on resource: ${SERVICE_ARN}`);
    expect(annotation).toMatch(SESSION);
    expect(annotation).toMatch(
      new RegExp(
        `Next: add the statement printed in the log \\(ecs:UpdateService on ${escapeRegExp(SERVICE_ARN)}\\) to the permission policy of my-deploy-role, or redeploy the setup template`,
      ),
    );
    // The statement is in the log, not in the annotation.
    expect(annotation).not.toContain('"Effect"');
    expect(printedStatement(run.stdout, 'my-deploy-role')).toEqual({ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: SERVICE_ARN });
    // Nothing changed in ECS: the one UpdateService was refused, and the service still runs its revision.
    const updates = current.standin.calls().filter((call) => call.operation === 'UpdateService');
    expect(updates.map((call) => call.errorCode)).toEqual(['AccessDeniedException']);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('without RegisterTaskDefinition: refused on the next revision’s ARN, and the statement grants the family', async () => {
    const current = await setUp({ withoutStatements: ['RegisterTaskDefinitionRevision'] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const revision = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/my-app:2`;
    expect(errorLines(run).at(-1)).toMatch(
      new RegExp(
        `^::error::Task definition failed: .*ecs:RegisterTaskDefinition on resource: ${escapeRegExp(revision)}\\b.* Next: add the statement`,
      ),
    );
    expect(printedStatement(run.stdout, 'my-deploy-role')).toEqual({
      Effect: 'Allow',
      Action: 'ecs:RegisterTaskDefinition',
      Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/my-app:*`,
    });
    expect(current.standin.calls().filter((call) => call.operation === 'UpdateService')).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  });

  test('without ecr:InitiateLayerUpload: the registry refuses the push in ECR’s words, and the statement is printed', async () => {
    const current = await setUp({ withoutActions: ['ecr:InitiateLayerUpload'] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`;
    const annotation = errorLines(run).at(-1) ?? '';
    expect(annotation).toMatch(/^::error::Image failed: podman push of \S+ failed/);
    expect(annotation).toContain(`ecr:InitiateLayerUpload on ${repository}`);
    expect(annotation).toContain('Next: add the statement printed in the log (ecr:InitiateLayerUpload on');
    expect(printedStatement(run.stdout, 'my-deploy-role')).toEqual({
      Effect: 'Allow',
      Action: 'ecr:InitiateLayerUpload',
      Resource: repository,
    });
    expect(await current.standin.ecr.listTags(REPOSITORY)).toEqual([]);
    expect(current.standin.calls().filter((call) => /^(Register|Update)/.test(call.operation))).toEqual([]);
  });

  test('without the role-chain statement: AssumeRole is refused by the first role’s own policy, and its statement is printed', async () => {
    const current = await setUp({ account: TARGET_ACCOUNT, withoutStatements: ['OptionalRoleChainTarget'] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const annotation = errorLines(run).at(-1) ?? '';
    expect(annotation).toMatch(
      new RegExp(
        `^::error::Credentials failed: Not authorized to perform sts:AssumeRole on ${escapeRegExp(TARGET_ROLE_ARN)} .*the permission policy of ${escapeRegExp(ROLE_ARN)} does not allow`,
      ),
    );
    expect(annotation).toContain('Next: add the statement printed in the log (sts:AssumeRole on');
    expect(printedStatement(run.stdout, 'my-deploy-role')).toEqual({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: TARGET_ROLE_ARN,
    });
    expect(current.standin.calls().filter((call) => call.service === 'ecs' || call.service === 'ecr')).toEqual([]);
  });
});

describe('every statement is needed by what real runs asked', () => {
  /** Runs a deploy in a fresh world and returns every authorization the stand-in decided for it. */
  async function authorizationsOf(options: WorldOptions, exitCode: number): Promise<readonly Authorization[]> {
    const world = await createWorld(options);
    try {
      const run = await deploy(world);
      expect(run.exitCode).toBe(exitCode);
      return world.standin.authorizations();
    } finally {
      await world.stop();
    }
  }

  test('a deploy with a build, a failed deploy we roll back, and a role-chain deploy need each statement of the deploy, watch and role-chain policy', async () => {
    const recorded = [
      ...(await authorizationsOf({}, 0)),
      ...(await authorizationsOf({ scenario: { rollout: 'crash-loop' }, circuitBreaker: { enable: false, rollback: false } }, 1)),
      ...(await authorizationsOf({ account: TARGET_ACCOUNT }, 0)),
    ];
    // The failed deploy read stopped tasks and their logs, and rolled back with StopServiceDeployment.
    const actions = new Set(recorded.map((each) => each.request.action));
    for (const action of [
      'ecr:InitiateLayerUpload',
      'ecr:PutImage',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'logs:GetLogEvents',
      'ecs:StopServiceDeployment',
      'sts:AssumeRole',
    ]) {
      expect([action, actions.has(action)]).toEqual([action, true]);
    }
    // Each distinct request once, under the policy that decided it.
    const distinct = [...new Map(recorded.map((each) => [JSON.stringify([each.roleArn, each.request]), each])).values()];
    expect(distinct.filter((each) => !each.allowed)).toEqual([]);

    const needs = (sid: string): string[] =>
      distinct.flatMap((each) => {
        const policy = each.policy as PolicyDocument;
        if (!policy.Statement.some((statement) => statement.Sid === sid)) return [];
        const without = { ...policy, Statement: policy.Statement.filter((statement) => statement.Sid !== sid) };
        return firstDenied(without, each.principal, each.account, [each.request])
          ? [`${each.request.action} ${each.request.resource}`]
          : [];
      });
    const documented = renderPolicy(
      {
        partition: 'aws',
        account: ACCOUNT,
        region: REGION,
        repository: REPOSITORY,
        cluster: CLUSTER,
        services: [SERVICE],
        families: ['my-app'],
        passRoles: ['my-app-task', 'my-app-execution'],
        logGroups: ['/ecs/my-app'],
        chainTargets: [TARGET_ROLE_ARN],
        baseImageRepositories: [],
        sidecarImageRepositories: [],
        codeDeployGroups: [],
        cacheRepositories: [],
      },
      ['deploy', 'watch', 'roleChain'],
    );
    const unneeded = documented.Statement.map((statement) => statement.Sid).filter((sid) => needs(sid).length === 0);
    expect(unneeded).toEqual([]);
  });
});
