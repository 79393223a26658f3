// The one typed configuration object. `readInputs` in read-inputs.ts is the only producer; every phase
// reads from it and nothing writes to it (it is deep-frozen).
import type { AppSpecDocument } from '../codedeploy/appspec.js';
import type { TaskDefinitionSource } from '../task-definition/model.js';
import type { TaskDefinitionEdits } from '../task-definition/edits/model.js';
import type { ScanThreshold } from '../scan/severity.js';
import type { ProxySettings } from '../shared/proxy-settings.js';

export type ContainerEngineName = 'docker' | 'podman';

export interface AuthConfig {
  readonly region: string;
  /** Empty when the step should use AWS credentials already present in the environment. */
  readonly roleToAssume: string | undefined;
  readonly audience: string;
  readonly roleSessionName: string;
  readonly roleDurationSeconds: number;
  /** Role ARNs assumed in order after the first role, each with the previous credentials. */
  readonly roleChain: readonly string[];
  readonly exportCredentials: boolean;
}

/** Where a build secret's value comes from: the input itself, a variable of the step's environment, or a file. */
export type BuildSecretSource =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string };

export interface BuildSecret {
  /** What `RUN --mount=type=secret,id=…` names. */
  readonly id: string;
  readonly source: BuildSecretSource;
}

/** A registry layer cache in ECR, read and written by the build. */
export interface BuildCache {
  readonly repository: string;
  /** The registry's account when given as a URI; undefined means the caller's own registry. */
  readonly registryId: string | undefined;
  /** The tag docker moves on every build; podman tags each layer by its own key. */
  readonly tag: string;
}

export interface BuildConfig {
  readonly context: string;
  /** Absolute path (read-inputs.ts resolves it from the workspace); undefined means `Dockerfile` inside the context. */
  readonly dockerfile: string | undefined;
  /** `NAME=value` pairs, split once at the first `=`. */
  readonly buildArgs: readonly (readonly [string, string])[];
  readonly target: string | undefined;
  /** `os/arch[/variant]` each once; empty: the engine's own (the runner's). Several build one image index. */
  readonly platforms: readonly string[];
  /** docker with BuildKit only: attach provenance attestations (off: ECR lists no `unknown/unknown` entries). */
  readonly provenance: boolean;
  readonly labels: readonly (readonly [string, string])[];
  /** undefined: docker when it answers, else podman. */
  readonly engine: ContainerEngineName | undefined;
  readonly cache: BuildCache | undefined;
  readonly secrets: readonly BuildSecret[];
}

/** An ECR registry the build logs into besides the one it pushes to (`registries`). */
export interface ExtraRegistry {
  readonly registryId: string;
  readonly region: string;
}

/** Build `repository:tag` (and push extra tags), or reuse it when the tag already exists. */
export interface BuildImageSource {
  readonly kind: 'build';
  /** The repository name, such as `my-org/my-app`. */
  readonly repository: string;
  /** The registry's account when `repository` was given as a URI; undefined means the caller's own registry. */
  readonly registryId: string | undefined;
  readonly tag: string;
  readonly extraTags: readonly string[];
  /** `registries`: logged into beside the push registry, for `FROM` images of other accounts or regions. */
  readonly registries: readonly ExtraRegistry[];
  readonly build: BuildConfig;
}

/** Deploy an image that already exists. */
export interface ExistingImageSource {
  readonly kind: 'existing';
  readonly reference: string;
  /** From the `repository` input (its name, or `host/name` when given as a URI), used only to pick the container when `container-name` is empty. */
  readonly repository: string | undefined;
}

/** Deploy an existing task definition revision as it is: its images are the ones it names, nothing is built. */
export interface RevisionImageSource {
  readonly kind: 'revision';
}

export type ImageSource = BuildImageSource | ExistingImageSource | RevisionImageSource;

export interface TaskDefinitionConfig {
  /** Path of a task definition JSON file; undefined means the service's current definition. */
  readonly file: string | undefined;
  /** The file's definition and tags, parsed with the inputs so a broken file fails before any network call. */
  readonly fromFile: TaskDefinitionSource | undefined;
  /** The containers that get the deployed image; empty means the one whose image comes from the repository. */
  readonly containerNames: readonly string[];
  /** What else the new revision changes: environment, secrets, command, logging, roles, size, other images. */
  readonly edits: TaskDefinitionEdits;
  /**
   * An existing revision to deploy as it is (`family:revision` or its ARN, from `task-definition`): no
   * image is built and nothing is registered. undefined when `task-definition` is a file or empty.
   */
  readonly revision?: string;
}

