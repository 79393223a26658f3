// A small CloudFormation evaluator for the intrinsic functions the setup templates use, so the tests can
// render a template for given parameters the way CloudFormation would and compare the result with the
// policy setup/permissions.ts renders. Test-only; it refuses any function it does not know.
import { isCollection, isScalar, parseDocument, Scalar, YAMLMap, type YAMLSeq, visit, type CollectionTag, type ScalarTag } from 'yaml';

export interface Stack {
  readonly parameters: Readonly<Record<string, string>>;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** ARNs of the stack's resources, for `Ref` and `Fn::GetAtt …Arn`. */
  readonly physicalArns: Readonly<Record<string, string>>;
}

type Template = Record<string, unknown>;

interface ParameterSpec {
  readonly Default?: string | number;
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly AllowedValues?: readonly string[];
  readonly MinValue?: number;
  readonly MaxValue?: number;
}

const REMOVED = Symbol('AWS::NoValue');

/** The YAML short forms (`!Sub …`) the generator writes, each the long form `Fn::Sub: …`. */
const SHORT_FORMS = ['Ref', 'Condition', 'And', 'Equals', 'GetAtt', 'If', 'Join', 'Not', 'Or', 'Select', 'Split', 'Sub'];
const longName = (tag: string): string => (tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`);

const keepNode = (node: YAMLMap.Parsed | YAMLSeq.Parsed): YAMLMap.Parsed | YAMLSeq.Parsed => node;

/** Tags the parser accepts and leaves on their node; loadTemplate then rewrites each to its long form. */
const KEPT_TAGS: (ScalarTag | CollectionTag)[] = SHORT_FORMS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string): string => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: keepNode },
  { tag: `!${name}`, collection: 'map' as const, resolve: keepNode },
]);

/** The template as CloudFormation reads it: short forms become their long form (`!GetAtt A.B` → `[A, B]`). */
export function loadTemplate(yamlText: string): Template {
  const document = parseDocument(yamlText, { customTags: KEPT_TAGS });
  const [problem] = [...document.errors, ...document.warnings];
  if (problem !== undefined) throw new Error(`the template does not parse: ${problem.message}`);
  visit(document, {
    Node(_key, node) {
      const tag = node.tag;
      if (tag === undefined || !SHORT_FORMS.includes(tag.slice(1)) || !(isScalar(node) || isCollection(node))) return undefined;
      node.tag = undefined;
      const argument = tag === '!GetAtt' && isScalar(node) ? document.createNode(String(node.value).split('.')) : node;
      const call = new YAMLMap();
      call.add({ key: new Scalar(longName(tag)), value: argument });
      return call;
    },
  });
  return document.toJS() as Template;
}

function section(template: Template, name: string): Record<string, unknown> {
  return (template[name] ?? {}) as Record<string, unknown>;
}

/** Parameter values with the template's defaults, each checked against its AllowedPattern/AllowedValues. */
export function parameterValues(template: Template, given: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(section(template, 'Parameters')) as [string, ParameterSpec][]) {
    const value = given[name] ?? (spec.Default === undefined ? undefined : String(spec.Default));
    if (value === undefined) throw new Error(`parameter ${name} has no value`);
    if (typeof spec.AllowedPattern === 'string' && !new RegExp(spec.AllowedPattern).test(value)) {
      throw new Error(`parameter ${name}: ${JSON.stringify(value)} ${spec.ConstraintDescription ?? 'does not match'}`);
    }
    const number = Number(value);
    if (typeof spec.MinValue === 'number' && !(number >= spec.MinValue))
      throw new Error(`parameter ${name}: ${value} is below ${spec.MinValue}`);
    if (typeof spec.MaxValue === 'number' && !(number <= spec.MaxValue))
      throw new Error(`parameter ${name}: ${value} is above ${spec.MaxValue}`);
    if (spec.AllowedValues !== undefined && !spec.AllowedValues.includes(value)) throw new Error(`parameter ${name}: not allowed`);
    values[name] = value;
  }
  for (const name of Object.keys(given)) if (!(name in values)) throw new Error(`unknown parameter ${name}`);
  return values;
}

export class Evaluator {
  private readonly parameters: Record<string, string>;

  constructor(
    private readonly template: Template,
    private readonly stack: Stack,
  ) {
    this.parameters = parameterValues(template, stack.parameters);
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return REMOVED;
    if (name === 'AWS::Partition') return this.stack.partition;
    if (name === 'AWS::Region') return this.stack.region;
    if (name === 'AWS::AccountId') return this.stack.account;
    const parameter = this.parameters[name];
    if (parameter !== undefined) return parameter;
    const arn = this.stack.physicalArns[name];
    if (arn === undefined) throw new Error(`Ref to unknown ${name}`);
    return arn;
  }

  condition(name: string): boolean {
    const definition = section(this.template, 'Conditions')[name];
    if (definition === undefined) throw new Error(`unknown condition ${name}`);
    return this.evaluate(definition) === true;
  }

  private sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([\w:.]+)\}/g, (_match, name: string) => {
      if (name in variables) return String(variables[name]);
      if (name.endsWith('.Arn')) return String(this.ref(name.slice(0, -'.Arn'.length)));
      return String(this.ref(name));
    });
  }

  private function(name: string, argument: unknown): unknown {
    const args = argument as unknown[];
    switch (name) {
      case 'Ref':
        return this.ref(argument as string);
      case 'Condition':
        return this.condition(argument as string);
      case 'Fn::GetAtt':
        if (args[1] !== 'Arn') throw new Error(`Fn::GetAtt ${String(args[1])}`);
        return this.ref(args[0] as string);
      case 'Fn::If':
        return this.condition(args[0] as string) ? this.evaluate(args[1]) : this.evaluate(args[2]);
      case 'Fn::Equals':
        return this.evaluate(args[0]) === this.evaluate(args[1]);
      case 'Fn::Not':
        return this.evaluate(args[0]) !== true;
      case 'Fn::And':
        return args.every((each) => this.evaluate(each) === true);
      case 'Fn::Or':
        return args.some((each) => this.evaluate(each) === true);
      case 'Fn::Join':
        return (this.evaluate(args[1]) as string[]).join(args[0] as string);
      case 'Fn::Split':
        return (this.evaluate(args[1]) as string).split(args[0] as string);
      case 'Fn::Select': {
        const list = this.evaluate(args[1]) as unknown[];
        const index = args[0] as number;
        if (index >= list.length) throw new Error(`Fn::Select: no element ${index} in ${JSON.stringify(list)}`);
        return list[index];
      }
      case 'Fn::Sub':
        if (typeof argument === 'string') return this.sub(argument, {});
        return this.sub(args[0] as string, this.evaluate(args[1]) as Record<string, unknown>);
      default:
        throw new Error(`the evaluator does not know ${name}`);
    }
  }

  evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((each) => this.evaluate(each)).filter((each) => each !== REMOVED);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first !== undefined && (first[0] === 'Ref' || first[0] === 'Condition' || first[0].startsWith('Fn::'))) {
      return this.function(first[0], first[1]);
    }
    return Object.fromEntries(entries.map(([key, each]) => [key, this.evaluate(each)]).filter(([, each]) => each !== REMOVED));
  }

  /** The resources CloudFormation would create, their conditions applied. */
  resources(): Record<string, { Type: string; Properties: Record<string, unknown> }> {
    const created = Object.entries(section(this.template, 'Resources') as Record<string, Record<string, unknown>>).filter(
      ([, resource]) => typeof resource.Condition !== 'string' || this.condition(resource.Condition),
    );
    return Object.fromEntries(
      created.map(([name, resource]) => [
        name,
        { Type: String(resource.Type), Properties: this.evaluate(resource.Properties) as Record<string, unknown> },
      ]),
    );
  }

  outputs(): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(section(this.template, 'Outputs') as Record<string, { Value: unknown }>).map(([name, output]) => [
        name,
        this.evaluate(output.Value),
      ]),
    );
  }

  /** The AssertDescription of every rule whose assertion fails. */
  failedRules(): string[] {
    return Object.values(
      section(this.template, 'Rules') as Record<string, { Assertions: { Assert: unknown; AssertDescription: string }[] }>,
    )
      .flatMap((rule) => rule.Assertions)
      .filter((assertion) => this.evaluate(assertion.Assert) !== true)
      .map((assertion) => assertion.AssertDescription);
  }
}
