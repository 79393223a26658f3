// The build's registry layer cache (`cache-repository`, `cache-tag`) and its secrets (`build-secrets`).
// A secret's value never appears in an error: a bad line is named by its number and its id. Pure.
import * as path from 'node:path';
import type { BuildCache, BuildSecret, BuildSecretSource } from './config.js';
import { Input, InputDefault } from '../shared/constants.js';
import { isValidTag } from '../image/reference.js';
import { InputError, optional, type ReadInput } from './field-readers.js';
import { readRepository } from './repository-input.js';
import type { InputSources } from './input-sources.js';

const SECRET_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_FORM = '`id=value`, `id=env:NAME` or `id=file:PATH` per line (id of letters, digits and `_.-`)';

/** The layer cache, when `cache-repository` names one; a repository URI must be in `aws-region`. */
export function readBuildCache(read: ReadInput): BuildCache | undefined {
  const given = optional(read(Input.cacheRepository));
  const tag = read(Input.cacheTag) || InputDefault[Input.cacheTag];
  if (!isValidTag(tag)) throw new InputError(Input.cacheTag, tag, 'a tag of at most 128 of `A-Za-z0-9_.-`, not starting with `.` or `-`');
  if (given === undefined) return undefined;
  try {
    const repository = readRepository(given, read(Input.awsRegion));
    return { repository: repository.name, registryId: repository.registryId, tag };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // readRepository names `repository`; the same rules, said of this input.
    throw new InputError(
      Input.cacheRepository,
      given,
      `an ECR repository name such as \`my-org/my-app-cache\`, or its URI \`<registry>/my-org/my-app-cache\` in \`${Input.awsRegion}\`, without a tag (\`${Input.cacheTag}\` sets it)`,
    );
  }
}

/** `build-secrets`: each id once; `env:` variables must be set and `file:` paths must be files, checked now. */
export function readBuildSecrets(read: ReadInput, sources: InputSources, workspace: string): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  const lines = read(Input.buildSecrets).split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const id = equals < 0 ? '' : line.slice(0, equals).trim();
    // Never the line itself: it may be a value written without its id.
    const where = `line ${index + 1}${SECRET_ID.test(id) ? ` (id ${id})` : ''}, value hidden`;
    if (!SECRET_ID.test(id)) throw new InputError(Input.buildSecrets, where, SECRET_FORM);
    if (secrets.some((secret) => secret.id === id)) throw new InputError(Input.buildSecrets, where, `${SECRET_FORM}, each id once`);
    secrets.push({ id, source: secretSource(line.slice(equals + 1), where, sources, workspace) });
  }
  return secrets;
}

function secretSource(text: string, where: string, sources: InputSources, workspace: string): BuildSecretSource {
  if (text.startsWith('env:')) {
    const name = text.slice('env:'.length);
    if (!ENV_NAME.test(name)) throw new InputError(Input.buildSecrets, where, `${SECRET_FORM}; \`env:\` takes a variable name`);
    const value = sources.env[name];
    if (value === undefined || value === '') {
      throw new InputError(Input.buildSecrets, where, `a variable that is set in the step's environment (\`${name}\` is not set or empty)`);
    }
    return { kind: 'env', name };
  }
  if (text.startsWith('file:')) {
    const given = text.slice('file:'.length);
    const absolute = path.resolve(workspace, given);
    // The engines read `--secret` as comma-separated fields: a comma would cut the path.
    if (given.includes(',')) throw new InputError(Input.buildSecrets, where, `${SECRET_FORM}; a \`file:\` path without \`,\``);
    if (given === '' || !sources.isFile(absolute)) {
      throw new InputError(Input.buildSecrets, where, `the path of a file that exists after \`file:\` (looked for ${absolute})`);
    }
    return { kind: 'file', path: absolute };
  }
  if (text === '') throw new InputError(Input.buildSecrets, where, `${SECRET_FORM}, with a value`);
  return { kind: 'value', value: text };
}
