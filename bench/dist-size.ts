// Bytes of everything under dist/: what every workflow run downloads and Node may have to parse.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../standin/harness/run-action.js';

export const DIST = path.join(ROOT, 'dist');

export interface DistFile {
  readonly file: string;
  readonly bytes: number;
}

export function distFiles(directory = DIST): DistFile[] {
  const files: DistFile[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files.push({ file: path.relative(directory, full), bytes: statSync(full).size });
    }
  };
  visit(directory);
  return files.sort((a, b) => b.bytes - a.bytes);
}

/** The newest modification time under dist/, to notice a rebuild while the bench runs. */
export function distStamp(directory = DIST): number {
  return Math.max(0, ...distFiles(directory).map((entry) => statSync(path.join(directory, entry.file)).mtimeMs));
}
