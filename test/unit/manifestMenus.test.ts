import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandName } from '../../src/core/commands';
import { COMMANDS, EDITOR_SUBMENU } from '../../src/core/commands';
import { manifestMenus } from '../../src/core/manifest';

// out/test/unit → the repository root
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
type Entry = { command: string; when?: string; group?: string; submenu?: string };
const menus = manifest.contributes.menus as Record<string, Entry[]>;

/** The agent commands of issue 6: the ones that call a model and the automated ones. */
const MODEL_COMMANDS: CommandName[] = ['explainSelection', 'addDocstring', 'writeTests', 'refactorSelection', 'fixProblem', 'writeCommitMessage', 'reviewChanges', 'securityReview', 'deepAudit', 'planChange', 'implementPlan'];
const AUTOMATED_COMMANDS: CommandName[] = ['formatDocument', 'organizeImports', 'renameSymbol'];
const AGENT_COMMANDS = [...MODEL_COMMANDS, ...AUTOMATED_COMMANDS];
/** Commands that work on the active editor's text, and those of them that change it. */
const EDITOR_COMMANDS: CommandName[] = ['explainSelection', 'addDocstring', 'writeTests', 'refactorSelection', 'fixProblem', 'securityReview', ...AUTOMATED_COMMANDS];
const EDITING_COMMANDS: CommandName[] = ['addDocstring', 'refactorSelection', 'fixProblem', ...AUTOMATED_COMMANDS];
const SELECTION_COMMANDS: CommandName[] = ['explainSelection', 'refactorSelection'];
const GIT_COMMANDS: CommandName[] = ['writeCommitMessage', 'reviewChanges', 'deepAudit'];
/** Context keys these menus may use; a typo in a key makes a `when` silently false or true. */
const KNOWN_KEYS = new Set(['editorIsOpen', 'editorReadonly', 'editorHasSelection', 'editorTextFocus', 'editorLangId', 'resourceScheme', 'gitOpenRepositoryCount', 'scmProvider', 'view', 'isWorkspaceTrusted', 'modelRouter.previewActive', 'workspaceFolderCount', 'explorerResourceIsFolder', 'viewItem']);

const entry = (menu: string, name: CommandName): Entry | undefined => (menus[menu] ?? []).find((e) => e.command === COMMANDS[name].id);
/** The clause's conjuncts; these menus use only `&&`. */
const terms = (when: string | undefined): string[] => (when ?? '').split('&&').map((term) => term.trim()).filter((term) => term !== '');

