/**
 * Apply / Discard / Redo one tier up where the user is looking: buttons in the diff editor's
 * title, a line on the proposed side naming who did it, what it cost and the shortcuts, the same
 * three as labelled status-bar buttons, Ctrl+Enter / Escape, and a CodeLens bar for those who turn
 * on `diffEditor.codeLens` (off by default, so never the only place). This VS Code build shows an
 * extension's notifications only in the notification center, so a preview must never depend on
 * one. Closing the diff is a Discard.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';

/** What the user chose on the bar. `redo` discards this proposal and asks one tier up. */
export type PreviewChoice = 'apply' | 'discard' | 'redo';

/** What the bar says about the proposal. */
export interface PreviewOffer {
  /** "Apply the fix to total.ts?" */
  readonly question: string;
  /** "Sonnet 5.5 · balanced · taskKind:bugfix — $0.0012" */
  readonly header: string;
  /** A tier is above this answer's and the caller can ask it. */
  readonly canRedo: boolean;
}

/** True while a proposal waits for Apply or Discard: the title buttons and shortcuts use it. */
export const PREVIEW_ACTIVE_KEY = 'modelRouter.previewActive';
/** True while the active tab is a preview's diff: Ctrl+Enter and Escape apply there only. */
export const PREVIEW_IN_FRONT_KEY = 'modelRouter.previewInFront';

interface Pending {
  readonly previews: ReadonlySet<string>;
  readonly offer: PreviewOffer;
  readonly resolve: (choice: PreviewChoice) => void;
}

export class PreviewBar implements vscode.CodeLensProvider, vscode.Disposable {
  private pending: Pending | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Labelled buttons: the title bar's are icons only. */
  private readonly items = {
    header: vscode.window.createStatusBarItem('modelRouter.previewHeader', vscode.StatusBarAlignment.Left, 1003),
    apply: vscode.window.createStatusBarItem('modelRouter.previewApply', vscode.StatusBarAlignment.Left, 1002),
    discard: vscode.window.createStatusBarItem('modelRouter.previewDiscard', vscode.StatusBarAlignment.Left, 1001),
    redo: vscode.window.createStatusBarItem('modelRouter.previewRedo', vscode.StatusBarAlignment.Left, 1000),
  };
  /** The who-did-it line after the proposed side's first line. */
  private readonly line = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 3em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: true,
  });
  private readonly disposables: vscode.Disposable[] = [this.changed, this.line, ...Object.values(this.items)];

  constructor(scheme: string) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider({ scheme }, this),
      vscode.commands.registerCommand(COMMANDS.applyPreview.id, () => this.choose('apply')),
      vscode.commands.registerCommand(COMMANDS.discardPreview.id, () => this.choose('discard')),
      vscode.commands.registerCommand(COMMANDS.redoPreview.id, () => this.choose(this.pending?.offer.canRedo ? 'redo' : 'discard')),
      vscode.window.tabGroups.onDidChangeTabs(() => this.tabsChanged()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
    );
    const { header, apply, discard, redo } = this.items;
    header.name = 'Model Router: proposed change';
    apply.name = 'Model Router: Apply';
    apply.text = '$(check) Apply';
    apply.command = COMMANDS.applyPreview.id;
    apply.tooltip = 'Apply the proposed change (Ctrl+Enter in its diff)';
    apply.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    discard.name = 'Model Router: Discard';
    discard.text = '$(close) Discard';
    discard.command = COMMANDS.discardPreview.id;
    discard.tooltip = 'Close the preview and change nothing (Escape in its diff)';
    redo.name = 'Model Router: Redo one tier up';
    redo.text = '$(arrow-up) Redo one tier up';
    redo.command = COMMANDS.redoPreview.id;
    redo.tooltip = 'Discard this proposal and ask the next tier up the same question';
  }

  /** Shows the bar on `previews` (the proposed sides' URIs) and resolves with the user's choice. */
  ask(previews: readonly vscode.Uri[], offer: PreviewOffer): Promise<PreviewChoice> {
    // A newer proposal replaces an unanswered one: the older command ends as discarded.
    this.choose('discard');
    return new Promise((resolve) => {
      this.pending = { previews: new Set(previews.map((uri) => uri.toString())), offer, resolve };
      this.update();
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const pending = this.pending;
    if (!pending || !pending.previews.has(document.uri.toString())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const { offer } = pending;
    // An empty command id renders as plain text: the who-did-it line is not a button.
    return [
      new vscode.CodeLens(top, { title: `$(hubot) ${offer.header}`, command: '', tooltip: offer.question }),
      new vscode.CodeLens(top, { title: '$(check) Apply (Ctrl+Enter)', command: COMMANDS.applyPreview.id, tooltip: offer.question }),
      new vscode.CodeLens(top, { title: '$(close) Discard (Escape)', command: COMMANDS.discardPreview.id, tooltip: 'Close the preview and change nothing' }),
      ...(offer.canRedo ? [new vscode.CodeLens(top, { title: '$(arrow-up) Redo one tier up', command: COMMANDS.redoPreview.id, tooltip: 'Discard this proposal and ask the next tier up the same question' })] : []),
    ];
  }

  private choose(choice: PreviewChoice): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.update();
    pending.resolve(choice);
  }

  /** A preview whose diff tabs were all closed was discarded. */
  private tabsChanged(): void {
    const pending = this.pending;
    if (pending && !this.openPreviews().some((uri) => pending.previews.has(uri))) this.choose('discard');
    else void vscode.commands.executeCommand('setContext', PREVIEW_IN_FRONT_KEY, this.inFront());
  }

  private openPreviews(): string[] {
    return vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputTextDiff ? [tab.input.modified.toString()] : []));
  }

  private inFront(): boolean {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return this.pending !== undefined && input instanceof vscode.TabInputTextDiff && this.pending.previews.has(input.modified.toString());
  }

  private update(): void {
    const pending = this.pending;
    const { header, apply, discard, redo } = this.items;
    if (pending) {
      header.text = `$(git-compare) ${pending.offer.header}`;
      header.tooltip = pending.offer.question;
      [header, apply, discard].forEach((item) => item.show());
      if (pending.offer.canRedo) redo.show();
      else redo.hide();
    } else {
      Object.values(this.items).forEach((item) => item.hide());
    }
    this.decorate();
    // The diff's proposed side joins visibleTextEditors a moment after vscode.diff resolves.
    if (pending) setTimeout(() => this.decorate(), 500);
    void vscode.commands.executeCommand('setContext', PREVIEW_ACTIVE_KEY, this.pending !== undefined);
    void vscode.commands.executeCommand('setContext', PREVIEW_IN_FRONT_KEY, this.inFront());
    this.changed.fire();
  }

  private decorate(): void {
    const pending = this.pending;
    for (const editor of vscode.window.visibleTextEditors) {
      // Previews are closed once answered, so only a waiting one's editors need the line.
      if (!pending || !pending.previews.has(editor.document.uri.toString())) continue;
      const redo = pending.offer.canRedo ? ' · ↑ Redo one tier up' : '';
      const contentText = `◀ ${pending.offer.header} · ✓ Apply: Ctrl+Enter · ✕ Discard: Escape${redo}`;
      editor.setDecorations(this.line, [{ range: new vscode.Range(0, 0, 0, 0), renderOptions: { after: { contentText } } }]);
    }
  }

  dispose(): void {
    this.choose('discard');
    this.disposables.forEach((d) => d.dispose());
  }
}
