// What the two setup templates mean, pinned: for each parameter combination of template-cases.ts (every
// capability off and on, lists of one, three and five names, both repository forms, an existing provider),
// the resources, policies and outputs CloudFormation would resolve equal those recorded in
// template-meaning.fixture.json, which was recorded from the generator before it was made to write shorter
// templates and reviewed by hand. A change to how the generator writes the templates (short forms, shared
// expressions, condition names) must leave every one of them as it is. A new statement that shows up in one
// of these cases belongs in the fixture too; new parameters keep their defaults here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { validateIdentityPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { resolveCase, TEMPLATE_CASES, type ResolvedStack } from './template-cases.js';

const FIXTURE = JSON.parse(readFileSync(join(import.meta.dirname, 'template-meaning.fixture.json'), 'utf8')) as Record<
  string,
  ResolvedStack
>;

interface RoleProperties {
  readonly AssumeRolePolicyDocument: unknown;
  readonly Policies: readonly { readonly PolicyDocument: unknown }[];
}

describe.each(TEMPLATE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (name, testCase) => {
  const resolved = resolveCase(testCase);

  test('resolves to the recorded resources, policies, outputs and failed rules', () => {
    expect(resolved).toEqual(FIXTURE[name]);
  });

  test('resolves to a trust policy and a permission policy IAM accepts', () => {
    const role = resolved.resources.Role as { Properties: RoleProperties };
    expect(validateTrustPolicy(role.Properties.AssumeRolePolicyDocument)).toEqual([]);
    expect(role.Properties.Policies.flatMap((policy) => validateIdentityPolicy(policy.PolicyDocument))).toEqual([]);
  });
});

test('the fixture holds exactly the cases, none left over', () => {
  expect(Object.keys(FIXTURE)).toEqual(TEMPLATE_CASES.map((testCase) => testCase.name));
});
