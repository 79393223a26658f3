// The service settings a deploy may change beside the revision (desired count, tag propagation, ECS
// managed tags, ECS Exec): what differs from the service as DescribeServices showed it, and the fields
// UpdateService sends for them. Pure.
import type { Service, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import type { ServiceSettings } from '../inputs/config.js';
import { Input, type InputName } from '../shared/constants.js';

/** The part of the service the settings are compared with. */
export type ServiceSettingsNow = Pick<Service, 'desiredCount' | 'enableECSManagedTags' | 'propagateTags' | 'enableExecuteCommand'>;

export interface SettingChange {
  readonly input: InputName;
  readonly from: string;
  readonly to: string;
  /**
   * ECS applies it to tasks started after the update only: running tasks get it when a deployment
   * replaces them. A desired count alone scales the current deployment and starts none.
   */
  readonly needsNewTasks: boolean;
}

export const NO_SETTINGS: ServiceSettings = {
  desiredCount: undefined,
  enableEcsManagedTags: undefined,
  propagateTags: undefined,
  enableExecuteCommand: undefined,
};

/** Each given setting whose value differs from the service's, in the order of action.yml. */
export function settingChanges(service: ServiceSettingsNow, settings: ServiceSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  const compare = (input: InputName, now: string, wanted: string | undefined, needsNewTasks: boolean): void => {
    if (wanted !== undefined && wanted !== now) changes.push({ input, from: now, to: wanted, needsNewTasks });
  };
  compare(Input.desiredCount, String(service.desiredCount ?? 0), text(settings.desiredCount), false);
  // ECS leaves out the defaults on some services: absent is false and NONE.
  compare(Input.enableEcsManagedTags, String(service.enableECSManagedTags ?? false), text(settings.enableEcsManagedTags), true);
  compare(Input.propagateTags, service.propagateTags ?? 'NONE', settings.propagateTags, true);
  compare(Input.enableExecuteCommand, String(service.enableExecuteCommand ?? false), text(settings.enableExecuteCommand), true);
  return changes;
}

/** `desired-count 1 → 2, propagate-tags NONE → SERVICE` */
export function describeSettingChanges(changes: readonly SettingChange[]): string {
  return changes.map((change) => `${change.input} ${change.from} → ${change.to}`).join(', ');
}

/** The UpdateService fields of the given settings; the service keeps its own value of the others. */
export function settingsFields(
  settings: ServiceSettings,
): Pick<UpdateServiceCommandInput, 'desiredCount' | 'enableECSManagedTags' | 'propagateTags' | 'enableExecuteCommand'> {
  return {
    ...(settings.desiredCount === undefined ? {} : { desiredCount: settings.desiredCount }),
    ...(settings.enableEcsManagedTags === undefined ? {} : { enableECSManagedTags: settings.enableEcsManagedTags }),
    ...(settings.propagateTags === undefined ? {} : { propagateTags: settings.propagateTags }),
    ...(settings.enableExecuteCommand === undefined ? {} : { enableExecuteCommand: settings.enableExecuteCommand }),
  };
}

function text(value: number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
