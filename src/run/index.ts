// The one entry point, for both steps: the runner runs it again as the post step with the state the
// main step saved, which is how one bundle (and no second copy of @actions/core) serves both.
import * as core from '@actions/core';
import { State } from '../shared/constants.js';

if (core.getState(State.isPost) === 'true') {
  const { cleanup } = await import('./post-step.js');
  await cleanup();
} else {
  core.saveState(State.isPost, 'true');
  const { run } = await import('./main.js');
  await run();
}