/** Where a service's tasks take their tags from (UpdateService's `propagateTags`). */
export type PropagateTags = 'TASK_DEFINITION' | 'SERVICE' | 'NONE';
export const PROPAGATE_TAGS: readonly PropagateTags[] = ['TASK_DEFINITION', 'SERVICE', 'NONE'];

/** Service settings UpdateService sets beside the revision; undefined leaves the service's own. */
export interface ServiceSettings {
  readonly desiredCount: number | undefined;
  readonly enableEcsManagedTags: boolean | undefined;
  readonly propagateTags: PropagateTags | undefined;
  readonly enableExecuteCommand: boolean | undefined;
}

export interface DeployConfig {
  readonly cluster: string;
  readonly services: readonly string[];
  readonly waitForStability: boolean;
  readonly waitMinutes: number;
  readonly noProgressMinutes: number;
  readonly maxFailedTasks: number;
  readonly rollbackOnFailure: boolean;
  /** Stop waiting for the other services at the first failure. */
  readonly failFast: boolean;
  readonly forceNewDeployment: boolean;
  /** Revisions of each deployed family kept after a successful deploy (the newest N); 0 keeps all. */
  readonly keepRevisions: number;
  readonly settings: ServiceSettings;
  readonly dryRun: boolean;
}

export type RunTaskLaunchType = 'FARGATE' | 'EC2' | 'EXTERNAL' | 'MANAGED_INSTANCES';

export interface CapacityProviderItem {
  readonly capacityProvider: string;
  readonly weight: number | undefined;
  readonly base: number | undefined;
}

/**
 * A one-off task (a migration) run once with the new revision before any service is updated. Each
 * placement field left undefined is taken from the service (src/migration/run-task-request.ts).
 */
export interface RunTaskConfig {
  /** The command override of the deployed container, as words. */
  readonly command: readonly string[];
  readonly subnets: readonly string[] | undefined;
  readonly securityGroups: readonly string[] | undefined;
  readonly assignPublicIp: 'ENABLED' | 'DISABLED' | undefined;
  readonly launchType: RunTaskLaunchType | undefined;
  readonly capacityProviderStrategy: readonly CapacityProviderItem[] | undefined;
  readonly timeoutMinutes: number;
  /** RunTask's `startedBy`: names this run (repository-independent, at most 128 of `[A-Za-z0-9_/-]`). */
  readonly startedBy: string;
}

/** The `codedeploy-*` inputs: each undefined when not given (the service's naming convention, the group's config, a generated AppSpec). */
export interface CodeDeployConfig {
  readonly application: string | undefined;
  readonly deploymentGroup: string | undefined;
  readonly deploymentConfig: string | undefined;
  /** The AppSpec file, parsed and checked with the inputs; its TaskDefinition is replaced by the new revision. */
  readonly appspec: { readonly file: string; readonly document: AppSpecDocument } | undefined;
}

/** What the job knows about itself, from the runner's GITHUB_* variables. */
export interface GitHubContext {
  readonly repository: string;
  readonly sha: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly serverUrl: string;
  /** GITHUB_EVENT_NAME, such as `push` or `pull_request`: whether a dry run has a pull request to comment on. */
  readonly eventName: string;
  readonly workspace: string;
  readonly runnerTemp: string;
}

/** What the step posts back to GitHub after the run (src/github/); nothing without a token. */
export interface GitHubPostingConfig {
  /** `github-token`, masked as soon as it is read; undefined: nothing is posted. */
  readonly token: string | undefined;
}

/** The scan gate: undefined (`none`) makes no scan call at all. */
export interface ScanConfig {
  readonly threshold: ScanThreshold | undefined;
}

export interface Config {
  readonly auth: AuthConfig;
  readonly image: ImageSource;
  readonly scan: ScanConfig;
  readonly taskDefinition: TaskDefinitionConfig;
  readonly deploy: DeployConfig;
  /** Undefined unless `run-task-command` is given. */
  readonly runTask: RunTaskConfig | undefined;
  /** How services with the CODE_DEPLOY deployment controller are deployed; unused by the others. */
  readonly codeDeploy: CodeDeployConfig;
  readonly github: GitHubContext;
  readonly posting: GitHubPostingConfig;
  /** `http-proxy`, else the runner's HTTPS_PROXY / HTTP_PROXY / NO_PROXY: for every AWS call and the OIDC request. */
  readonly proxy: ProxySettings;
}
