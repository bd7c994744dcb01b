/**
 * Bulk work at half price: Add Docstrings to a Folder, Write Tests for a Folder and Review the
 * Plan as a Batch send one Message Batch each (every request routed by the router, as any command's,
 * so its tier, rule and reasons are recorded), the Batches view and the status bar follow it, and
 * Review Batch Results opens every proposed file in one preview with one Apply / Discard bar. The
 * folder's secret files are never read; every path read or written is inside the workspace.
 * Before a batch is created its cost is estimated (batchEstimate.ts) and shown in a confirmation;
 * a budget set to stop refuses one whose estimate is more than what is left, and the estimates of
 * the batches in flight are held against the budgets until their real cost is recorded.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { BatchEntry, BatchJob, BatchKind } from '../../core/batch/batchJob';
import { BATCH_KIND_INFO, costText, isEnded } from '../../core/batch/batchJob';
import type { BatchEstimate } from '../../core/batch/batchEstimate';
import { batchBudgetRefusal, budgetLeftText, estimateBasis, estimateBatch, estimateText } from '../../core/batch/batchEstimate';
import type { BatchRequest } from '../../core/batch/batchPort';
import type { BatchClient } from '../../core/batch/batchPort';
import { chooseFolderFiles, fileTextProblem } from '../../core/batch/batchFiles';
import { batchRequest, collectWork, docstringsInstruction, reviewPath, stepReviewInstruction, testsInstruction } from '../../core/batch/batchWork';
import { parsePlan, planProblem } from '../../core/agent/plan';
import { testFilePath } from '../../core/agent/testFilePath';
import { normalWorkspacePath, workspacePathProblem } from '../../core/agent/workspacePath';
import { describeError } from '../../core/model/errorMessages';
import type { ContextItem } from '../../core/prompts/contextText';
import { secretFileRefusal } from '../../core/privacy/secretFiles';
import type { RouteDecision } from '../../core/routing/router';
import type { TaskKind } from '../../core/routing/taskKinds';
import type { BudgetSpend } from '../../core/routing/budget';
import { budgetFromConfig } from '../../core/settings/config';
import { endpointLabel, isLocalTier, platformOf } from '../../core/settings/endpoints';
import type { SpendHolds } from '../../core/spend/spendHolds';
import type { AgentDeps } from '../agent/agentDeps';
import { workspaceFileItem } from '../agent/editorContext';
import type { ProposedEdit } from '../agent/editPreview';
import { previewAndApply } from '../agent/editPreview';
import { refuseUntrusted } from '../agent/registerAgentCommands';
import { secretPatternFor } from '../platform/secretFiles';
import { BatchTracker } from './batchTracker';
import { BATCHES_VIEW_ID, BatchView } from './batchView';

/** What the integration tests reach: the tracker, the view, and a reload that builds the tracker again from workspace state. */
export interface BatchWorkApi {
  readonly tracker: BatchTracker;
  readonly view: BatchView;
  /** Disposes the tracker and builds a new one from workspace state, as a window reload does. */
  reload(): BatchTracker;
}

interface Planned {
  readonly entries: BatchEntry[];
  readonly requests: BatchRequest[];
  readonly skipped: string[];
}

/** One request to plan: what it reads, writes, asks and with which context. */
interface Ask {
  readonly source: string;
  readonly target: string;
  readonly instruction: string;
  readonly context: readonly ContextItem[];
  readonly files?: readonly string[];
  readonly languageId?: string;
}

