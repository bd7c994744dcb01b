/**
 * Points core at the repository's trained router model (media/routerModel.bin) for one test
 * file, and back to none after it, so other files keep their own routing.
 */
import { join } from 'node:path';
import { useRouterModel } from '../../../src/core/routing/routerModel';
import { useRouterModelUnder } from '../../../src/node/routerModelFile';

/** The repository root, from out/test/unit/helpers. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Mocha hooks: the learned model for the tests of the enclosing `describe`. */
export function withLearnedRouter(): void {
  before(() => useRouterModelUnder(REPO_ROOT));
  after(() => useRouterModel(undefined));
}
