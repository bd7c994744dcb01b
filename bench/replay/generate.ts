/**
 * Writes the replay workloads (bench/replay/*.jsonl) from bench/replay/workloads.ts.
 * Run with `npm run bench:replay:generate`; the unit tests check the committed files match.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_FILES } from './workloads';

/** Compiled to out/bench/replay; the workloads live in the source tree. */
export const WORKLOAD_DIR = join(__dirname, '..', '..', '..', 'bench', 'replay');

if (require.main === module) {
  for (const [name, generate] of Object.entries(WORKLOAD_FILES)) {
    const path = join(WORKLOAD_DIR, name);
    writeFileSync(path, generate());
    console.log(`wrote ${path}`);
  }
}
