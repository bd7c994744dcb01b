/**
 * Write Commit Message (fast): the staged diff from the built-in Git extension goes to the model,
 * and the message lands in the Source Control input box for the user to edit and commit.
 */
import * as vscode from 'vscode';
import { cleanCommitMessage, filesInDiff, withoutSecretFiles } from '../../core/agent/diffText';
import { estimateTokens } from '../../core/model/tokens';
import type { AgentCommand } from './agentDeps';
import { gitApi, pickRepository } from './gitRepository';

export const writeCommitMessage: AgentCommand = async (deps, override, scm) => {
  const api = await gitApi();
  const repo = api && (await pickRepository(api, scm));
  if (!repo) return;
  const staged = await repo.diff(true);
  if (staged.trim() === '') {
    void vscode.window.showInformationMessage('Model Router: nothing is staged. Stage the changes to describe, then run Write Commit Message again.');
    return;
  }
  const { diff, leftOut } = withoutSecretFiles(staged, deps.services.settings.config['completions.exclude']);
  if (leftOut.length > 0) void vscode.window.showInformationMessage(`Model Router: the staged changes were sent without secret files: ${leftOut.join('; ')}.`);
  const files = filesInDiff(diff);
  const answer = await deps.runner.run({
    title: `Writing a commit message for ${files.length} staged file${files.length === 1 ? '' : 's'}`,
    kind: 'commitMessage',
    context: [{ label: 'staged diff', text: diff }],
    // The file count is left out on purpose: a long diff is still a summary, not a reason for a bigger model.
    signals: { contextTokens: estimateTokens(diff) },
    override,
  });
  if (!answer) return;
  repo.inputBox.value = cleanCommitMessage(answer.text);
  await vscode.commands.executeCommand('workbench.view.scm');
  void deps.runner.announce(answer, 'Commit message written to the Source Control input box', (redo) => writeCommitMessage(deps, redo, scm));
};
