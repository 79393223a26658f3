// Whether the deployed image can run where each rendered task definition places its tasks, checked
// before RegisterTaskDefinition: an amd64-only image in an ARM64 task definition would register, roll
// out and then fail every task with `exec format error`. Pure.
import { platformMismatch } from '../image/platforms.js';
import { Input } from '../shared/constants.js';
import { familyOf } from './model.js';
import type { RenderedDefinition } from './plan.js';

/** The sentence that stops the deploy, or undefined when every definition can run the image (or it is not known where). */
export function platformRefusal(
  renders: readonly RenderedDefinition[],
  image: { readonly uri: string; readonly platforms?: readonly string[] },
): string | undefined {
  const platforms = image.platforms ?? [];
  for (const render of renders) {
    const mismatch = platformMismatch(platforms, render.input);
    if (mismatch === undefined) continue;
    return `The task definition ${familyOf(render.input)} (from ${render.origin}) cannot run ${image.uri}: its ${mismatch}. Build for the platform it needs (\`${Input.platform}\`, several comma separated), or change its runtimePlatform; nothing was registered.`;
  }
  return undefined;
}
