/**
 * The file side of the learned router's port: core asks for the model's bytes on the first
 * classification, and this reads them from media/routerModel.bin of the installed extension (or
 * of the repository, for the CLI, tests and benchmarks). Nothing is read when this is called.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouterModelSource } from '../core/routing/routerModel';
import { useRouterModel } from '../core/routing/routerModel';

/** The artifact's path under an extension or repository root. */
export function routerModelPath(root: string): string {
  return join(root, 'media', 'routerModel.bin');
}

/** A source that reads the artifact at `path` when first asked. */
export function routerModelFile(path: string): RouterModelSource {
  return () => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`The router model ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); reinstall the extension or run npm run train-router.`, { cause: error });
    }
  };
}

/** Points core at the artifact under `root`; the file is read on the first classification. */
export function useRouterModelUnder(root: string): void {
  useRouterModel(routerModelFile(routerModelPath(root)));
}
