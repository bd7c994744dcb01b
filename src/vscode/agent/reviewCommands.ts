/**
 * Review Uncommitted Changes (balanced, or more for many files) and Security Review of This File
 * (never below frontier: the policy floor holds task kind `security` there). Findings come back
 * as `path:line: severity: message` lines and become diagnostics in the Problems view; the whole
 * answer opens as a Markdown report headed by the model, tier, rule and cost.
 */
import * as vscode from 'vscode';
import { filesInDiff, withoutSecretFiles } from '../../core/agent/diffText';
import type { Finding, ParsedFindings } from '../../core/agent/findings';
import { estimateTokens } from '../../core/model/tokens';
import { findingsReport, parseFindings } from '../../core/agent/findings';
import type { AgentCommand, AgentDeps } from './agentDeps';
import { fileName, showMarkdown } from './agentDeps';
import type { AgentAnswer } from './agentRunner';
import { activeEditorContext, fileItem, workspaceUri } from './editorContext';
import { gitApi, pickRepository, repoFile } from './gitRepository';
import { workspacePathProblem } from '../../core/agent/workspacePath';

const SEVERITY: Readonly<Record<Finding['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Replaces the findings of the files involved with the new ones (a file with none is cleared). */
export function showFindings(deps: AgentDeps, parsed: ParsedFindings, involved: readonly vscode.Uri[], resolve: (path: string) => vscode.Uri | undefined, source: string): void {
  involved.forEach((uri) => deps.findings.delete(uri));
  const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
  for (const finding of parsed.findings) {
    const uri = resolve(finding.path);
    if (!uri) continue;
    const line = Math.max(0, finding.line - 1);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), finding.message, SEVERITY[finding.severity]);
    diagnostic.source = source;
    const entry = byFile.get(uri.toString()) ?? { uri, items: [] };
    entry.items.push(diagnostic);
    byFile.set(uri.toString(), entry);
  }
  byFile.forEach(({ uri, items }) => deps.findings.set(uri, [...(deps.findings.get(uri) ?? []), ...items]));
}

/** The findings' Markdown report beside the code, and the outcome with Redo one tier up. */
export async function report(deps: AgentDeps, title: string, answer: AgentAnswer, parsed: ParsedFindings, redo: AgentCommand, arg?: unknown, context: readonly string[] = []): Promise<void> {
  await showMarkdown(findingsReport(title, answer.header, parsed, context));
  const count = parsed.findings.length;
  void deps.runner.announce(answer, `${title}: ${count} finding${count === 1 ? '' : 's'} in the Problems view`, (override) => redo(deps, override, arg));
}

export const reviewChanges: AgentCommand = async (deps, override, scm) => {
  const api = await gitApi();
  const repo = api && (await pickRepository(api, scm));
  if (!repo) return;
  const staged = await repo.diff(true);
  const unstaged = await repo.diff(false);
  const whole = [staged, unstaged].filter((part) => part.trim() !== '').join('\n');
  if (whole === '') {
    void vscode.window.showInformationMessage('Model Router: there are no uncommitted changes to review (new, untracked files need `git add` first).');
    return;
  }
  const { diff, leftOut } = withoutSecretFiles(whole, deps.services.settings.config['completions.exclude']);
  if (leftOut.length > 0) void vscode.window.showInformationMessage(`Model Router: the changes were sent for review without secret files: ${leftOut.join('; ')}.`);
  const files = filesInDiff(diff);
  const answer = await deps.runner.run({
    title: `Reviewing changes in ${files.length} file${files.length === 1 ? '' : 's'}`,
    kind: 'review',
    context: [{ label: 'uncommitted changes (git diff)', text: diff }],
    signals: { files, contextTokens: estimateTokens(diff) },
    override,
  });
  if (!answer) return;
  const parsed = parseFindings(answer.text);
  showFindings(deps, parsed, files.map((file) => repoFile(repo, file)), (path) => (workspacePathProblem(path) === undefined ? repoFile(repo, path) : undefined), 'Model Router review');
  await report(deps, 'Review of uncommitted changes', answer, parsed, reviewChanges, scm);
};

export const securityReview: AgentCommand = async (deps, override) => {
  const context = activeEditorContext('review its security', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const answer = await deps.runner.run({
    title: `Security review of ${fileName(context.path)}`,
    kind: 'security',
    context: [fileItem(context)],
    signals: { ...context.signals, selectionLines: undefined },
    override,
  });
  if (!answer) return;
  const parsed = parseFindings(answer.text);
  // Findings name the reviewed file however the model spelled it; anything else is resolved in the workspace.
  const resolve = (path: string) => (fileName(path) === fileName(context.path) ? context.document.uri : workspaceUri(path, context.document.uri));
  showFindings(deps, parsed, [context.document.uri], resolve, 'Model Router security review');
  await report(deps, `Security review of ${context.path}`, answer, parsed, securityReview);
};
