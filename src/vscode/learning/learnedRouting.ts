/**
 * The per-user adjustment of the classifier in the editor: remembers the classified prompts of this
 * window's recent requests (features only, in memory), turns the user's corrections of them into
 * examples kept in the extension's global storage, hands the router the adjustment, and forgets it
 * all on "Model Router: Reset Learned Routing".
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { RememberedPrompt } from '../../core/learning/corrections';
import { correctionsOf } from '../../core/learning/corrections';
import { UserAdjustment } from '../../core/routing/userAdjustment';
import type { LedgerEntry } from '../../core/spend/spendRecord';
import type { Log } from '../platform/log';

const STORAGE_KEY = 'modelRouter.learning.adjustment';
/** Requests whose prompts are remembered for a correction: the newest, in this window only. */
const REMEMBERED = 200;

export class LearnedRouting {
  private adjustment: UserAdjustment;
  private readonly remembered = new Map<string, RememberedPrompt>();

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly log: Log,
  ) {
    this.adjustment = UserAdjustment.parse(globalState.get(STORAGE_KEY));
  }

  /** What the router applies now. */
  get current(): UserAdjustment {
    return this.adjustment;
  }

  /** Keeps a routed prompt's features until a correction of it arrives (or newer ones push it out). */
  remember(id: string, prompt: RememberedPrompt): void {
    this.remembered.set(id, prompt);
    if (this.remembered.size > REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
  }

  /** Learns the corrections among `entries`; returns how many. Each request is learned once. */
  async learnFrom(entries: readonly LedgerEntry[]): Promise<number> {
    const corrections = correctionsOf(entries, this.remembered);
    if (corrections.length === 0) return 0;
    let next = this.adjustment;
    for (const correction of corrections) {
      next = next.with(correction);
      this.remembered.delete(correction.id);
    }
    this.adjustment = next;
    await this.globalState.update(STORAGE_KEY, next.toJSON());
    this.log.info(`learning: ${corrections.length} correction(s) learned from your feedback (${next.size} kept)`);
    return corrections.length;
  }

  /** Forgets every example; returns how many there were. */
  async reset(): Promise<number> {
    const forgotten = this.adjustment.size;
    this.adjustment = new UserAdjustment();
    this.remembered.clear();
    await this.globalState.update(STORAGE_KEY, undefined);
    this.log.info(`learning: reset, ${forgotten} learned example(s) forgotten`);
    return forgotten;
  }
}

/** "Model Router: Reset Learned Routing": routing is the shipped model's again. */
export function registerResetLearnedRouting(context: vscode.ExtensionContext, learned: LearnedRouting): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.resetLearnedRouting.id, async () => {
      const forgotten = await learned.reset();
      const said =
        forgotten === 0
          ? 'Model Router had learned nothing from your feedback yet; routing is the shipped model’s.'
          : `Model Router forgot the ${forgotten} correction${forgotten === 1 ? '' : 's'} it learned from your feedback; routing is the shipped model’s again.`;
      void vscode.window.showInformationMessage(said);
      return forgotten;
    }),
  );
}
