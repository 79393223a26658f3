// What a user reads first: the one `::error::` line of a failed step names the concrete wrong value and
// ends in the `Next:` that fits the way it failed, and the watch's log starts with this deploy's events.
// The bundled action against the stand-in, as in deploy.test.ts.
import { describe, expect, jest, test } from '@jest/globals';
import { ACCOUNT, ROLE_ARN, SUBJECT, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, escapeRegExp, worldPerTest } from './helpers.js';

jest.setTimeout(120_000);

const setUp = worldPerTest();

function expectNothingChanged(current: World): void {
  expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  const mutating = current.standin.calls().filter((call) => /^(Register|Update|Put|Stop|Create|Deregister)/.test(call.operation));
  expect(mutating).toEqual([]);
}

describe('the OIDC failures each annotate one line with the concrete value and the Next: that fits', () => {
  test("a refused trust policy's annotation holds the token's sub and aud, and the statement that accepts them is in the log", async () => {
    const current = await setUp({ trustedSubject: 'repo:my-org/other-app:ref:refs/heads/main' });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `::error::Credentials failed: Not authorized to perform sts:AssumeRoleWithWebIdentity on ${ROLE_ARN}: ` +
        "the role's trust policy does not accept this token's claims (usually its `sub` condition): " +
        `token sub ${SUBJECT}, aud sts.amazonaws.com; see the log for a statement that accepts it. ` +
        "Next: add the statement printed in the log to the role's trust policy, or make its `sub` and `aud` conditions match the token's.",
    ]);
    expect(run.stdout).toContain(`"${current.standin.github.issuerHost}:sub": "${SUBJECT}"`);
    expectNothingChanged(current);
  });

  test('a job without `id-token: write` names the variable that is missing', async () => {
    const current = await setUp();
    const run = await deploy(current, {}, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' });
    expect(run.exitCode).toBe(1);
    const [line, ...more] = errorLines(run);
    expect(more).toEqual([]);
    expect(line).toMatch(/^::error::Credentials failed: This workflow has no OIDC token \(ACTIONS_ID_TOKEN_REQUEST_URL is not set\): /);
    expect(line).toMatch(
      / Next: add `permissions: id-token: write` \(and `contents: read`\) to the job, or run it on an event that gets a token\.$/,
    );
    expect(current.standin.calls()).toEqual([]);
  });

  test("an account without the OIDC provider names the account, the issuer's URL and the role", async () => {
    const current = await setUp();
    current.standin.iam.deleteOidcProvider(ACCOUNT);
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const [line, ...more] = errorLines(run);
    expect(more).toEqual([]);
    expect(line).toMatch(
      new RegExp(
        `^::error::Credentials failed: Account ${ACCOUNT} has no IAM OIDC identity provider for ${escapeRegExp(current.standin.github.issuer)} ` +
          `\\(No OpenIDConnect provider found in your account for ${escapeRegExp(current.standin.github.issuer)}\\): ` +
          `create one with that URL and the client ID \\(audience\\) "sts.amazonaws.com", then trust it in ${escapeRegExp(ROLE_ARN)}\\. ` +
          `Next: create the IAM OIDC provider for the token's issuer in the role's account \\(README, step 1\\)\\.$`,
      ),
    );
    expectNothingChanged(current);
  });

  test('a refused audience names it and the role', async () => {
    const current = await setUp();
    const run = await deploy(current, { audience: 'my-own-audience' });
    expect(run.exitCode).toBe(1);
    const [line, ...more] = errorLines(run);
    expect(more).toEqual([]);
    expect(line).toMatch(
      new RegExp(`^::error::Credentials failed: AWS rejected the token's audience "my-own-audience" for ${escapeRegExp(ROLE_ARN)} `),
    );
    expect(line).toMatch(/ Next: add the audience to the IAM OIDC provider's client IDs and to the trust policy's `aud` condition, /);
    expectNothingChanged(current);
  });
});

describe('other failures name their value and fit their Next:', () => {
  test('a prebuilt image whose tag does not exist names the image, and advises on `image`, not on a build', async () => {
    const current = await setUp();
    const image = `${current.repositoryUri}:no-such-tag`;
    const run = await deploy(current, { repository: '', image });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::Image failed: The image ${escapeRegExp(image)} does not exist: ECR repository "my-org/my-app" ` +
            `\\(account ${ACCOUNT}, region [a-z0-9-]+\\) has no tag "no-such-tag"\\. Check the \`image\` input\\. ` +
            'Next: check that `image` names an image in its registry and that the role may read it\\.$',
        ),
      ),
    ]);
    expectNothingChanged(current);
  });
});

describe('the watch log', () => {
  // A deploy right after another: the first one's "deployment completed" and steady state are seconds old
  // when the second UpdateService is made, inside the clock skew a runner's clock is allowed.
  test('has no service event older than its own UpdateService', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const callsBefore = current.standin.calls().length;
    const second = await deploy(current, { 'force-new-deployment': 'true' });
    expect(errorLines(second)).toEqual([]);
    expect(second.exitCode).toBe(0);

    const update = current.standin
      .calls()
      .slice(callsBefore)
      .find((call) => call.operation === 'UpdateService');
    expect(update).toBeDefined();
    const updatedAtSecond = Math.floor((update?.wallTime ?? 0) / 1000);
    const events = second.stdout.split('\n').filter((line) => line.startsWith('event '));
    expect(events.length).toBeGreaterThan(0);
    const older = events.filter((line) => {
      const clock = /^event (\d\d):(\d\d):(\d\d) /.exec(line);
      if (clock === null) return true;
      const [, hours, minutes, seconds] = clock.map(Number);
      const day = new Date((update?.wallTime ?? 0) - ((update?.wallTime ?? 0) % 86_400_000));
      const at = day.getTime() / 1000 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0);
      return at < updatedAtSecond;
    });
    expect(older).toEqual([]);
    // The first line is this deploy's start, not the previous deployment's end.
    expect(events[0]).not.toMatch(/deployment completed|has reached a steady state/);
  });
});
