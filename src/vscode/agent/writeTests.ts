/**
 * Write Tests for This File (balanced): the source and any existing test file go in, the whole
 * test file comes back, is previewed against what is there (or created beside the source) and
 * opened.
 */
import * as vscode from 'vscode';
import { editAnswerProblem, firstFencedCode } from '../../core/agent/fencedCode';
import { testFilePath } from '../../core/agent/testFilePath';
import type { AgentCommand } from './agentDeps';
import { fileName } from './agentDeps';
import { activeEditorContext, fileItem, workspaceFileItem, workspaceUri } from './editorContext';
import { previewAndApplyOrReport } from './editPreview';
import { reportNoCode } from './linesEdit';
import { redoTier } from '../../core/agent/runSummary';
import { cascadeHeader } from '../../core/agent/cascade';

function withNewline(code: string): string {
  return code.endsWith('\n') ? code : `${code}\n`;
}

export const writeTests: AgentCommand = async (deps, override) => {
  const context = activeEditorContext('write tests for it', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const testPath = testFilePath(context.path);
  const testUri = workspaceUri(testPath, context.document.uri) ?? context.document.uri.with({ path: context.document.uri.path.replace(/[^/]*$/, fileName(testPath)) });
  const existing = testPath === context.path ? undefined : await workspaceFileItem(testPath, deps.services.settings.config['completions.exclude']);
  const answer = await deps.runner.run({
    title: `Writing tests for ${fileName(context.path)}`,
    kind: 'tests',
    context: [fileItem(context), ...(existing ? [{ ...existing, label: `existing tests ${testPath}` }] : [])],
    instruction: `Write the tests to ${testPath}.`,
    signals: { ...context.signals, hasNearbyTests: existing !== undefined, selectionLines: undefined },
    check: editAnswerProblem,
    gate: async (text) => {
      const code = firstFencedCode(text);
      return code === undefined ? undefined : deps.gate.check(testUri, context.document.languageId, withNewline(code));
    },
    override,
  });
  if (!answer) return;
  const code = firstFencedCode(answer.text);
  if (code === undefined) return reportNoCode(deps, `Writing tests for ${fileName(context.path)}`, answer);
  const verb = existing ? 'Replace' : 'Create';
  const above = redoTier(answer.decision);
  const header = answer.cascade ? cascadeHeader(answer.cascade, answer.header) : answer.header;
  const outcome = await previewAndApplyOrReport(deps.previews, [{ uri: testUri, newText: withNewline(code) }], `${verb} ${testPath} with these tests?`, header, above !== undefined, deps.runner);
  if (outcome === 'redo' && above) return writeTests(deps, { tier: above, scope: 'next' });
  if (outcome !== 'applied') return;
  await vscode.window.showTextDocument(testUri, { preview: false });
  void deps.runner.announce(answer, `Tests written to ${testPath}`, (redo) => writeTests(deps, redo));
};
