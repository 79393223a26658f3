// CloudFormation cannot build a list of ARNs from a list parameter: Fn::Join takes only a literal delimiter
// and Fn::Sub only a literal template, so `arn:${AWS::Partition}:…/${Name}` cannot be repeated per name.
// The templates therefore give every list parameter a fixed number of slots: the parameter is a comma list
// whose AllowedPattern caps its length (so extra names are refused before anything is created, never
// dropped), each slot is `Fn::Select` of the padded list, and an ARN naming an empty slot becomes
// AWS::NoValue, which removes it from its list. Pure: builds template fragments only.

/** The most names a list parameter takes. */
export const MAX_LIST_ITEMS = 5;

export type CfnValue = string | number | boolean | readonly CfnValue[] | { readonly [key: string]: CfnValue };

export const ref = (name: string): CfnValue => ({ Ref: name });
export const NO_VALUE = ref('AWS::NoValue');

/** A list parameter: its slots are named `${name}1` … `${name}5` in the symbolic ARNs. */
export interface ListParameter {
  readonly name: string;
  /** A required list always has its first slot, so ARNs naming only slot 1 need no condition. */
  readonly required: boolean;
  /**
   * Each item is a name or an ARN of its own: the ARN the policy builds around the name stands only for a
   * name, and an item that is an ARN (its text before the first `:` is `arn`) is taken as given.
   */
  readonly itemMayBeArn?: boolean;
}

/** An optional scalar parameter: ARNs naming it exist only when it is set. */
export interface OptionalScalar {
  readonly name: string;
  readonly condition: string;
}

/** `${Services1}`, … as written in the ARNs the renderer produces for the template. */
export const slots = (list: string): string[] => Array.from({ length: MAX_LIST_ITEMS }, (_, index) => `\${${list}${index + 1}}`);

/**
 * The list split with at least `slot` entries, so the slot's Fn::Select always finds one: for slot 3, `a`
 * becomes `a,,` (the names before the padding are the same whatever its length). Slot 1 needs none, since
 * even an empty list splits into one (empty) entry.
 */
function padded(list: string, slot: number): CfnValue {
  return { 'Fn::Split': [',', slot === 1 ? ref(list) : { 'Fn::Sub': `\${${list}}${','.repeat(slot - 1)}` }] };
}

/** Text with `${AWS::Region}`-style names is an Fn::Sub; text without is itself. */
const literal = (text: string): CfnValue => (text.includes('${') ? { 'Fn::Sub': text } : text);

export const hasSlot = (list: string, slot: number): string => `Has${list}${slot}`;
export const slotIsArn = (list: string, slot: number): string => `${list}${slot}IsArn`;

/**
 * Turns the symbolic strings the policy renderer produced into template values, collecting the conditions
 * they need. One instance per template.
 */
export class SlotResolver {
  readonly conditions = new Map<string, CfnValue>();
  private readonly lists: ReadonlyMap<string, ListParameter>;
  private readonly scalars: ReadonlyMap<string, OptionalScalar>;

  constructor(lists: readonly ListParameter[], optionalScalars: readonly OptionalScalar[] = []) {
    this.lists = new Map(lists.map((list) => [list.name, list]));
    this.scalars = new Map(optionalScalars.map((scalar) => [scalar.name, scalar]));
  }

  /** The condition a slot needs; registered on first use. */
  slotCondition(list: string, slot: number): string | undefined {
    const parameter = this.lists.get(list);
    if (parameter === undefined) throw new Error(`${list} is not a list parameter`);
    if (parameter.required && slot === 1) return undefined;
    const name = hasSlot(list, slot);
    // Slot 1 is set exactly when the list is: its AllowedPattern refuses an empty first name.
    const value = slot === 1 ? ref(list) : this.select(list, slot);
    if (!this.conditions.has(name)) this.conditions.set(name, { 'Fn::Not': [{ 'Fn::Equals': [value, ''] }] });
    return name;
  }

