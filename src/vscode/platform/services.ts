/**
 * The services activation builds once and hands to every feature's `registerX`.
 */
import type { Engine } from '../../core/engine';
import type { Ledger } from '../../core/spend/ledger';
import type { OutputHistory } from '../../core/spend/estimate';
import type { OverrideState } from '../../core/routing/overrides';
import type { Log } from './log';
import type { RequestRunner } from './requestRunner';
import type { SettingsService } from './settingsService';

export interface ModelRouterServices {
  readonly engine: Engine;
  /** The engine with the editor's prompts for a missing key and a spent budget: what surfaces call. */
  readonly requests: RequestRunner;
  readonly ledger: Ledger;
  /** Answer lengths per task kind and tier from the user's ledger, for the pre-send estimate. */
  readonly outputs: { readonly history: OutputHistory };
  readonly overrides: OverrideState;
  readonly settings: SettingsService;
  readonly log: Log;
  /** Answers come from the offline demo backend (`npm start` without a key). */
  readonly demo: boolean;
}
