/**
 * Deep Audit of the Change (frontier, task kind `deepAudit`): the uncommitted changes — or, with
 * none, the branch's changes since it left main/master — with the files they touch and the files
 * that import them, cut to a bounded context (core/agent/audit.ts). Secret files
 * (modelRouter.completions.exclude) are never read: their diff sections are taken out as Review
 * Uncommitted Changes does, and they are neither changed files nor callers in the prompt.
 * Findings go to the Problems view and a Markdown report, as Security Review's do.
 */
import * as vscode from 'vscode';
import type { AuditFile } from '../../core/agent/audit';
import { auditContext, callersOf } from '../../core/agent/audit';
import { filesInDiff, withoutSecretFiles } from '../../core/agent/diffText';
import { parseFindings } from '../../core/agent/findings';
import { workspacePathProblem } from '../../core/agent/workspacePath';
import { looksBinary } from '../../core/prompts/contextText';
import { estimateTokens } from '../../core/model/tokens';
import { secretPatternFor } from '../platform/secretFiles';
import type { AgentCommand } from './agentDeps';
import type { GitRepository } from './gitRepository';
import { gitApi, pickRepository, repoFile } from './gitRepository';
import { report, showFindings } from './reviewCommands';

/** Files searched for callers: the languages whose imports audit.ts reads. */
const SOURCE_GLOB = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,py}';
const SKIPPED_FOLDERS = '**/{node_modules,.git,dist,out,build,coverage,.venv,venv,__pycache__}/**';
/** At most this many files are read looking for callers, and none larger than this. */
const MAX_SCANNED_FILES = 2_000;
const MAX_FILE_BYTES = 512 * 1024;
const BASE_BRANCHES = ['main', 'master', 'origin/main', 'origin/master'];

interface AuditDiff {
  readonly diff: string;
  /** Words for the title and report: "uncommitted changes" or "changes since main". */
  readonly what: string;
}

/** The uncommitted changes, else the branch's since its merge base with the first base branch that exists. */
async function changeToAudit(repo: GitRepository): Promise<AuditDiff | undefined> {
  const whole = [await repo.diff(true), await repo.diff(false)].filter((part) => part.trim() !== '').join('\n');
  if (whole !== '') return { diff: whole, what: 'uncommitted changes' };
  const head = repo.state?.HEAD?.name;
  if (!repo.getMergeBase || !repo.diffWith || head === undefined) return undefined;
  for (const base of BASE_BRANCHES.filter((name) => name !== head && name !== `origin/${head}`)) {
    const commit = await repo.getMergeBase(head, base).catch(() => undefined);
    if (!commit) continue;
    // The Git API gives a whole-tree diff against a ref only as a list of files; each file's diff is asked for apart.
    const files = await repo.diffWith(commit);
    const parts = await Promise.all(files.map((change) => repo.diffWith!(commit, change.uri.fsPath)));
    const diff = parts.filter((part) => part.trim() !== '').map((part) => (part.endsWith('\n') ? part : `${part}\n`)).join('');
    return diff === '' ? undefined : { diff, what: `changes since ${base}` };
  }
  return undefined;
}

/** A file's repository-relative path, or undefined outside the repository. */
function repoPath(repo: GitRepository, uri: vscode.Uri): string | undefined {
  const root = repo.rootUri.path.endsWith('/') ? repo.rootUri.path : `${repo.rootUri.path}/`;
  return uri.path.startsWith(root) ? uri.path.slice(root.length) : undefined;
}

/** A file's text for the audit; undefined for a secret, missing, binary or very large file. */
async function readAuditFile(uri: vscode.Uri, path: string, secretPatterns: readonly string[]): Promise<AuditFile | undefined> {
  if (secretPatternFor(uri, secretPatterns) !== undefined) return undefined;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_FILE_BYTES) return undefined;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return looksBinary(text) ? undefined : { path, text, languageId: vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString())?.languageId };
  } catch {
    return undefined;
  }
}

export const deepAudit: AgentCommand = async (deps, override, scm) => {
  const api = await gitApi();
  const repo = api && (await pickRepository(api, scm));
  if (!repo) return;
  const change = await changeToAudit(repo);
  if (!change) {
    void vscode.window.showInformationMessage('Model Router: there is no change to audit: no uncommitted changes, and the branch has none since main or master (new, untracked files need `git add` first).');
    return;
  }
  const patterns = deps.services.settings.config['completions.exclude'];
  const { diff, leftOut } = withoutSecretFiles(change.diff, patterns);
  if (leftOut.length > 0) void vscode.window.showInformationMessage(`Model Router: the change was sent for the audit without secret files: ${leftOut.join('; ')}.`);
  const paths = filesInDiff(diff);
  const changed = (await Promise.all(paths.map((path) => readAuditFile(repoFile(repo, path), path, patterns)))).filter((file): file is AuditFile => file !== undefined);
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(repo.rootUri, SOURCE_GLOB), SKIPPED_FOLDERS, MAX_SCANNED_FILES);
  const candidates = (await Promise.all(found.map((uri) => {
    const path = repoPath(repo, uri);
    return path === undefined || paths.includes(path) ? undefined : readAuditFile(uri, path, patterns);
  }))).filter((file): file is AuditFile => file !== undefined).sort((a, b) => a.path.localeCompare(b.path));
  const context = auditContext(diff, changed, callersOf(paths, candidates));
  const answer = await deps.runner.run({
    title: `Auditing ${change.what} in ${paths.length} file${paths.length === 1 ? '' : 's'}`,
    kind: 'deepAudit',
    context: context.items,
    contextBudgetChars: context.budgetChars,
    signals: { files: paths, contextTokens: estimateTokens(context.items.map((item) => item.text).join('\n')) },
    override,
  });
  if (!answer) return;
  const parsed = parseFindings(answer.text);
  const involved = [...paths, ...context.callers].map((path) => repoFile(repo, path));
  showFindings(deps, parsed, involved, (path) => (workspacePathProblem(path) === undefined ? repoFile(repo, path) : undefined), 'Model Router deep audit');
  const sent = [
    `Audited: ${change.what}; ${changed.length} changed file${changed.length === 1 ? '' : 's'} (${changed.map((file) => `\`${file.path}\``).join(', ') || 'none readable'})`,
    `Callers in context: ${context.callers.length === 0 ? 'none found' : context.callers.map((path) => `\`${path}\``).join(', ')}`,
    ...leftOut.map((note) => `Left out: ${note}`),
    ...context.notes.map((note) => `Left out: ${note}`),
  ];
  await report(deps, `Deep audit of the ${change.what}`, answer, parsed, deepAudit, scm, sent);
};
