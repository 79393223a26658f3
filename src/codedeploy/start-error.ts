// An error starting a CODE_DEPLOY service's deployment that knows which step failed, so the run's failure
// sentence names CodeDeploy's call (or the refusal) rather than UpdateService. Statically loaded with
// by-controller.ts (it is tiny); the modules that throw it are loaded on first use.
import type { StartOperation } from '../service/start-failure.js';

export type CodeDeployStartOperation = Exclude<StartOperation, 'ecs:UpdateService'>;

export class CodeDeployStartError extends Error {
  constructor(
    readonly operation: CodeDeployStartOperation,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CodeDeployStartError';
  }
}
