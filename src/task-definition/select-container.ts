// Chooses the container whose image a deploy replaces: by name, else by the repository its image
// comes from, compared by the one image-reference parser. Pure.
import { tryParseImageReference, type ImageReference } from '../image/reference.js';
import { familyOf, listNames, namedContainers, type NamedContainer, type TaskDefinitionLike } from './model.js';

export interface ContainerSelector {
  readonly containerName?: string | undefined;
  /** `host/path` or just the repository path (`my-org/my-app`); a tag or digest on it is ignored. */
  readonly repositoryUri?: string | undefined;
}

/**
 * The name of the container whose image we replace: the named one, else the only one whose image comes
 * from the repository; with no repository to match (none known), the only container there is. Anything
 * ambiguous is an error asking for `container-name`.
 */
export function selectContainer(definition: TaskDefinitionLike, selector: ContainerSelector): string {
  const containers = namedContainers(definition);
  const { containerName, repositoryUri } = selector;

  if (containerName !== undefined && containerName !== '') {
    const found = containers.find((container) => container.name === containerName);
    if (found === undefined) {
      throw new Error(
        `The task definition ${familyOf(definition)} has no container named "${containerName}"; its containers are ${listNames(containers)}. Set container-name to one of them.`,
      );
    }
    return found.name;
  }

  if (repositoryUri === undefined || repositoryUri === '') {
    const only = containers.length === 1 ? containers[0] : undefined;
    if (only !== undefined) return only.name;
    throw new Error(
      `The task definition ${familyOf(definition)} has ${containers.length} containers (${listImages(containers)}); set container-name to the one whose image should change.`,
    );
  }

  const wanted = tryParseImageReference(repositoryUri);
  const matching = containers.filter(
    (container) => container.image !== undefined && sameRepository(tryParseImageReference(container.image), wanted),
  );
  const [first, ...others] = matching;
  if (first !== undefined && others.length === 0) return first.name;
  const problem =
    first === undefined
      ? `no container of the task definition ${familyOf(definition)} uses an image from ${repositoryUri}`
      : `${matching.length} containers of the task definition ${familyOf(definition)} use images from ${repositoryUri}`;
  throw new Error(
    `${capitalise(problem)} (containers: ${listImages(containers)}); set container-name to the one whose image should change.`,
  );
}

/** An image unreadable as a reference (ECS stores what it was given) is from no repository we could name. */
function sameRepository(image: ImageReference | undefined, wanted: ImageReference | undefined): boolean {
  if (image === undefined || image.repository !== wanted?.repository) return false;
  // Hosts are DNS names: case does not matter. A wanted path without a host matches on any registry.
  return wanted.host === undefined || image.host?.toLowerCase() === wanted.host.toLowerCase();
}

function listImages(containers: readonly NamedContainer[]): string {
  return containers.map((container) => `${container.name} → ${container.image ?? '(no image)'}`).join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The containers that get the deployed image: each one named (checked to exist), else the one `selectContainer` picks. */
export function selectContainers(
  definition: TaskDefinitionLike,
  selector: { readonly containerNames: readonly string[]; readonly repositoryUri?: string | undefined },
): string[] {
  if (selector.containerNames.length === 0) return [selectContainer(definition, { repositoryUri: selector.repositoryUri })];
  return selector.containerNames.map((containerName) => selectContainer(definition, { containerName }));
}
