/**
 * The one place that reads `modelRouter.*` settings and the team policy file. It validates both,
 * reports each invalid field once (by path, with a button that opens it), and hands components
 * typed values; nothing else calls getConfiguration.
 */
import * as vscode from 'vscode';
import type { ConfigIssue } from '../../core/settings/config';
import { DEFAULT_CONFIG, policyLayerFromConfig, priceOverridesFromConfig } from '../../core/settings/config';
import type { TierEndpoints } from '../../core/settings/endpoints';
import { NO_LOCAL_ENDPOINTS, tierEndpoints, withLocalModels, withLocalPrice } from '../../core/settings/endpoints';
import { floorLoweredBy, parseLayeredSettings } from '../../core/settings/tightening';
import type { TierChoiceRefusal } from '../../core/settings/tierChoices';
import { checkTeamTierChoices } from '../../core/settings/tierChoices';
import { checkTeamDialChoices } from '../../core/settings/dialChoices';
import { policyFileNotice, settingNotice } from '../../core/validation/issueText';
import type { FieldIssue } from '../../core/validation/lenientParse';
import type { Policy } from '../../core/routing/policy';
import { DEFAULT_POLICY, parsePolicy } from '../../core/routing/policy';
import { mergeTeamLayer } from '../../core/routing/scopedRules';
import type { PriceOverrides } from '../../core/spend/pricing';
import type { Config } from '../../core/settings/settings';
import { SECTION } from '../../core/settings/settings';
import type { Log } from './log';
import type { PolicyFileState } from './policyFile';
import { POLICY_FILE, readPolicyFile, watchPolicyFile } from './policyFile';

/** At most this many notifications per reload; the rest go to the log. */
const MAX_NOTIFICATIONS = 3;

