/**
 * Plan a Change (frontier): from the user's description and the files they name or have open, a
 * step-by-step Markdown plan with the files of each step, opened as an editable document that
 * Implement the Plan reads back. The plan's cost is kept with the document for the roll-up.
 */
import * as vscode from 'vscode';
import { planProblem } from '../../core/agent/plan';
import { filesMentioned } from '../../core/routing/scope';
import { workspacePathProblem, workspacePathRefusal } from '../../core/agent/workspacePath';
import type { AgentCommand } from './agentDeps';
import { showMarkdown } from './agentDeps';
import { relativePath, workspaceFileItem } from './editorContext';

/** At most this many files go in as context; the plan may still name others. */
const MAX_CONTEXT_FILES = 12;

/** Files the user has open in editors (real files only), most recent first. */
function openFiles(): string[] {
  const paths = vscode.window.visibleTextEditors
    .map((editor) => editor.document.uri)
    .filter((uri) => uri.scheme === 'file')
    .map((uri) => relativePath(uri));
  return [...new Set(paths)];
}

export const planChange: AgentCommand = async (deps, override, given) => {
  const description =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: 'Plan a Change',
          prompt: 'Describe the change. Name files (src/api.ts) to include them; open editors are included too.',
          placeHolder: 'e.g. add a cache in front of the price lookups',
          ignoreFocusOut: true,
        });
  if (!description) return;
  const mentioned = filesMentioned(description);
  const outside = mentioned.map(workspacePathProblem).find((problem) => problem !== undefined);
  if (outside) void vscode.window.showWarningMessage(workspacePathRefusal(outside, 'Reading a file named in the description'));
  const inside = mentioned.filter((file) => workspacePathProblem(file) === undefined);
  const files = [...new Set([...inside, ...openFiles()])].slice(0, MAX_CONTEXT_FILES);
  // A bare path in the description is in the folder of the file the user is in (multi-root workspaces).
  const near = vscode.window.activeTextEditor?.document.uri;
  const items = (await Promise.all(files.map((file) => workspaceFileItem(file, deps.services.settings.config['completions.exclude'], near)))).filter((item) => item !== undefined);
  const answer = await deps.runner.run({
    title: 'Planning the change',
    kind: 'plan',
    context: items,
    instruction: description,
    signals: { files },
    override,
  });
  if (!answer) return;
  const editor = await showMarkdown(`# Plan: ${description}\n\n_${answer.header}_\n\n${answer.text.trim()}\n`);
  deps.plans.set(editor.document.uri.toString(), { requests: 1, costMicros: answer.record.costMicros ?? 0, unpricedRequests: answer.record.costMicros === null ? 1 : 0, models: [answer.decision.model] });
  const problem = planProblem(editor.document.getText());
  if (problem) void vscode.window.showWarningMessage(`Model Router: ${problem}`);
  void deps.runner.announce(answer, 'Plan ready — edit it, then run Implement the Plan', (redo) => planChange(deps, redo, description));
};