  /**
   * The condition that a slot holds an ARN; registered on first use. CloudFormation has no pattern match, so
   * the item's text before its first `:` is compared with `arn` (a name has no `:`, which its AllowedPattern
   * ensures, so it never splits).
   */
  arnCondition(list: string, slot: number): string {
    const name = slotIsArn(list, slot);
    if (!this.conditions.has(name)) {
      this.conditions.set(name, { 'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': [':', this.select(list, slot)] }] }, 'arn'] });
    }
    return name;
  }

  select(list: string, slot: number): CfnValue {
    return { 'Fn::Select': [slot - 1, padded(list, slot)] };
  }

  /** A condition true when all of these are, registered under a name built from theirs. */
  all(conditions: readonly string[]): string | undefined {
    const unique = [...new Set(conditions)].sort();
    if (unique.length <= 1) return unique[0];
    const name = unique.join('And');
    if (!this.conditions.has(name)) this.conditions.set(name, { 'Fn::And': unique.map((condition) => ({ Condition: condition })) });
    return name;
  }

  /**
   * A symbolic string as a template value: a literal, an Fn::Sub of the names CloudFormation knows, or, when
   * it names list slots, an Fn::Join of those pieces and each slot's Fn::Select (shorter than an Fn::Sub
   * with a variable per slot, and the slot's value is spelled once), wrapped in an Fn::If that drops it when
   * a slot is empty. `assumed` are conditions already true where the value goes (its statement's guard).
   */
  resolve(symbolic: string, assumed: ReadonlySet<string> = new Set()): CfnValue {
    const needs: string[] = [];
    const pieces: CfnValue[] = [];
    let arnItem: { readonly list: string; readonly slot: number } | undefined;
    let text = '';
    let end = 0;
    for (const match of symbolic.matchAll(/\$\{([\w:.]+)\}/g)) {
      const variable = match[1] ?? '';
      text += symbolic.slice(end, match.index);
      end = match.index + match[0].length;
      const slot = /^(\w+?)(\d+)$/.exec(variable);
      const list = slot?.[1];
      if (slot === null || list === undefined || !this.lists.has(list)) {
        text += match[0];
        const scalar = this.scalars.get(variable);
        if (scalar !== undefined) needs.push(scalar.condition);
        continue;
      }
      if (text !== '') pieces.push(literal(text));
      text = '';
      const index = Number(slot[2]);
      if (this.lists.get(list)?.itemMayBeArn === true) arnItem = { list, slot: index };
      pieces.push(this.select(list, index));
      const condition = this.slotCondition(list, index);
      if (condition !== undefined) needs.push(condition);
    }
    text += symbolic.slice(end);
    if (text !== '' || pieces.length === 0) pieces.push(literal(text));
    const built: CfnValue = pieces.length === 1 ? (pieces[0] ?? '') : { 'Fn::Join': ['', pieces] };
    const value: CfnValue =
      arnItem === undefined || pieces.length === 1
        ? built
        : { 'Fn::If': [this.arnCondition(arnItem.list, arnItem.slot), this.select(arnItem.list, arnItem.slot), built] };
    const condition = this.all(needs.filter((need) => !assumed.has(need)));
    return condition === undefined ? value : { 'Fn::If': [condition, value, NO_VALUE] };
  }

  resolveAll(symbolic: string | readonly string[], assumed: ReadonlySet<string> = new Set()): CfnValue[] {
    return (typeof symbolic === 'string' ? [symbolic] : symbolic).map((value) => this.resolve(value, assumed));
  }
}

/** AllowedPattern for a comma list of at most MAX_LIST_ITEMS items of `item`, optionally empty. */
export function listPattern(item: string, required: boolean): string {
  const list = `${item}(,${item}){0,${MAX_LIST_ITEMS - 1}}`;
  return required ? `^${list}$` : `^(${list})?$`;
}