describe('package.json menus', () => {
  it('are generated from the command table (run `npm run sync-manifest`)', () => {
    assert.deepEqual(menus, manifestMenus());
  });

  it('use only known context keys and name only contributed commands', () => {
    const ids = new Set<string>(Object.values(COMMANDS).map((c) => c.id));
    const submenus = new Set<string>((manifest.contributes.submenus as Array<{ id: string }>).map((s) => s.id));
    for (const [menu, entries] of Object.entries(menus)) {
      for (const e of entries) {
        if (e.submenu !== undefined) assert.ok(submenus.has(e.submenu), `${menu}: submenu ${e.submenu} is not contributed`);
        else assert.ok(ids.has(e.command), `${menu}: ${e.command} is not a contributed command`);
        for (const term of terms(e.when)) {
          const key = /^!?([A-Za-z.]+)/.exec(term)?.[1] ?? term;
          assert.ok(KNOWN_KEYS.has(key), `${menu}: ${e.command} uses an unknown context key in “${e.when}”`);
          assert.doesNotMatch(term, /\|\||\bfalse\b/, `${menu}: ${e.command} has a clause these tests cannot read: “${e.when}”`);
        }
      }
    }
  });

  it('offer every agent command in the Command Palette', () => {
    for (const name of AGENT_COMMANDS) {
      const spec = COMMANDS[name] as { palette?: boolean };
      assert.notEqual(spec.palette, false, `${name} must be in the palette`);
      assert.notEqual(entry('commandPalette', name)?.when, 'false', `${name} must be in the palette`);
    }
  });

  it('offer the editor commands only with an editor open, and the editing ones only where it is writable', () => {
    for (const name of EDITOR_COMMANDS) assert.ok(terms(entry('commandPalette', name)?.when).includes('editorIsOpen'), `${name} needs an open editor in the palette`);
    for (const name of EDITING_COMMANDS) assert.ok(terms(entry('commandPalette', name)?.when).includes('!editorReadonly'), `${name} writes to the editor`);
  });

  it('group the editor context menu’s items under one “Model Router” submenu, apart from VS Code’s own Explain and Fix', () => {
    assert.deepEqual(menus['editor/context'], [{ submenu: EDITOR_SUBMENU, when: 'editorTextFocus', group: '1_modelRouter' }], 'one entry, the submenu');
    const label = (manifest.contributes.submenus as Array<{ id: string; label: string }>).find((s) => s.id === EDITOR_SUBMENU)?.label;
    assert.equal(label, 'Model Router', 'the submenu says whose commands these are');
    const titles: string[] = (menus[EDITOR_SUBMENU] ?? []).map((e) => COMMANDS[(Object.keys(COMMANDS) as CommandName[]).find((key) => COMMANDS[key].id === e.command)!].title);
    for (const title of ['Explain Selection', 'Fix the Problem at the Cursor', 'Add Selection to Chat']) assert.ok(titles.includes(title), `${title} is in the Model Router submenu: ${titles.join(', ')}`);
  });

  it('put selection commands in the editor context menu only for a selection, the others only in a text editor', () => {
    const context = menus[EDITOR_SUBMENU] ?? [];
    assert.ok(context.length >= 6, 'the agent commands are in the editor context menu');
    for (const name of SELECTION_COMMANDS) assert.ok(terms(entry(EDITOR_SUBMENU, name)?.when).includes('editorHasSelection'), `${name} needs a selection`);
    for (const e of context) {
      const when = terms(e.when);
      assert.ok(when.some((term) => ['editorHasSelection', 'editorTextFocus'].includes(term) || term.startsWith('editorLangId')), `${e.command} needs a text editor: “${e.when}”`);
      const name = (Object.keys(COMMANDS) as CommandName[]).find((key) => COMMANDS[key].id === e.command)!;
      if (EDITING_COMMANDS.includes(name)) assert.ok(when.includes('!editorReadonly'), `${name} writes to the editor: “${e.when}”`);
      assert.match(e.group ?? '', /^1_modelRouter@\d+$/, `${name} is grouped with the other Model Router items`);
    }
    assert.deepEqual(terms(entry(EDITOR_SUBMENU, 'writeTests')?.when), ['editorTextFocus', 'resourceScheme == file', 'isWorkspaceTrusted'], 'the test file is created beside a file on disk');
  });

  it('put Write Commit Message, Review and Deep Audit in the Source Control title only for Git', () => {
    assert.deepEqual((menus['scm/title'] ?? []).map((e) => [e.command, e.when]), GIT_COMMANDS.map((name) => [COMMANDS[name].id, 'scmProvider == git']));
    assert.match(entry('scm/title', 'writeCommitMessage')?.group ?? '', /^navigation@/, 'Write Commit Message is a button in the title');
    assert.doesNotMatch(entry('scm/title', 'deepAudit')?.group ?? '', /^navigation@/, 'Deep Audit waits in the title’s overflow menu, beside no third button');
  });

  it('offer the Git commands in the palette only with a repository open, which an untrusted workspace never has', () => {
    // The built-in Git extension does not run in an untrusted workspace, so it opens no repository there.
    for (const name of GIT_COMMANDS) assert.equal(entry('commandPalette', name)?.when, 'gitOpenRepositoryCount != 0', name);
    for (const name of AGENT_COMMANDS.filter((n) => !GIT_COMMANDS.includes(n))) {
      assert.ok(!terms(entry('commandPalette', name)?.when).some((term) => term.includes('git')), `${name} does not need Git`);
    }
  });

  it('put Apply, Discard and Redo one tier up on the diff preview’s title, and nowhere else', () => {
    // The notification center is out of sight in VS Code 1.139: a preview is answered on the diff itself.
    const title = (menus['editor/title'] ?? []).map((e) => [e.command, e.when, e.group]);
    assert.deepEqual(title, [
      [COMMANDS.applyPreview.id, 'modelRouter.previewActive && resourceScheme == model-router-preview', 'navigation@1'],
      [COMMANDS.discardPreview.id, 'modelRouter.previewActive && resourceScheme == model-router-preview', 'navigation@2'],
      [COMMANDS.redoPreview.id, 'modelRouter.previewActive && resourceScheme == model-router-preview', 'navigation@3'],
    ]);
    for (const name of ['applyPreview', 'discardPreview', 'redoPreview'] as const) assert.equal(entry('commandPalette', name)?.when?.startsWith('modelRouter.previewActive'), true, `${name} is offered in the palette only while a preview waits`);
    const keys = manifest.contributes.keybindings as Array<{ command: string; key: string; when?: string }>;
    const key = (id: string) => keys.find((k) => k.command === id);
    assert.equal(key(COMMANDS.applyPreview.id)?.key, 'ctrl+enter', 'Apply has a shortcut');
    assert.equal(key(COMMANDS.discardPreview.id)?.key, 'escape', 'Discard has a shortcut');
    for (const id of [COMMANDS.applyPreview.id, COMMANDS.discardPreview.id]) assert.match(key(id)?.when ?? '', /^modelRouter\.previewInFront && editorFocus/, `${id}'s shortcut works only with a preview's diff in front`);
    assert.match(key(COMMANDS.discardPreview.id)?.when ?? '', /!suggestWidgetVisible/, 'Escape still closes the suggest widget first');
  });

  it('offer Implement the Plan only on a Markdown plan', () => {
    // …and, since it edits files, only in a trusted workspace.
    assert.equal(entry('commandPalette', 'implementPlan')?.when, 'editorLangId == markdown && isWorkspaceTrusted');
    assert.equal(entry(EDITOR_SUBMENU, 'implementPlan')?.when, 'editorLangId == markdown && isWorkspaceTrusted');
  });
});