/** `holds` is told what the batches in flight are estimated to cost, so the engine and the status bar count it against the budgets. */
export function registerBatchWork(context: vscode.ExtensionContext, deps: AgentDeps, client: () => Promise<BatchClient | undefined>, holds?: SpendHolds): BatchWorkApi {
  const { services } = deps;
  const make = () => new BatchTracker({ state: context.workspaceState, client, engine: services.engine, log: services.log, ...(holds ? { holds } : {}) });
  let tracker = make();
  const view = new BatchView(tracker);
  context.subscriptions.push({ dispose: () => tracker.dispose() }, view, vscode.window.registerTreeDataProvider(BATCHES_VIEW_ID, view));

  /** Routes each ask as the command's task kind and builds its request; refused as a whole when the budget stops it. */
  const plan = (kind: BatchKind, asks: readonly Ask[], skipped: string[]): Planned | string => {
    const taskKind: TaskKind = BATCH_KIND_INFO[kind].taskKind;
    const entries: BatchEntry[] = [];
    const requests: BatchRequest[] = [];
    for (const ask of asks) {
      const decision: RouteDecision = services.engine.preview({ surface: 'command', taskKind, prompt: ask.instruction, signals: { files: ask.files ?? [], ...(ask.languageId ? { languageId: ask.languageId } : {}) } });
      if (decision.blocked !== undefined) return decision.blocked;
      if (decision.tier === 'automated') {
        skipped.push(`${ask.source}: routed to the automated tier, which has no batch`);
        continue;
      }
      if (isLocalTier(decision.tier, services.settings.endpoints)) {
        skipped.push(`${ask.source}: its ${decision.tier} tier is your local server, and batches go to the Anthropic API`);
        continue;
      }
      // A tier the user sent to Amazon Bedrock or Vertex AI never goes to the Anthropic API instead.
      if (platformOf(decision.tier, services.settings.endpoints) !== undefined) {
        skipped.push(`${ask.source}: its ${decision.tier} tier is ${endpointLabel(decision.tier, services.settings.endpoints)}, and batches go only to the Anthropic API`);
        continue;
      }
      const customId = `r${entries.length}`;
      entries.push({ customId, source: ask.source, target: ask.target, decision: { tier: decision.tier, model: decision.model, taskKind: decision.taskKind, rule: decision.rule, reasons: [...decision.reasons] } });
      requests.push(batchRequest(kind, customId, decision.model, ask.context, ask.instruction));
    }
    return { entries, requests, skipped };
  };

  const submit = async (kind: BatchKind, title: string, folder: vscode.WorkspaceFolder, planned: Planned | string): Promise<void> => {
    if (typeof planned === 'string') return refuse(`the batch was not sent: ${planned}`);
    if (planned.requests.length === 0) return refuse(`${title}: nothing to send${planned.skipped.length > 0 ? ` (${planned.skipped.length} files left out: ${planned.skipped.slice(0, 3).join('; ')})` : ''}`);
    // The estimate, and the budget's verdict on it, before anything is sent or asked.
    const estimate = estimateBatch(planned.requests, services.settings.priceOverrides);
    const budget = budgetFromConfig(services.settings.config);
    const refusal = batchBudgetRefusal(kind, title, estimate, spendNow(), budget);
    if (refusal) return refuseOverBudget(refusal);
    const batches = await client();
    if (!batches) {
      deps.runner.report({ kind: 'nothing', text: `${title}: not sent, no API key`, action: { title: 'Set API Key', run: () => vscode.commands.executeCommand(COMMANDS.setApiKey.id) } });
      return;
    }
    if (!(await confirmBatch(title, planned, estimate, budgetLeftText(spendNow(), budget)))) {
      // Short enough for the status bar (an item is cut at 40% of the window); the rest is in its tooltip.
      deps.runner.report({ kind: 'nothing', text: `${title}: not sent`, detail: `${title} was not sent: nothing went to the API, nothing is held against your budgets and no file was changed. Run the command again to send it.` });
      return;
    }
    // Asked again: another batch may have been sent while this one waited for its confirmation.
    const late = batchBudgetRefusal(kind, title, estimate, spendNow(), budget);
    if (late) return refuseOverBudget(late);
    const release = tracker.reserve(estimate.micros);
    try {
      await create(kind, title, folder, planned, estimate, batches);
    } finally {
      release();
    }
  };

  /** The ledger's spend now, with what the batches in flight are held at. */
  const spendNow = (): BudgetSpend => {
    const { session, today } = services.ledger.snapshot();
    return { session, today, heldMicros: tracker.held };
  };

  const create = async (kind: BatchKind, title: string, folder: vscode.WorkspaceFolder, planned: Planned, estimate: BatchEstimate, batches: BatchClient): Promise<void> => {
    const created = await batches.create(planned.requests);
    if (!created.ok) return refuse(`${title} was not sent: ${describeError(created.error, 'the Message Batches API').message}`);
    const estimates = new Map(estimate.requests.map((each) => [each.customId, each.micros]));
    const job: BatchJob = {
      v: 1,
      id: created.value.id,
      kind,
      title,
      folder: folder.uri.toString(),
      createdAt: created.value.createdAt,
      expiresAt: created.value.expiresAt,
      processing: created.value.processing,
      counts: created.value.counts,
      entries: planned.entries.map((entry) => ({ ...entry, estimateMicros: estimates.get(entry.customId) ?? null })),
      skipped: planned.skipped,
    };
    await tracker.add(job);
    services.log.info(`batches: ${job.id} submitted: ${title}, ${job.entries.length} requests (${planned.skipped.length} left out), ${estimateText(estimate)}`);
    deps.runner.report({ kind: 'done', text: `${title}: sent as one batch at half price, ${estimateText(estimate).replace(/ at the batch rate \(½ price\)/, '')}; results in the Batches view when it ends (usually within the hour, at most 24 hours)` });
    await vscode.commands.executeCommand(`${BATCHES_VIEW_ID}.focus`);
  };

  const refuse = (message: string): void => {
    deps.runner.report({ kind: 'error', text: `Model Router: ${message}` });
    void vscode.window.showWarningMessage(`Model Router: ${message}`);
  };

  /** A batch the budget's stop refuses: the message, and the budget settings one click away. */
  const refuseOverBudget = (message: string): void => {
    const open = () => vscode.commands.executeCommand('workbench.action.openSettings', 'modelRouter.budget');
    deps.runner.report({ kind: 'error', text: `Model Router: ${message}`, action: { title: 'Open Budget Settings', run: open } });
    void Promise.resolve(vscode.window.showWarningMessage(`Model Router: ${message}`, 'Open Budget Settings')).then((choice) => (choice ? open() : undefined));
  };

  const folderCommand = (kind: 'docstrings' | 'tests') => async (arg?: unknown) => {
    const picked = arg instanceof vscode.Uri ? arg : await pickFolder(kind);
    if (!picked) return;
    const folder = vscode.workspace.getWorkspaceFolder(picked);
    if (!folder) return refuse(`${picked.fsPath} is not inside the workspace; batches read and write only the workspace's files. Open its folder, or pick one inside the workspace.`);
    const patterns = services.settings.config['completions.exclude'];
    const inFolder = await vscode.workspace.findFiles(new vscode.RelativePattern(picked, '**/*'), '**/{node_modules,.git}/**', 5000);
    const choice = chooseFolderFiles(kind, inFolder.map((uri) => relativeTo(folder, uri)), patterns);
    const skipped = [...choice.skipped];
    const asks: Ask[] = [];
    for (const path of choice.send) {
      const uri = vscode.Uri.joinPath(folder.uri, path);
      // The full rule as every surface applies it (absolute paths and either separator included).
      const secret = secretPatternFor(uri, patterns);
      if (secret) {
        skipped.push(`${path}: matches ${secret} in modelRouter.completions.exclude (secret files are never sent)`);
        continue;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const text = document.getText();
      const problem = fileTextProblem(path, text);
      if (problem) {
        skipped.push(problem);
        continue;
      }
      const source: ContextItem = { label: `file ${path}`, path, languageId: document.languageId, text };
      if (kind === 'docstrings') {
        asks.push({ source: path, target: path, instruction: docstringsInstruction(path), context: [source], files: [path], languageId: document.languageId });
        continue;
      }
      const testPath = testFilePath(path);
      const existing = await workspaceFileItem(testPath, patterns, uri);
      asks.push({ source: path, target: testPath, instruction: testsInstruction(testPath), context: [source, ...(existing ? [{ ...existing, label: `existing tests ${testPath}` }] : [])], files: [path], languageId: document.languageId });
    }
    const where = relativeTo(folder, picked) || folder.name;
    const title = `${BATCH_KIND_INFO[kind].label} for ${where} (${asks.length} ${asks.length === 1 ? 'file' : 'files'})`;
    await submit(kind, title, folder, plan(kind, asks, skipped));
  };

  const planReview = async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'markdown') return refuse('open the plan (a Markdown document with “## Step N” sections) first, then run Review the Plan as a Batch.');
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder || document.uri.scheme !== 'file') return refuse('save the plan inside the workspace first: its review is written beside it.');
    const patterns = services.settings.config['completions.exclude'];
    const planPath = relativeTo(folder, document.uri);
    const planSecret = secretPatternFor(document.uri, patterns);
    if (planSecret !== undefined) return refuse(secretFileRefusal(planPath, planSecret, 'review it').replace(/^Model Router: /, ''));
    const text = document.getText();
    const problem = planProblem(text);
    if (problem) return refuse(problem);
    const skipped: string[] = [];
    const asks: Ask[] = [];
    for (const step of parsePlan(text)) {
      const items: ContextItem[] = [{ label: 'the plan', text }];
      for (const file of step.files) {
        const item = await workspaceFileItem(file, patterns, document.uri);
        if (item) items.push(item);
        else skipped.push(`${file} (step ${step.number}): not read (secret, excluded or not there yet)`);
      }
      asks.push({ source: `Step ${step.number}: ${step.title}`, target: reviewPath(planPath), instruction: stepReviewInstruction(step), context: items, files: step.files });
    }
    await submit('planReview', `Review of ${planPath} (${asks.length} steps)`, folder, plan('planReview', asks, skipped));
  };

  const pickJob = async (id: unknown, wanted: (job: BatchJob) => boolean, verb: string): Promise<BatchJob | undefined> => {
    const given = typeof id === 'string' ? tracker.job(id) : undefined;
    if (given) return given;
    const candidates = tracker.jobs.filter(wanted);
    if (candidates.length === 0) {
      refuse(`no batch to ${verb}.`);
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const chosen = await vscode.window.showQuickPick(candidates.map((job) => ({ label: job.title, description: job.id, job })), { title: `Model Router: ${verb} which batch?` });
    return chosen?.job;
  };

  const review = async (id?: unknown) => {
    const job = await pickJob(id, (each) => isEnded(each) && each.collected === true, 'review');
    if (!job) return;
    if (!isEnded(job) || !job.collected) return refuse(`${job.title} has not ended yet; its results come to the Batches view when it does.`);
    const fetched = await tracker.results(job.id);
    if (!fetched.ok) return refuse(`the results of ${job.title} could not be read: ${fetched.message}`);
    const work = collectWork(job, fetched.results);
    const root = vscode.Uri.parse(job.folder);
    const edits: ProposedEdit[] = [];
    const problems = [...work.problems.map((each) => `${each.source}: ${each.why}`)];
    for (const file of work.files) {
      const uri = insideFolder(root, file.path);
      if (uri) edits.push({ uri, newText: file.text });
      else problems.push(`${file.path}: outside the workspace folder, not written`);
    }
    const notDone = problems.length > 0 ? ` · ${problems.length} not done (${problems.slice(0, 2).join('; ')}${problems.length > 2 ? '; …' : ''}; all in the Batches view)` : '';
    const header = `${job.title} · ${edits.length} ${edits.length === 1 ? 'file' : 'files'}${notDone} · ${costText(job) ?? ''}`;
    if (edits.length === 0) return refuse(`${job.title}: nothing to apply${notDone}`);
    const outcome = await previewAndApply(deps.previews, edits, `Apply the batch's ${edits.length} ${edits.length === 1 ? 'file' : 'files'}?`, header);
    if (outcome.kind === 'failed') return refuse(`nothing was applied: ${outcome.reason}. Review the batch again once the file is as you want it.`);
    if (outcome.kind === 'applied') {
      // The files are written, not left dirty in tabs the user never opened (one Undo in each still takes its change back).
      for (const edit of edits) await (await vscode.workspace.openTextDocument(edit.uri)).save();
      await tracker.markReviewed(job.id, 'applied');
      deps.runner.report({ kind: 'done', text: `${job.title}: ${edits.length} ${edits.length === 1 ? 'file' : 'files'} applied — ${costText(job) ?? ''}` });
    } else {
      await tracker.markReviewed(job.id, 'discarded');
      deps.runner.report({ kind: 'nothing', text: `${job.title}: discarded — nothing was changed; Review Batch Results opens it again` });
    }
  };

  const cancel = async (id?: unknown) => {
    const job = await pickJob(id, (each) => !isEnded(each), 'cancel');
    if (!job) return;
    const problem = await tracker.cancel(job.id);
    if (problem) return refuse(`${job.title} could not be canceled: ${problem}`);
    void tracker.poll();
  };

  const remove = async (id?: unknown) => {
    const job = await pickJob(id, (each) => isEnded(each), 'remove');
    if (job) await tracker.remove(job.id);
  };

  const guarded = (name: 'batchDocstrings' | 'batchTests' | 'batchPlanReview' | 'reviewBatch', run: (arg?: unknown) => Promise<void>) =>
    vscode.commands.registerCommand(COMMANDS[name].id, async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) return refuseUntrusted(COMMANDS[name], services);
      try {
        await run(arg);
      } catch (error) {
        services.log.error(error instanceof Error ? error : String(error));
        refuse(`${COMMANDS[name].title} failed: ${services.log.scrub(error instanceof Error ? error.message : String(error))}`);
      }
    });
  context.subscriptions.push(
    guarded('batchDocstrings', folderCommand('docstrings')),
    guarded('batchTests', folderCommand('tests')),
    guarded('batchPlanReview', planReview),
    guarded('reviewBatch', review),
    vscode.commands.registerCommand(COMMANDS.cancelBatch.id, cancel),
    vscode.commands.registerCommand(COMMANDS.removeBatch.id, remove),
    vscode.commands.registerCommand(COMMANDS.refreshBatches.id, () => tracker.poll()),
  );

  return {
    get tracker() {
      return tracker;
    },
    view,
    reload() {
      tracker.dispose();
      tracker = make();
      view.follow(tracker);
      return tracker;
    },
  };
}

