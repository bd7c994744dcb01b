/**
 * Every command the extension contributes, once. The manifest's `contributes.commands` is
 * generated from this table and a unit test proves they agree; code refers to commands only
 * through it, never by a string literal.
 */
export const CATEGORY = 'Model Router';

export interface CommandSpec {
  readonly id: string;
  readonly title: string;
  readonly icon?: string;
  /** Shown in the Command Palette (false for commands only buttons and menus use). */
  readonly palette?: boolean;
  /** Where else the command is offered, and when: the manifest's `contributes.menus`. */
  readonly menus?: CommandMenus;
  /**
   * The command changes files (after the user's Apply). Such commands are hidden and refuse to
   * run in an untrusted workspace, whose content could steer the edit; the manifest's menus
   * say `isWorkspaceTrusted` for them and a unit test checks it.
   */
  readonly editsFiles?: boolean;
}

/** One menu entry: the `when` clause that says where the command can run, and its group. */
export interface MenuPlacement {
  readonly when?: string;
  readonly group?: string;
}

export const MENU_IDS = ['commandPalette', 'editor/context', 'editor/title', 'scm/title', 'view/title', 'view/item/context', 'explorer/context', 'modelRouter.editorContext'] as const;
export type MenuId = (typeof MENU_IDS)[number];

/** A submenu: its own menu id, the label it shows, and where it sits in its parent menu. */
export interface SubmenuSpec {
  readonly id: MenuId;
  readonly label: string;
  readonly parent: MenuId;
  readonly when?: string;
  readonly group: string;
}

/**
 * The editor's context menu holds one "Model Router" submenu rather than loose items, so its
 * Explain Selection and Fix the Problem are never mistaken for VS Code's own Explain / Fix.
 */
export const SUBMENUS: readonly SubmenuSpec[] = [{ id: 'modelRouter.editorContext', label: 'Model Router', parent: 'editor/context', when: 'editorTextFocus', group: '1_modelRouter' }];

/** The Model Router submenu of the editor's context menu, where editor commands are placed. */
export const EDITOR_SUBMENU: MenuId = 'modelRouter.editorContext';

/**
 * A command's menus. `commandPalette` narrows when the palette offers it (absent: always). Agent
 * commands that call a model are offered without an API key: running one asks for the key.
 */
export type CommandMenus = Partial<Record<MenuId, MenuPlacement>>;

/** Clauses shared by the agent commands' menus. */
const WHEN = {
  /** A text editor is open (the command works on its file, selection or cursor). */
  editor: 'editorIsOpen',
  /** …and the command writes to it. */
  writableEditor: 'editorIsOpen && !editorReadonly',
  /** The built-in Git extension has a repository open (it does not run in an untrusted workspace). */
  git: 'gitOpenRepositoryCount != 0',
  /** The Source Control view shows a Git repository. */
  gitScm: 'scmProvider == git',
  /** An agent command's proposed change waits for Apply or Discard (editPreview.ts). */
  preview: 'modelRouter.previewActive',
  /** …and this editor is its diff (the proposed side's scheme). */
  previewEditor: 'modelRouter.previewActive && resourceScheme == model-router-preview',
  /** A folder is open (the folder commands read and write its files). */
  workspace: 'workspaceFolderCount != 0',
  /** The Batches view (src/vscode/batch/batchView.ts). */
  batchesView: 'view == modelRouter.batches',
} as const;

