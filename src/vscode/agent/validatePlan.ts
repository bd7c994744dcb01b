/**
 * Validate the Plan (frontier): the active plan document, and a requirements file if the user
 * picks one, go to the model in a fresh context — no chat or plan-writing history, only the plan,
 * the requirements and a prompt that asks for what is wrong — so the check does not confirm its
 * own reasoning. The findings open beside the plan, never only in a notification.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../../core/prompts/contextText';
import type { AgentCommand } from './agentDeps';
import { showMarkdown } from './agentDeps';
import { workspaceFileItem } from './editorContext';

const NO_REQUIREMENTS = 'No requirements file';

export const validatePlan: AgentCommand = async (deps, override) => {
  const editor = vscode.window.activeTextEditor;
  const plan = editor?.document.getText() ?? '';
  if (!editor || editor.document.languageId !== 'markdown' || plan.trim() === '') {
    void vscode.window.showWarningMessage('Model Router: Validate the Plan needs the plan open: open the Markdown plan (from Plan a Change or your own) and run it again.');
    return;
  }
  const context: ContextItem[] = [{ label: 'the plan', text: plan }];
  const candidates = (await vscode.workspace.findFiles('**/*.md', '**/node_modules/**', 200)).filter((uri) => uri.toString() !== editor.document.uri.toString());
  const picked = await vscode.window.showQuickPick([NO_REQUIREMENTS, ...candidates.map((uri) => vscode.workspace.asRelativePath(uri, false))], {
    title: 'Validate the Plan',
    placeHolder: 'Check the plan against a requirements file?',
    ignoreFocusOut: true,
  });
  if (picked === undefined) return;
  if (picked !== NO_REQUIREMENTS) {
    const requirements = await workspaceFileItem(picked, deps.services.settings.config['completions.exclude']);
    if (!requirements) {
      void vscode.window.showWarningMessage(`Model Router: ${picked} could not be read (excluded, secret or missing); validating the plan alone.`);
    } else context.push({ ...requirements, label: `the requirements (${picked})` });
  }
  const answer = await deps.runner.run({
    title: 'Validating the plan',
    kind: 'validation',
    context,
    signals: { files: [] },
    override,
  });
  if (!answer) return;
  await showMarkdown(`# Validation of the plan\n\n_${answer.header}_\n\n${answer.text.trim()}\n`);
  void deps.runner.announce(answer, 'Validation ready beside the plan', (redo) => validatePlan(deps, redo));
};
