/**
 * "Model Router: Spend Report": one webview panel with the spend per day, tier, model and task
 * kind, refreshed live from the ledger, with export to CSV and JSONL; the weekly routing review
 * (src/core/learning/) and its suggestions, with Apply, Not now and Never.
 */
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commands';
import type { Ledger } from '../core/spend/ledger';
import { ledgerToCsv, ledgerToJsonl } from '../core/spend/ledgerExport';
import type { LedgerStore } from '../core/spend/ledgerStore';
import { RejectionLog } from '../core/validation/rejectionLog';
import { buildSpendReport } from '../core/spend/spendReport';
import type { FromReport, ToReport } from '../shared/reportProtocol';
import { reviewMessage } from '../shared/reviewMessage';
import { fromReportSchema } from '../shared/reportProtocol';
import type { LearningService } from './learning/learningService';
import { teamFileRefusal } from './learning/taskKindsWriter';
import type { Log } from './platform/log';
import { webviewHtml, webviewOptions } from './platform/webviewHtml';

export interface SpendReportDeps {
  readonly ledger: Ledger;
  readonly learning: LearningService;
  readonly store: LedgerStore;
  readonly log: Log;
  readonly demo: boolean;
  /** The `team.developer` label a JSONL export carries ('' for none). */
  readonly developer?: () => string;
}

export interface SpendReportApi {
  current(): vscode.WebviewPanel | undefined;
  /** How many messages from the page failed validation since activation. */
  readonly rejectedCount: number;
}

export function registerSpendReport(context: vscode.ExtensionContext, deps: SpendReportDeps): SpendReportApi {
  let panel: vscode.WebviewPanel | undefined;
  const rejections = new RejectionLog('spend report', (line) => deps.log.warn(line));
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.spendReport.id, () => {
      if (panel) return panel.reveal();
      panel = vscode.window.createWebviewPanel('modelRouter.spendReport', 'Model Router: Spend', vscode.ViewColumn.Active, {
        ...webviewOptions(context.extensionUri),
        retainContextWhenHidden: false,
      });
      panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
      panel.webview.html = webviewHtml(panel.webview, context.extensionUri, { title: 'Model Router: Spend', script: 'report.js', style: 'report.css' });
      const view = panel;
      let ready = false;
      const post = (message: ToReport) => void view.webview.postMessage(message);
      const send = () => ready && post({ type: 'report', report: buildSpendReport(deps.ledger.snapshot(), new Date()), demo: deps.demo });
      const sendReview = () => {
        const review = deps.learning.current;
        if (ready && review !== undefined) post({ type: 'review', review: reviewMessage(review, teamFileRefusal() === undefined) });
      };
      void deps.learning.update();
      const subscriptions = [
        deps.ledger.onDidChange(() => send()),
        deps.learning.onDidChange(() => sendReview()),
        view.webview.onDidReceiveMessage(async (raw: unknown) => {
          const parsed = fromReportSchema.safeParse(raw);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            rejections.reject(`${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`);
            return;
          }
          const message: FromReport = parsed.data;
          if (message.type === 'ready') {
            ready = true;
            send();
            sendReview();
          } else if (message.type === 'suggestion') {
            post({ type: 'suggestionDone', message: await deps.learning.act(message.id, message.action, message.target) });
          } else {
            post({ type: 'exported', message: await exportLedger(deps, message.format) });
          }
        }),
      ];
      view.onDidDispose(() => {
        subscriptions.forEach((s) => s.dispose());
        panel = undefined;
      });
    }),
  );
  return {
    current: () => panel,
    get rejectedCount() {
      return rejections.total;
    },
  };
}

async function exportLedger(deps: SpendReportDeps, format: 'csv' | 'jsonl'): Promise<string> {
  const target = await vscode.window.showSaveDialog({
    title: `Export spend as ${format.toUpperCase()}`,
    defaultUri: exportTarget(`model-router-spend-${new Date().toISOString().slice(0, 10)}.${format}`),
    filters: format === 'csv' ? { 'CSV files': ['csv'] } : { 'JSON Lines': ['jsonl'] },
  });
  if (!target) return 'Export cancelled.';
  try {
    const { entries, warnings } = await deps.store.load();
    await writeFile(target.fsPath, format === 'csv' ? ledgerToCsv(entries) : ledgerToJsonl(entries, deps.developer?.() ?? ''), 'utf8');
    const count = entries.filter((entry) => entry.type === 'request').length;
    const skipped = warnings.length > 0 ? ` (${warnings.length} damaged lines skipped; see the log)` : '';
    warnings.forEach((warning) => deps.log.warn(`ledger: ${warning}`));
    return `Exported ${count} requests to ${target.fsPath}${skipped}.`;
  } catch (error) {
    deps.log.error(`spend export failed: ${(error as Error).message}`);
    return `Export failed: ${(error as Error).message}`;
  }
}

/**
 * Where the save dialog starts: in the first workspace folder, else the home folder. A bare file
 * name would start it at the file system's root.
 */
function exportTarget(fileName: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  return vscode.Uri.joinPath(folder, fileName);
}
