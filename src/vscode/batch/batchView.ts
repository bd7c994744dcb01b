/**
 * The Batches view (Model Router's sidebar, under the chat) and its status-bar item: each batch
 * with its progress, its estimate until its results are recorded, then its cost at the batch rate and what that saved, and under it every request:
 * waiting, succeeded (with its cost), errored (with the API's error), canceled or expired, and the
 * files that were not sent and why. Review Batch Results, Cancel and Remove are the row's buttons.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { BatchEntry, BatchJob } from '../../core/batch/batchJob';
import { costText, heldText, isEnded, progressText, statusBarText } from '../../core/batch/batchJob';
import { formatUsd } from '../../core/money';
import type { BatchTracker } from './batchTracker';

export const BATCHES_VIEW_ID = 'modelRouter.batches';

type Node = { readonly kind: 'job'; readonly job: BatchJob } | { readonly kind: 'line'; readonly item: vscode.TreeItem };

function entryItem(entry: BatchEntry, ended: boolean): vscode.TreeItem {
  const label = entry.target === entry.source ? entry.source : `${entry.source} → ${entry.target}`;
  const item = new vscode.TreeItem(label);
  const result = entry.result;
  const routed = `${entry.decision.tier} · ${entry.decision.model}`;
  if (!result) {
    item.description = `${ended ? 'reading its result' : 'waiting'} · ${routed}`;
    item.iconPath = new vscode.ThemeIcon('clock');
  } else if (result.type === 'succeeded') {
    item.description = `succeeded · ${routed} · ${result.costMicros === null ? 'unpriced' : formatUsd(result.costMicros)}`;
    item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  } else {
    const words = result.type === 'errored' ? `errored: ${result.message ?? 'no message'}` : result.type === 'expired' ? 'expired: the batch ended (24 hours) before it ran' : 'canceled before it ran';
    item.description = words;
    item.iconPath = new vscode.ThemeIcon(result.type === 'errored' ? 'error' : 'warning', new vscode.ThemeColor(result.type === 'errored' ? 'testing.iconFailed' : 'list.warningForeground'));
  }
  item.tooltip = `${label}\n${item.description as string}\nRouted by ${entry.decision.rule}: ${entry.decision.reasons.join('; ')}`;
  return item;
}

function lineItem(label: string, icon: string, tooltip?: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label);
  item.iconPath = new vscode.ThemeIcon(icon);
  item.tooltip = tooltip ?? label;
  return item;
}

export class BatchView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly status = vscode.window.createStatusBarItem('modelRouter.batches', vscode.StatusBarAlignment.Right, 99);
  private subscription: vscode.Disposable | undefined;

  constructor(private tracker: BatchTracker) {
    this.status.name = 'Model Router: batches';
    this.status.command = `${BATCHES_VIEW_ID}.focus`;
    this.follow(tracker);
  }

  /** Follows another tracker (a window reload builds one from workspace state). */
  follow(tracker: BatchTracker): void {
    this.subscription?.dispose();
    this.tracker = tracker;
    this.subscription = tracker.onDidChange(() => this.refresh());
    this.refresh();
  }

  /** What the status bar says now (the integration tests read it). */
  get statusText(): string | undefined {
    return this.status.text || undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'line') return node.item;
    const { job } = node;
    const item = new vscode.TreeItem(job.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = job.id;
    const cost = costText(job) ?? heldText(job);
    item.description = `${progressText(job)}${cost ? ` · ${cost}` : ''}${job.reviewed ? ` · ${job.reviewed}` : ''}`;
    item.contextValue = !isEnded(job) ? 'batchRunning' : job.collected && job.reviewed !== 'applied' ? 'batchEnded' : 'batchReviewed';
    item.iconPath = new vscode.ThemeIcon(!isEnded(job) ? 'sync~spin' : job.counts.succeeded === job.entries.length ? 'pass' : 'warning');
    item.tooltip = `${job.title}\n${item.description}\nBatch ${job.id}, submitted ${job.createdAt}, expires ${job.expiresAt}`;
    if (item.contextValue === 'batchEnded') item.command = { command: COMMANDS.reviewBatch.id, title: COMMANDS.reviewBatch.title, arguments: [job.id] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.tracker.jobs.map((job) => ({ kind: 'job', job }));
    if (node.kind === 'line') return [];
    const { job } = node;
    // Until its results are recorded, a batch shows what it was estimated at (and is held at against the budgets).
    const cost = costText(job) ?? heldText(job);
    return [
      ...(job.problem ? [lineItem(job.problem, 'error')] : []),
      // The row's description is cut in a narrow sidebar: the cost and what it saved get a line of their own.
      ...(cost ? [lineItem(cost, 'credit-card')] : []),
      ...job.entries.map((entry) => entryItem(entry, isEnded(job))),
      ...job.skipped.map((line) => lineItem(`not sent: ${line}`, 'circle-slash')),
    ].map((item) => ({ kind: 'line', item }));
  }

  private refresh(): void {
    this.changed.fire(undefined);
    const words = statusBarText(this.tracker.jobs);
    if (!words) {
      this.status.text = '';
      this.status.hide();
      return;
    }
    this.status.text = words.text;
    this.status.tooltip = words.tooltip;
    this.status.show();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
    this.status.dispose();
  }
}
