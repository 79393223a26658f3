// The templates' YAML: intrinsic functions in their short form on one line, what CloudFormation (a YAML 1.1
// reader) accepts, and read back by the tests' evaluator as exactly the functions written.
import { describe, expect, test } from '@jest/globals';
import { compactYaml } from '../../../scripts/iam-documents.js';
import { loadTemplate } from './cfn-evaluate.js';

describe('compactYaml', () => {
  test.each<[string, object, string]>([
    [
      'Ref and Sub',
      { A: { Ref: 'Services' }, B: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs' } },
      'A: !Ref Services\nB: !Sub arn:${AWS::Partition}:ecs\n',
    ],
    [
      'If with NoValue, in flow style',
      { A: { 'Fn::If': ['HasServices2', 'x', { Ref: 'AWS::NoValue' }] } },
      'A: !If [HasServices2, x, !Ref AWS::NoValue]\n',
    ],
    ['GetAtt in its dotted form', { A: { 'Fn::GetAtt': ['Role', 'Arn'] } }, 'A: !GetAtt Role.Arn\n'],
    ['Condition inside And', { A: { 'Fn::And': [{ Condition: 'B' }, { Condition: 'C' }] } }, 'A: !And [!Condition B, !Condition C]\n'],
    [
      'a call whose argument is a call, in the long form CloudFormation requires there',
      { A: { 'Fn::Base64': { 'Fn::Sub': 'x' } } },
      'A: {Fn::Base64: !Sub x}\n',
    ],
    ['a name that starts with a YAML indicator, quoted', { A: { 'Fn::Join': ['', ['a', ':*']] } }, 'A: !Join ["", [a, ":*"]]\n'],
  ])('writes %s', (_name, template, yaml) => {
    expect(compactYaml(template)).toBe(yaml);
  });

  test('is read back as the long forms it was written from', () => {
    const template = {
      Conditions: {
        HasServices2: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Select': [1, { 'Fn::Split': [',', { 'Fn::Sub': '${Services},' }] }] }, ''] }] },
      },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Encoded: { Value: { 'Fn::Base64': { 'Fn::Sub': 'x' } } } },
    };
    expect(loadTemplate(compactYaml(template))).toEqual(template);
  });
});

test('the evaluator refuses a short form it does not know rather than reading it as text', () => {
  expect(() => loadTemplate('A: !FindInMap [M, k, v]\n')).toThrow(/FindInMap/);
});
