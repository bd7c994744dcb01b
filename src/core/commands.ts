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
  /**
   * The command changes files (after the user's Apply). Such commands are hidden and refuse to
   * run in an untrusted workspace, whose content could steer the edit; the manifest's menus
   * say `isWorkspaceTrusted` for them and a unit test checks it.
   */
  readonly editsFiles?: boolean;
}

export const COMMANDS = {
  showMenu: { id: 'modelRouter.showMenu', title: 'Show Menu', icon: '$(pulse)' },
  chooseTier: { id: 'modelRouter.chooseTier', title: 'Choose Tier', icon: '$(layers)' },
  spendReport: { id: 'modelRouter.spendReport', title: 'Spend Report', icon: '$(graph)' },
  setApiKey: { id: 'modelRouter.setApiKey', title: 'Set API Key', icon: '$(key)' },
  clearApiKey: { id: 'modelRouter.clearApiKey', title: 'Clear API Key' },
  showLog: { id: 'modelRouter.showLog', title: 'Show Log', icon: '$(output)' },
  resetSession: { id: 'modelRouter.resetSession', title: 'Reset Session Spend', icon: '$(debug-restart)' },
  openPolicyFile: { id: 'modelRouter.openPolicyFile', title: 'Open Team Policy File' },
  newChat: { id: 'modelRouter.newChat', title: 'New Chat', icon: '$(add)' },
  explainSelection: { id: 'modelRouter.explainSelection', title: 'Explain Selection', icon: '$(question)' },
  addDocstring: { id: 'modelRouter.addDocstring', title: 'Add Docstring', icon: '$(book)', editsFiles: true },
  writeTests: { id: 'modelRouter.writeTests', title: 'Write Tests for This File', icon: '$(beaker)', editsFiles: true },
  refactorSelection: { id: 'modelRouter.refactorSelection', title: 'Refactor Selection…', icon: '$(wand)', editsFiles: true },
  fixProblem: { id: 'modelRouter.fixProblem', title: 'Fix the Problem at the Cursor', icon: '$(lightbulb-autofix)', editsFiles: true },
  formatDocument: { id: 'modelRouter.formatDocument', title: 'Format Document ($0, no model)' },
  organizeImports: { id: 'modelRouter.organizeImports', title: 'Organize Imports ($0, no model)' },
  renameSymbol: { id: 'modelRouter.renameSymbol', title: 'Rename Symbol ($0, no model)' },
  writeCommitMessage: { id: 'modelRouter.writeCommitMessage', title: 'Write Commit Message', icon: '$(sparkle)' },
  reviewChanges: { id: 'modelRouter.reviewChanges', title: 'Review Uncommitted Changes', icon: '$(checklist)' },
  securityReview: { id: 'modelRouter.securityReview', title: 'Security Review of This File', icon: '$(shield)' },
  planChange: { id: 'modelRouter.planChange', title: 'Plan a Change', icon: '$(list-ordered)' },
  implementPlan: { id: 'modelRouter.implementPlan', title: 'Implement the Plan', icon: '$(run-all)', editsFiles: true },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/**
 * Commands the extension registers for its own use and does not contribute, so they never show
 * in the Command Palette: VS Code runs them, not the user.
 */
export const INTERNAL_COMMANDS = {
  /** Run by VS Code after it inserted an inline completion; records the acceptance. */
  completionAccepted: 'modelRouter.completionAccepted',
} as const;
