// Entry point of the post step: remove the private registry login of the main step.
import { cleanup } from './cleanup.js';

await cleanup();
