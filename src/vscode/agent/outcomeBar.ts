/**
 * How the last agent command ended, in the status bar, where a person looks after a diff closes:
 * "Fixed · Sonnet 5.5 · balanced — $0.0012 · Redo one tier up", or why nothing changed ("no code
 * block to apply, even on Opus 5.5 — $0.0027 spent"), with one clear action on click. Commands'
 * notifications are only in the notification center in this VS Code build, so no command's result
 * or reason may live only there.
 */
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../../core/commands';

/** One outcome: its kind picks the icon and colour; `action` runs when the item is clicked. */
export interface AgentOutcome {
  readonly kind: 'done' | 'nothing' | 'error';
  /** Short, for the bar: "Fixed — Sonnet 5.5 · balanced — $0.0012". */
  readonly text: string;
  /** The longer story, for the tooltip. */
  readonly detail?: string;
  readonly action?: { readonly title: string; readonly run: () => unknown };
}

const ICONS: Readonly<Record<AgentOutcome['kind'], string>> = { done: '$(check)', nothing: '$(info)', error: '$(error)' };
/** Long enough to read after looking back from the editor; the next command replaces it anyway. */
const SHOWN_MS = 60_000;

export class OutcomeBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelRouter.agentOutcome', vscode.StatusBarAlignment.Left, 1000);
  private readonly command: vscode.Disposable;
  private action: AgentOutcome['action'];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last outcome shown, for tests and the log. */
  last: AgentOutcome | undefined;

  constructor() {
    this.item.name = 'Model Router: last command';
    this.command = vscode.commands.registerCommand(INTERNAL_COMMANDS.agentOutcomeAction, () => {
      const action = this.action;
      this.hide();
      return action?.run();
    });
  }

  show(outcome: AgentOutcome): void {
    this.last = outcome;
    this.action = outcome.action;
    const action = outcome.action ? ` · $(arrow-right) ${outcome.action.title}` : '';
    this.item.text = `${ICONS[outcome.kind]} ${outcome.text}${action}`;
    this.item.tooltip = [outcome.detail ?? outcome.text, outcome.action ? `Click: ${outcome.action.title}` : 'Click to dismiss'].join('\n\n');
    this.item.backgroundColor = outcome.kind === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : outcome.kind === 'nothing' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = INTERNAL_COMMANDS.agentOutcomeAction;
    this.item.show();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), SHOWN_MS);
  }

  hide(): void {
    this.action = undefined;
    this.item.hide();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.hide();
    this.command.dispose();
    this.item.dispose();
  }
}