export const COMMANDS = {
  showMenu: { id: 'modelRouter.showMenu', title: 'Show Menu', icon: '$(pulse)' },
  chooseTier: { id: 'modelRouter.chooseTier', title: 'Choose Tier', icon: '$(layers)' },
  spendReport: { id: 'modelRouter.spendReport', title: 'Spend Report', icon: '$(graph)' },
  setApiKey: { id: 'modelRouter.setApiKey', title: 'Set API Key', icon: '$(key)' },
  clearApiKey: { id: 'modelRouter.clearApiKey', title: 'Clear API Key' },
  setGatewayKey: { id: 'modelRouter.setGatewayKey', title: 'Set Gateway Key', icon: '$(key)' },
  clearGatewayKey: { id: 'modelRouter.clearGatewayKey', title: 'Clear Gateway Key' },
  showLog: { id: 'modelRouter.showLog', title: 'Show Log', icon: '$(output)' },
  resetSession: { id: 'modelRouter.resetSession', title: 'Reset Session Spend', icon: '$(debug-restart)' },
  setTelemetryHeaders: { id: 'modelRouter.setTelemetryHeaders', title: 'Set OpenTelemetry Headers', icon: '$(key)' },
  resetLearnedRouting: { id: 'modelRouter.resetLearnedRouting', title: 'Reset Learned Routing', icon: '$(history)' },
  openPolicyFile: { id: 'modelRouter.openPolicyFile', title: 'Open Team Policy File' },
  getStarted: { id: 'modelRouter.getStarted', title: 'Get Started', icon: '$(rocket)' },
  openChat: { id: 'modelRouter.openChat', title: 'Open Chat', icon: '$(comment-discussion)' },
  sendSelectionToChat: {
    id: 'modelRouter.sendSelectionToChat',
    title: 'Add Selection to Chat',
    icon: '$(comment-discussion)',
    menus: { commandPalette: { when: WHEN.editor }, 'modelRouter.editorContext': { when: 'editorHasSelection', group: '1_modelRouter@0' } },
  },
  newChat: { id: 'modelRouter.newChat', title: 'New Chat', icon: '$(add)', menus: { 'view/title': { when: 'view == modelRouter.chat', group: 'navigation' } } },
  explainSelection: {
    id: 'modelRouter.explainSelection',
    title: 'Explain Selection',
    icon: '$(question)',
    menus: { commandPalette: { when: WHEN.editor }, 'modelRouter.editorContext': { when: 'editorHasSelection', group: '1_modelRouter@1' } },
  },
  addDocstring: {
    id: 'modelRouter.addDocstring',
    title: 'Add Docstring',
    icon: '$(book)',
    menus: { commandPalette: { when: WHEN.writableEditor }, 'modelRouter.editorContext': { when: 'editorTextFocus && !editorReadonly', group: '1_modelRouter@3' } },
    editsFiles: true,
  },
  writeTests: {
    id: 'modelRouter.writeTests',
    title: 'Write Tests for This File',
    icon: '$(beaker)',
    // The test file is created beside the source, so the source must be a file on disk.
    menus: { commandPalette: { when: WHEN.editor }, 'modelRouter.editorContext': { when: 'editorTextFocus && resourceScheme == file', group: '1_modelRouter@5' } },
    editsFiles: true,
  },
  refactorSelection: {
    id: 'modelRouter.refactorSelection',
    title: 'Refactor Selection…',
    icon: '$(wand)',
    menus: { commandPalette: { when: WHEN.writableEditor }, 'modelRouter.editorContext': { when: 'editorHasSelection && !editorReadonly', group: '1_modelRouter@2' } },
    editsFiles: true,
  },
  fixProblem: {
    id: 'modelRouter.fixProblem',
    title: 'Fix the Problem at the Cursor',
    icon: '$(lightbulb-autofix)',
    menus: { commandPalette: { when: WHEN.writableEditor }, 'modelRouter.editorContext': { when: 'editorTextFocus && !editorReadonly', group: '1_modelRouter@4' } },
    editsFiles: true,
  },
  formatDocument: { id: 'modelRouter.formatDocument', title: 'Format Document ($0, no model)', menus: { commandPalette: { when: WHEN.writableEditor } } },
  organizeImports: { id: 'modelRouter.organizeImports', title: 'Organize Imports ($0, no model)', menus: { commandPalette: { when: WHEN.writableEditor } } },
  renameSymbol: { id: 'modelRouter.renameSymbol', title: 'Rename Symbol ($0, no model)', menus: { commandPalette: { when: WHEN.writableEditor } } },
  writeCommitMessage: {
    id: 'modelRouter.writeCommitMessage',
    title: 'Write Commit Message',
    icon: '$(sparkle)',
    menus: { commandPalette: { when: WHEN.git }, 'scm/title': { when: WHEN.gitScm, group: 'navigation@10' } },
  },
  reviewChanges: {
    id: 'modelRouter.reviewChanges',
    title: 'Review Uncommitted Changes',
    icon: '$(checklist)',
    // `inline` means nothing in a title bar: the button went to the overflow menu under a misleading name.
    menus: { commandPalette: { when: WHEN.git }, 'scm/title': { when: WHEN.gitScm, group: 'navigation@11' } },
  },
  securityReview: {
    id: 'modelRouter.securityReview',
    title: 'Security Review of This File',
    icon: '$(shield)',
    // Any text editor: an unsaved file can be reviewed as well as a saved one.
    menus: { commandPalette: { when: WHEN.editor }, 'modelRouter.editorContext': { when: 'editorTextFocus', group: '1_modelRouter@6' } },
  },
  deepAudit: {
    id: 'modelRouter.deepAudit',
    title: 'Deep Audit of the Change',
    icon: '$(search-fuzzy)',
    // After the review's button, in the title bar's overflow menu: the audit is the slower, frontier step.
    menus: { commandPalette: { when: WHEN.git }, 'scm/title': { when: WHEN.gitScm, group: '1_modelRouter@1' } },
  },
  writeRoutingDoc: {
    id: 'modelRouter.writeRoutingDoc',
    title: 'Write ROUTING.md ($0, no model)',
    icon: '$(book)',
    // It writes a file at the folder's root, so the palette offers it only in a trusted workspace.
    menus: { commandPalette: {} },
    editsFiles: true,
  },
  planChange: { id: 'modelRouter.planChange', title: 'Plan a Change', icon: '$(list-ordered)' },
  validatePlan: {
    id: 'modelRouter.validatePlan',
    title: 'Validate the Plan',
    icon: '$(checklist)',
    menus: { commandPalette: { when: 'editorLangId == markdown' }, 'modelRouter.editorContext': { when: 'editorLangId == markdown', group: '1_modelRouter@8' } },
  },
  implementPlan: {
    id: 'modelRouter.implementPlan',
    title: 'Implement the Plan',
    icon: '$(run-all)',
    menus: { commandPalette: { when: 'editorLangId == markdown' }, 'modelRouter.editorContext': { when: 'editorLangId == markdown', group: '1_modelRouter@7' } },
    editsFiles: true,
  },
  // Bulk work at half price (src/vscode/batch/): Message Batches, collected into one preview.
  batchDocstrings: {
    id: 'modelRouter.batchDocstrings',
    title: 'Add Docstrings to a Folder',
    icon: '$(book)',
    menus: { commandPalette: { when: WHEN.workspace }, 'explorer/context': { when: 'explorerResourceIsFolder', group: '7_modelRouter@1' } },
    editsFiles: true,
  },
  batchTests: {
    id: 'modelRouter.batchTests',
    title: 'Write Tests for a Folder',
    icon: '$(beaker)',
    menus: { commandPalette: { when: WHEN.workspace }, 'explorer/context': { when: 'explorerResourceIsFolder', group: '7_modelRouter@2' } },
    editsFiles: true,
  },
  batchPlanReview: {
    id: 'modelRouter.batchPlanReview',
    title: 'Review the Plan as a Batch',
    icon: '$(checklist)',
    menus: { commandPalette: { when: 'editorLangId == markdown' }, 'modelRouter.editorContext': { when: 'editorLangId == markdown', group: '1_modelRouter@9' } },
    // The review document is written beside the plan after Apply.
    editsFiles: true,
  },
  refreshBatches: { id: 'modelRouter.refreshBatches', title: 'Refresh Batches', icon: '$(refresh)', menus: { 'view/title': { when: WHEN.batchesView, group: 'navigation' } } },
  reviewBatch: {
    id: 'modelRouter.reviewBatch',
    title: 'Review Batch Results',
    icon: '$(git-compare)',
    menus: { commandPalette: { when: WHEN.workspace }, 'view/item/context': { when: `${WHEN.batchesView} && viewItem == batchEnded`, group: 'inline@1' } },
    editsFiles: true,
  },
  cancelBatch: { id: 'modelRouter.cancelBatch', title: 'Cancel Batch', icon: '$(debug-stop)', menus: { 'view/item/context': { when: `${WHEN.batchesView} && viewItem == batchRunning`, group: 'inline@2' } } },
  removeBatch: { id: 'modelRouter.removeBatch', title: 'Remove Batch from the List', icon: '$(trash)', menus: { 'view/item/context': { when: `${WHEN.batchesView} && viewItem != batchRunning`, group: 'inline@3' } } },
  // The bar on an agent command's diff preview (previewBar.ts): the same three as its CodeLens.
  applyPreview: {
    id: 'modelRouter.applyPreview',
    title: 'Apply the Proposed Change',
    icon: '$(check)',
    menus: { commandPalette: { when: WHEN.preview }, 'editor/title': { when: WHEN.previewEditor, group: 'navigation@1' } },
    // It applies only a preview an agent command opened, and those are off in an untrusted workspace.
    editsFiles: false,
  },
  discardPreview: {
    id: 'modelRouter.discardPreview',
    title: 'Discard the Proposed Change',
    icon: '$(close)',
    menus: { commandPalette: { when: WHEN.preview }, 'editor/title': { when: WHEN.previewEditor, group: 'navigation@2' } },
  },
  redoPreview: {
    id: 'modelRouter.redoPreview',
    title: 'Redo One Tier Up',
    icon: '$(arrow-up)',
    menus: { commandPalette: { when: WHEN.preview }, 'editor/title': { when: WHEN.previewEditor, group: 'navigation@3' } },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/**
 * Commands the extension registers for its own use and does not contribute, so they never show
 * in the Command Palette: VS Code runs them, not the user.
 */
export const INTERNAL_COMMANDS = {
  /** Run by VS Code after it inserted an inline completion; records the acceptance. */
  completionAccepted: 'modelRouter.completionAccepted',
  /** Run by the status-bar item that shows how the last agent command ended: its one action. */
  agentOutcomeAction: 'modelRouter.agentOutcomeAction',
} as const;
