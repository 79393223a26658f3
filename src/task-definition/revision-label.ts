// The short name of a revision, as people say it. Pure.

/** `my-app:8` from `arn:aws:ecs:…:task-definition/my-app:8` (a `family:revision` is returned as given). */
export function taskDefinitionRevisionLabel(arn: string): string {
  const marker = ':task-definition/';
  const at = arn.indexOf(marker);
  return at === -1 ? arn.slice(arn.lastIndexOf('/') + 1) : arn.slice(at + marker.length);
}