export class SettingsService implements vscode.Disposable {
  private current: Config = DEFAULT_CONFIG;
  private effectivePolicy: Policy = DEFAULT_POLICY;
  private endpointsNow: TierEndpoints = NO_LOCAL_ENDPOINTS;
  private policyFile: PolicyFileState = { layer: {}, issues: [] };
  private readonly reported = new Set<string>();
  /** Notes logged once per window: protections a workspace could not loosen, a floor a team file lowered. */
  private readonly noted = new Set<string>();
  private toldIgnored = false;
  private notApplied: readonly TierChoiceRefusal[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) void this.reload();
      }),
      watchPolicyFile(() => void this.reload()),
    );
  }

  get config(): Config {
    return this.current;
  }

  get policy(): Policy {
    return this.effectivePolicy;
  }

  get policyFileState(): PolicyFileState {
    return this.policyFile;
  }

  /** The workspace's and team file's tier models and efforts, and task kinds' efforts and thinking, not applied at the last reload, as the user was told. */
  get notAppliedTierChoices(): readonly string[] {
    return this.notApplied.map((refusal) => refusal.text);
  }

  /** Every issue reported so far, by path, for the test API. */
  get reportedIssues(): readonly string[] {
    return [...this.reported];
  }

  get priceOverrides(): PriceOverrides {
    return withLocalPrice(priceOverridesFromConfig(this.current), this.endpointsNow);
  }

  /** Where each tier's requests go, from the user's settings only. */
  get endpoints(): TierEndpoints {
    return this.endpointsNow;
  }

  async reload(): Promise<void> {
    const section = vscode.workspace.getConfiguration(SECTION);
    const { config, issues, notes, refused, own } = parseLayeredSettings(
      (key) => section.get(key),
      (key) => {
        const layers = section.inspect(key);
        return { user: layers?.globalValue, workspace: layers?.workspaceFolderValue ?? layers?.workspaceValue };
      },
      vscode.workspace.isTrusted,
    );
    for (const note of notes) this.logOnce(`settings: ${note}`);
    this.current = config;
    this.policyFile = await readPolicyFile();
    if (this.policyFile.ignored) this.noteIgnoredPolicyFile(this.policyFile.ignored);
    for (const field of floorLoweredBy(this.policyFile.layer, config)) this.noteLoweredFloor(field);
    // The team file's tier models and efforts, and its dial, are checked against the user's own, as the workspace's settings are.
    const tiers = checkTeamTierChoices(this.policyFile.layer, own, config);
    const team = checkTeamDialChoices(tiers.layer, own, config);
    this.notApplied = [...refused, ...tiers.refused, ...team.refused];
    for (const refusal of this.notApplied) this.noteNotApplied(refusal);
    const { policy, issues: mergeIssues } = parsePolicy(mergeTeamLayer(policyLayerFromConfig(config), team.layer));
    // A local tier runs the user's local model whatever a team file names for that tier.
    const local = withLocalModels(policy, tierEndpoints(config));
    this.endpointsNow = local.endpoints;
    this.effectivePolicy = local.policy;
    for (const issue of mergeIssues) this.log.warn(`policy: ${issue.path}: ${issue.message}`);
    this.report(issues, this.policyFile.issues);
    this.changed.fire();
  }

  private logOnce(text: string): void {
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.log.info(text);
  }

  /** A trusted team file may lower the floor, but the user hears of it once per window, naming the field. */
  private noteLoweredFloor(field: string): void {
    const text = `${POLICY_FILE} sets ${field}, which lowers the sensitive-work floor of your settings for this workspace`;
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.log.warn(text);
    const uri = this.policyFile.uri;
    void vscode.window.showWarningMessage(`Model Router: ${text}.`, 'Open').then((choice) => {
      if (choice === 'Open' && uri) void vscode.window.showTextDocument(uri);
    });
  }

  /**
   * A workspace's or team file's model or effort for a tier that would make it cheaper or weaker, or
   * effort or thinking for a task kind that would lower it: said
   * once per window, in the log and in a warning with a button to the user's own settings.
   */
  private noteNotApplied(refusal: TierChoiceRefusal): void {
    if (this.noted.has(refusal.text)) return;
    this.noted.add(refusal.text);
    this.log.warn(refusal.text);
    const uri = this.policyFile.uri;
    const actions = refusal.from === 'team' && uri ? ['Open User Settings', 'Open Team File'] : ['Open User Settings'];
    void vscode.window.showWarningMessage(`Model Router: ${refusal.text}`, ...actions).then((choice) => {
      if (choice === 'Open User Settings') void vscode.commands.executeCommand('workbench.action.openGlobalSettings', { query: refusal.setting });
      else if (choice === 'Open Team File' && uri) void vscode.window.showTextDocument(uri);
    });
  }

  /** Logs each time, tells the user once per window: the file stays ignored until trust is granted. */
  private noteIgnoredPolicyFile(why: string): void {
    this.log.info(why);
    if (this.toldIgnored) return;
    this.toldIgnored = true;
    void vscode.window.showInformationMessage(`Model Router: ${why}.`, 'Manage Workspace Trust').then((choice) => {
      if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  private report(settingIssues: readonly ConfigIssue[], fileIssues: readonly FieldIssue[]): void {
    const fresh: Array<{ id: string; text: string; open: () => Thenable<unknown> }> = [];
    for (const issue of settingIssues) {
      const id = `${issue.path}: ${issue.message}`;
      if (this.reported.has(id)) continue;
      this.reported.add(id);
      const settingId = `${SECTION}.${issue.key}`;
      fresh.push({ id, text: settingNotice(issue), open: () => vscode.commands.executeCommand('workbench.action.openSettings', settingId) });
    }
    for (const issue of fileIssues) {
      const text = policyFileNotice(POLICY_FILE, issue);
      const id = text.slice(0, -1);
      if (this.reported.has(id)) continue;
      this.reported.add(id);
      const uri = this.policyFile.uri;
      fresh.push({ id, text, open: () => (uri ? vscode.window.showTextDocument(uri) : Promise.resolve()) });
    }
    fresh.forEach((issue, index) => {
      this.log.warn(issue.text);
      if (index >= MAX_NOTIFICATIONS) return;
      const more = index === MAX_NOTIFICATIONS - 1 && fresh.length > MAX_NOTIFICATIONS ? ` (${fresh.length - MAX_NOTIFICATIONS} more in the log)` : '';
      void vscode.window.showWarningMessage(`Model Router: ${issue.text}${more}`, 'Open', 'Show Log').then((choice) => {
        if (choice === 'Open') void issue.open();
        else if (choice === 'Show Log') this.log.show();
      });
    });
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
