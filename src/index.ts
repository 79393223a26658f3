// Entry point of the main step: nothing here but the call, so tests import run() without side effects.
import { run } from './main.js';

await run();
