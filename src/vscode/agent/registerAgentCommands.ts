/**
 * Registers the agent commands: routed tasks from the command palette, the editor context menu
 * and the Source Control title. Each command declares its task kind and runs through the shared
 * AgentRunner; this file owns their disposables.
 */
import * as vscode from 'vscode';
import type { CommandName, CommandSpec } from '../../core/commands';
import { COMMANDS } from '../../core/commands';
import type { ModelRouterServices } from '../platform/services';
import type { AgentCommand, AgentDeps } from './agentDeps';
import { AgentRunner } from './agentRunner';
import { OutcomeBar } from './outcomeBar';
import { implementPlan } from './implementPlan';
import { planChange } from './planChange';
import { validatePlan } from './validatePlan';
import { writeCommitMessage } from './commitMessage';
import { reviewChanges, securityReview } from './reviewCommands';
import { deepAudit } from './deepAudit';
import { writeRoutingDoc } from '../devLoop/writeRoutingDoc';
import { MonthlyLedgerStore } from '../../node/monthlyLedgerStore';
import { formatDocument, organizeImports, renameSymbol } from './automatedCommands';
import { PreviewContent } from './editPreview';
import { DiagnosticsGate } from './diagnosticsProbe';
import { TaskRunner } from '../platform/tasks';
import { addDocstring, explainSelection } from './explainDocstring';
import { fixProblem, refactorSelection } from './refactorFix';
import { writeTests } from './writeTests';

const AGENT_COMMANDS: Partial<Record<CommandName, AgentCommand>> = {
  explainSelection,
  addDocstring,
  writeTests,
  refactorSelection: (deps, override) => refactorSelection(deps, override),
  fixProblem,
  formatDocument,
  organizeImports,
  renameSymbol,
  writeCommitMessage,
  reviewChanges,
  securityReview,
  deepAudit,
  writeRoutingDoc,
  planChange,
  validatePlan,
  implementPlan,
};

/** Registers the commands; returns what they share, for the batch commands (src/vscode/batch/) to preview with. */
export function registerAgentCommands(context: vscode.ExtensionContext, services: ModelRouterServices, chat: AgentDeps['chat']): AgentDeps {
  const findings = vscode.languages.createDiagnosticCollection('Model Router');
  context.subscriptions.push(findings);
  const outcome = new OutcomeBar();
  context.subscriptions.push(outcome);
  const gate = new DiagnosticsGate();
  context.subscriptions.push(gate);
  const deps: AgentDeps = { services, runner: new AgentRunner(services, outcome), previews: PreviewContent.register(context), gate, tests: new TaskRunner(services.log), findings, plans: new Map(), chat, ledgerStore: new MonthlyLedgerStore(context.globalStorageUri.fsPath) };
  // An untitled plan's URI is reused by the next untitled document, which must not inherit its cost.
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((document) => deps.plans.delete(document.uri.toString())));
  for (const [name, command] of Object.entries(AGENT_COMMANDS)) {
    const spec: CommandSpec = COMMANDS[name as CommandName];
    context.subscriptions.push(
      vscode.commands.registerCommand(spec.id, async (arg?: unknown) => {
        if (spec.editsFiles && !vscode.workspace.isTrusted) return refuseUntrusted(spec, services);
        try {
          await command(deps, undefined, arg);
        } catch (error) {
          services.log.error(error instanceof Error ? error : String(error));
          void vscode.window.showErrorMessage(`Model Router: ${COMMANDS[name as CommandName].title} failed: ${services.log.scrub(String((error as Error).message ?? error))}`);
        }
      }),
    );
  }
  return deps;
}

/**
 * An editing command in an untrusted workspace: the menus hide it, but a keybinding or another
 * extension can still run it. Nothing is sent; the user is told why and where trust is managed.
 */
export async function refuseUntrusted(spec: CommandSpec, services: Pick<ModelRouterServices, 'log'>): Promise<void> {
  const message = `Model Router: ${spec.title.replace(/…$/, '')} edits files, so it is off until you trust this workspace.`;
  services.log.info(message);
  const choice = await vscode.window.showWarningMessage(message, 'Manage Workspace Trust');
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
}
