import { describe, expect, test } from '@jest/globals';
import { describeSettingChanges, NO_SETTINGS, settingChanges, settingsFields } from '../../../src/service/settings.js';

describe('settingChanges', () => {
  test('no settings given: nothing differs, whatever the service has', () => {
    expect(settingChanges({ desiredCount: 4, propagateTags: 'SERVICE', enableExecuteCommand: true }, NO_SETTINGS)).toEqual([]);
  });

  test.each([
    [{}, { desiredCount: 0 }, [{ input: 'desired-count', from: '0', to: '0', needsNewTasks: false }], 0],
    [{ desiredCount: 2 }, { desiredCount: 0 }, [{ input: 'desired-count', from: '2', to: '0', needsNewTasks: false }], 1],
    [{}, { propagateTags: 'NONE' as const }, [], 0],
    [
      { propagateTags: 'TASK_DEFINITION' as const },
      { propagateTags: 'SERVICE' as const },
      [{ input: 'propagate-tags', from: 'TASK_DEFINITION', to: 'SERVICE', needsNewTasks: true }],
      1,
    ],
    [
      { enableECSManagedTags: true },
      { enableEcsManagedTags: false },
      [{ input: 'enable-ecs-managed-tags', from: 'true', to: 'false', needsNewTasks: true }],
      1,
    ],
    [{}, { enableExecuteCommand: true }, [{ input: 'enable-execute-command', from: 'false', to: 'true', needsNewTasks: true }], 1],
  ])('service %j, inputs %j: the changes that differ', (service, given, changes, count) => {
    const found = settingChanges(service, { ...NO_SETTINGS, ...given });
    expect(found).toEqual(changes.slice(0, count));
  });

  test('the changes read as one clause, in the order of action.yml', () => {
    const changes = settingChanges(
      { desiredCount: 1 },
      { desiredCount: 2, enableEcsManagedTags: true, propagateTags: 'SERVICE', enableExecuteCommand: true },
    );
    expect(describeSettingChanges(changes)).toBe(
      'desired-count 1 → 2, enable-ecs-managed-tags false → true, propagate-tags NONE → SERVICE, enable-execute-command false → true',
    );
  });
});

describe('settingsFields', () => {
  test('sends only the settings given, under the names UpdateService takes; 0 and false are sent', () => {
    expect(settingsFields(NO_SETTINGS)).toEqual({});
    expect(settingsFields({ desiredCount: 0, enableEcsManagedTags: false, propagateTags: 'SERVICE', enableExecuteCommand: false })).toEqual(
      {
        desiredCount: 0,
        enableECSManagedTags: false,
        propagateTags: 'SERVICE',
        enableExecuteCommand: false,
      },
    );
  });
});
