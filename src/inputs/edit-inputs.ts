// Reads the inputs that edit the task definition (environment, secrets, command, labels, logging,
// roles, size, other containers' images) into one TaskDefinitionEdits. Each line is checked on its own,
// with the input's name and the form expected, before any network call. Pure.
import { Input, type InputName } from '../shared/constants.js';
import { tryParseImageReference } from '../image/reference.js';
import type { ContainerEdits, NameValue, TaskDefinitionEdits, TaskEdits } from '../task-definition/edits/model.js';
import { checkPartition, checkRoleArn } from './arn-inputs.js';
import { InputError, lines, optional, pairs, type ReadInput } from './field-readers.js';
import { ShellWordsError, splitShellWords } from './shell-words.js';

const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;
/** Docker label keys and log option keys: anything but blanks and `=`. */
const KEY = /^[^\s=]+$/;
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** The log drivers ECS takes in `logConfiguration.logDriver`. */
export const LOG_DRIVERS: readonly string[] = ['awsfirelens', 'awslogs', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog'];
// `secret:NAME-AbCdEf`, then optionally `:json-key:version-stage:version-id`, any of them empty.
const SECRETS_MANAGER_ARN = /^arn:([a-z0-9-]+):secretsmanager:([a-z0-9-]+):\d{12}:secret:[\w/+=.@-]+(:[^:\s]*){0,3}$/;
const SSM_PARAMETER_ARN = /^arn:([a-z0-9-]+):ssm:([a-z0-9-]+):\d{12}:parameter\/[\w./-]+$/;
const S3_ENV_FILE_ARN = /^arn:([a-z0-9-]+):s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+\.env$/;
const CPU = /^(\d+(?:\.\d+)?)\s*vcpu$/i;
const MEMORY = /^(\d+(?:\.\d+)?)\s*gb$/i;

export function readEdits(read: ReadInput, region: string, containerNames: readonly string[]): TaskDefinitionEdits {
  const containers = readContainerEdits(read, region);
  return { containers, task: readTaskEdits(read, region), images: readImages(read, containerNames) };
}

/** The `container-name` input: one container or several (one per line, or comma separated), each once. */
export function readContainerNames(read: ReadInput): string[] {
  const names = lines(read(Input.containerName), /[\n,]/);
  const expected = 'container names of up to 255 letters, digits, `-` and `_`, one per line, each once';
  names.forEach((name, index) => {
    if (!ECS_NAME.test(name) || names.indexOf(name) !== index) throw new InputError(Input.containerName, name, expected);
  });
  return names;
}

function readContainerEdits(read: ReadInput, region: string): ContainerEdits {
  const environment = uniquePairs(read, Input.environmentVariables, VARIABLE_NAME, '`NAME=value`, one per line');
  const secrets = readSecrets(read, region);
  const both = secrets.find(([name]) => environment.some(([other]) => other === name));
  if (both !== undefined) {
    throw new InputError(Input.secrets, `${both[0]}=${both[1]}`, `names not also set by \`${Input.environmentVariables}\``);
  }
  const environmentFiles = lines(read(Input.envFiles));
  for (const arn of environmentFiles) {
    const [, partition] = S3_ENV_FILE_ARN.exec(arn) ?? [];
    if (partition === undefined) {
      throw new InputError(
        Input.envFiles,
        arn,
        'S3 object ARNs of `.env` files, one per line, such as `arn:aws:s3:::my-bucket/my-app/prod.env`',
      );
    }
    checkPartition(Input.envFiles, arn, partition, region);
  }
  const logDriver = optional(read(Input.logConfigurationLogDriver));
  if (logDriver !== undefined && !LOG_DRIVERS.includes(logDriver)) {
    throw new InputError(Input.logConfigurationLogDriver, logDriver, `one of ${LOG_DRIVERS.join(', ')}`);
  }
  return {
    environment,
    environmentFiles,
    secrets,
    command: readCommandLine(read, Input.command),
    entryPoint: readCommandLine(read, Input.entryPoint),
    dockerLabels: uniquePairs(read, Input.dockerLabels, KEY, '`key=value`, one per line'),
    logDriver,
    logOptions: uniquePairs(read, Input.logConfigurationOptions, KEY, '`key=value`, one per line'),
  };
}

/**
 * `NAME=arn` lines. A value that is not an ARN is never echoed: it may be the secret itself, pasted
 * where its ARN belongs.
 */
function readSecrets(read: ReadInput, region: string): NameValue[] {
  const expected =
    '`NAME=arn` per line, the ARN of a Secrets Manager secret (`arn:aws:secretsmanager:us-east-1:123456789012:secret:my-secret-AbCdEf`, optionally with `:json-key:version-stage:version-id`) or of an SSM parameter (`arn:aws:ssm:us-east-1:123456789012:parameter/my-app/db-password`)';
  const secrets = lines(read(Input.secrets)).map((line): NameValue => {
    const equals = line.indexOf('=');
    const name = equals < 0 ? '' : line.slice(0, equals).trim();
    const arn = line.slice(equals + 1).trim();
    const [, partition] = SECRETS_MANAGER_ARN.exec(arn) ?? SSM_PARAMETER_ARN.exec(arn) ?? [];
    if (!VARIABLE_NAME.test(name) || partition === undefined) {
      throw new InputError(Input.secrets, `${VARIABLE_NAME.test(name) ? name : '(no name)'}=<not an ARN, not shown>`, expected);
    }
    checkPartition(Input.secrets, `${name}=${arn}`, partition, region);
    return [name, arn];
  });
  refuseRepeatedNames(Input.secrets, secrets);
  return secrets;
}

/** A JSON array of strings, or a line split as a shell would; undefined when empty. */
export function readCommandLine(read: ReadInput, name: InputName): string[] | undefined {
  const value = optional(read(name));
  if (value === undefined) return undefined;
  if (value.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((word) => typeof word === 'string')) {
      throw new InputError(
        name,
        value,
        'a JSON array of strings such as `["node", "server.js"]`, or a command line such as `node server.js`',
      );
    }
    return parsed;
  }
  try {
    return splitShellWords(value);
  } catch (error) {
    if (!(error instanceof ShellWordsError)) throw error;
    throw new InputError(name, value, `a command line whose quotes are closed, but ${error.problem}`);
  }
}

