// Everything the demo starts is registered here as it starts, so one call undoes it all, newest
// first, whichever way the demo ends: normally, on an error, or on Ctrl-C.

export interface Cleanup {
  /** `what` names the thing for the user: "the stand-in", "temp folder /tmp/…". */
  add(what: string, undo: () => Promise<void> | void): void;
  /** Runs every undo once, newest first; a failing one is reported and the rest still run. Resolves what was cleaned up. */
  run(): Promise<string[]>;
}

export function createCleanup(report: (message: string) => void): Cleanup {
  const steps: { what: string; undo: () => Promise<void> | void }[] = [];
  let running: Promise<string[]> | undefined;
  const runAll = async (): Promise<string[]> => {
    const done: string[] = [];
    for (const { what, undo } of steps.splice(0).reverse()) {
      try {
        await undo();
        done.push(what);
      } catch (error) {
        report(`could not clean up ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return done;
  };
  return {
    add(what, undo) {
      steps.push({ what, undo });
    },
    run: () => (running ??= runAll()),
  };
}