interface SendChoice extends vscode.QuickPickItem {
  readonly send: boolean;
}

/**
 * The batch's confirmation: what it will cost at most and what is left of the budgets, before
 * anything is sent. A quick pick, not a notification (this VS Code build keeps notifications in
 * the notification center) nor a modal (which the window refuses under test).
 */
async function confirmBatch(title: string, planned: Planned, estimate: BatchEstimate, budgetLine: string | undefined): Promise<boolean> {
  const tiers = [...new Set(planned.entries.map((entry) => `${entry.decision.tier} (${entry.decision.model})`))].join(', ');
  const count = `${planned.requests.length} ${planned.requests.length === 1 ? 'request' : 'requests'}`;
  const left = planned.skipped.length > 0 ? ` · ${planned.skipped.length} left out` : '';
  const send: SendChoice = { label: '$(layers) Send as one batch', description: `${count} on ${tiers}`, detail: `${estimateBasis(estimate)}${left}`, send: true };
  const keep: SendChoice = { label: '$(close) Don’t send', description: 'nothing is sent and no file is changed', send: false };
  const picked = await vscode.window.showQuickPick([send, keep], {
    title: `Model Router: ${title} — ${estimateText(estimate)}`,
    placeHolder: budgetLine ?? 'No budget set · results in the Batches view when it ends (at most 24 hours)',
    ignoreFocusOut: true,
  });
  return picked?.send === true;
}

async function pickFolder(kind: BatchKind): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: folders[0]?.uri, openLabel: kind === 'docstrings' ? 'Add Docstrings' : 'Write Tests', title: `Model Router: ${COMMANDS[kind === 'docstrings' ? 'batchDocstrings' : 'batchTests'].title}` });
  return chosen?.[0];
}

/** `uri`'s path inside `folder`, with `/`; empty for the folder itself. */
function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const root = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path === folder.uri.path ? '' : uri.path.startsWith(root) ? uri.path.slice(root.length) : uri.path;
}

/** The file `path` names inside the workspace folder `root`, or undefined for a path that would leave it. */
function insideFolder(root: vscode.Uri, path: string): vscode.Uri | undefined {
  if (workspacePathProblem(path) !== undefined) return undefined;
  const uri = vscode.Uri.joinPath(root, normalWorkspacePath(path));
  const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return uri.path.startsWith(base) && vscode.workspace.getWorkspaceFolder(uri) !== undefined ? uri : undefined;
}