function readTaskEdits(read: ReadInput, region: string): TaskEdits {
  const role = (name: InputName): string | undefined => {
    const arn = optional(read(name));
    if (arn !== undefined) checkRoleArn(name, arn, region, 'an IAM role ARN such as `arn:aws:iam::123456789012:role/my-app-task`');
    return arn;
  };
  return {
    taskRoleArn: role(Input.taskRoleArn),
    executionRoleArn: role(Input.executionRoleArn),
    cpu: size(read, Input.cpu, CPU, 1024, 'CPU units such as `1024`, or vCPUs such as `1 vCPU` or `0.5 vCPU`'),
    memory: size(read, Input.memory, MEMORY, 1024, 'MiB such as `2048`, or GB such as `2 GB` or `0.5 GB`'),
  };
}

/** A whole number as given, or `N unit` converted to the whole number ECS stores (`1 vCPU` → `1024`). */
function size(read: ReadInput, name: InputName, withUnit: RegExp, factor: number, expected: string): string | undefined {
  const value = optional(read(name));
  if (value === undefined) return undefined;
  const [, count] = withUnit.exec(value) ?? [];
  const number = /^\d+$/.test(value) ? Number(value) : count === undefined ? Number.NaN : Number(count) * factor;
  if (!Number.isSafeInteger(number) || number <= 0) throw new InputError(name, value, expected);
  return String(number);
}

function readImages(read: ReadInput, containerNames: readonly string[]): NameValue[] {
  const images = uniquePairs(read, Input.images, ECS_NAME, '`container=image` per line, such as `envoy=<registry>/my-org/envoy:1.31`');
  for (const [container, image] of images) {
    if (tryParseImageReference(image) === undefined) {
      throw new InputError(Input.images, `${container}=${image}`, '`container=image` per line, with an image reference after the `=`');
    }
    if (containerNames.includes(container)) {
      throw new InputError(
        Input.images,
        `${container}=${image}`,
        `containers other than those of \`${Input.containerName}\`, which get the deployed image`,
      );
    }
  }
  return images;
}

function uniquePairs(read: ReadInput, name: InputName, keyPattern: RegExp, expected: string): NameValue[] {
  const entries = pairs(read, name, keyPattern, expected);
  refuseRepeatedNames(name, entries);
  return entries;
}

/** A name given twice is a typo or a merge gone wrong: which value was meant is unclear. */
function refuseRepeatedNames(input: InputName, entries: readonly NameValue[]): void {
  const seen = new Set<string>();
  for (const [key] of entries) {
    if (seen.has(key)) throw new InputError(input, key, 'each name once');
    seen.add(key);
  }
}
