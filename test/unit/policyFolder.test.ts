import assert from 'node:assert/strict';
import { choosePolicyFolder } from '../../src/core/routing/policyFolder';

const folder = (name: string, hasFile = false) => ({ name, hasFile });

describe('Open Team Policy File in a multi-root workspace', () => {
  it('opens the only folder’s file, and says so when there is no folder', () => {
    assert.deepEqual(choosePolicyFolder([], undefined), { kind: 'none' });
    assert.deepEqual(choosePolicyFolder([folder('app')], undefined), { kind: 'folder', index: 0 });
  });

  it('opens the folder of the file you are in, not the first folder', () => {
    assert.deepEqual(choosePolicyFolder([folder('web'), folder('api')], 1), { kind: 'folder', index: 1 });
    assert.deepEqual(choosePolicyFolder([folder('web'), folder('api', true)], 1), { kind: 'folder', index: 1 });
  });

  it('asks when the file you are in is not under a folder, the applied file first', () => {
    const choice = choosePolicyFolder([folder('web'), folder('api', true), folder('docs')], undefined);
    assert.equal(choice.kind, 'ask');
    assert.deepEqual(
      choice.kind === 'ask' ? choice.items.map((item) => [item.label, item.description]) : [],
      [
        ['api', 'applied: the first folder with a team policy file'],
        ['web', 'none yet: creates one, which would apply'],
        ['docs', "none yet: one here would not apply while api's exists"],
      ],
    );
  });

  it('asks when an earlier folder’s file is the one applied, rather than open a file that does nothing', () => {
    const choice = choosePolicyFolder([folder('web', true), folder('api', true)], 1);
    assert.equal(choice.kind, 'ask');
    assert.deepEqual(
      choice.kind === 'ask' ? choice.items.map((item) => [item.index, item.description]) : [],
      [
        [0, 'applied: the first folder with a team policy file'],
        [1, "not applied: web's file comes first · the file you are in"],
      ],
    );
  });
});
