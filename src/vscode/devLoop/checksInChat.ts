/**
 * The chat's $0 checks: "run the tests", "is the build green?", "lint it", "run the smoke test"
 * and pre-flight are answered by the workspace's tasks and by reading files, never by a model.
 * The router decides (the task kinds runChecks, smokeTest and preflight route to the automated
 * tier when a tool can do the work, unless the policy moved them to a model); the report lands in
 * the thread and the ledger records it at $0.
 */
import * as vscode from 'vscode';
import type { AutomatedWork } from '../../core/chat/automatedAnswer';
import { CHECK_LABELS, checkFor, checkReport } from '../../core/devLoop/checks';
import type { WorkspacePlace } from '../../core/agent/workspacePath';
import type { PreflightPorts } from '../../core/devLoop/preflight';
import { preflight, preflightReport } from '../../core/devLoop/preflight';
import type { RouteRequest } from '../../core/routing/router';
import type { ModelRouterServices } from '../platform/services';
import type { CheckRunner } from '../platform/tasks';
import { nearFolder } from '../agent/editorContext';

/** The ledger's model for work a workspace task did. */
export const TASK_MODEL = 'vscode-task';

/** The chat's `automated` port: a check the router sends to the automated tier, or undefined. */
export function automatedChecks(services: ModelRouterServices, runner: CheckRunner): (request: RouteRequest) => AutomatedWork | undefined {
  return (request) => {
    if (request.prompt === undefined || request.prompt.trim() === '') return undefined;
    const decision = services.engine.preview({ ...request, canAutomate: true });
    if (decision.tier !== 'automated' || decision.blocked !== undefined) return undefined;
    const check = checkFor(decision.taskKind, request.prompt);
    if (check === undefined) return undefined;
    const prompt = request.prompt;
    return {
      starting: check === 'preflight' ? 'Running the pre-flight checks…' : `Running ${CHECK_LABELS[check]}…`,
      run: async (signal) => {
        const started = Date.now();
        const report = check === 'preflight' ? preflightReport(await preflight(prompt, workspaceFiles()), Date.now() - started) : checkReport(await runner.run(check, services.settings.policy.checks, signal));
        const done = { ...decision, model: TASK_MODEL };
        // A ledger that cannot be written (a full disk) costs the record, not the report the user waited for.
        const record = await services.engine.recordAutomated(done, Date.now() - started, 'chat').catch((error: unknown) => {
          services.log.error(`ledger: could not write a $0 check: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        return { text: report, ...(record ? { recordId: record.id } : {}), by: 'Workspace task', rule: decision.rule, reasons: decision.reasons };
      },
    };
  };
}

/**
 * The workspace's files, read-only, for pre-flight: every folder by name, and the folder of the file
 * the user is in, where a path that names no folder (and package.json) is looked up.
 */
function workspaceFiles(): PreflightPorts {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const uri = (place: WorkspacePlace) => vscode.Uri.joinPath(folders[place.folder].uri, ...place.path.split('/'));
  return {
    folders: folders.map((folder) => folder.name),
    near: nearFolder(vscode.window.activeTextEditor?.document.uri),
    exists: async (place) => {
      try {
        await vscode.workspace.fs.stat(uri(place));
        return true;
      } catch {
        return false;
      }
    },
    readText: async (place) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(place)));
      } catch {
        return undefined;
      }
    },
  };
}
