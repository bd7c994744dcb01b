/**
 * `route` turns a request into a decision: tier, model, effort, task kind, the rule that decided,
 * and one reason in words for every step that changed the tier. It is pure — the policy and the
 * session's state come in as arguments — so every surface, the CLI and the benchmarks share it.
 *
 * Order: task kind → folder and language rules → scope → sensitive-work floor → pins → conversation → budget → override.
 */
import { dialFor } from './dial';
import type { ConversationCosts } from './stepDown';
import { weighStepDown } from './stepDown';
import type { EffortOverride } from './request';
export type { EffortOverride } from './request';
import type { ThinkingParam } from '../model/capabilities';
import type { Classification } from './classifier';
import { classify } from './classifier';
import type { Effort } from '../model/llm';
import type { Policy } from './policy';
import type { ScopeSignals } from './scope';
import { distinctFiles, filesMentioned, sensitiveTerms, serviceFolders } from './scope';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { BudgetEvaluation } from './budget';
import { applyBudgetToTier } from './budget';
import type { Surface, TierOverride } from './request';
import type { ModelTier, Tier } from './tiers';
import { maxTier, tierAbove, tierBelow, tierRank } from './tiers';
import { annotationTier, annotationsOf } from './annotations';
import { splitPrompt } from './pasted';
import { DEFAULT_PATH_TERMS, DEFAULT_PROMPT_TERMS } from './policy';
import { routerModel } from './routerModel';
import type { PreviousTurn, Understanding } from './understanding';
import { kindReason, understand } from './understanding';
import { learnedRuleReason } from './learnedRule';
import { ruleSteps } from './scopedRules';
import type { PromptFeatures, RouteAdjustment } from './userAdjustment';

export type { PreviousTurn } from './understanding';

export type { OverrideScope, Surface, TierOverride } from './request';

export interface RouteRequest {
  readonly surface: Surface;
  /** Declared by commands and completions; free text is classified when absent. */
  readonly taskKind?: TaskKind;
  readonly prompt?: string;
  readonly signals?: ScopeSignals;
  /** Whether an editor command can do the work ($0). Chat and the CLI cannot run one. */
  readonly canAutomate?: boolean;
  /** The editor's own checks judge the answer and climb on failure, so `policy.cascade.startLower` may start it lower. */
  readonly gated?: boolean;
  /** The previous turn of the conversation: a follow-up inherits its kind and sensitivity unless its words say otherwise. */
  readonly previous?: PreviousTurn;
  /** The previous turn's text, when the surface keeps text rather than decisions: it is routed to find `previous`. */
  readonly previousPrompt?: string;
}

export interface RouteState {
  readonly override?: TierOverride;
  /** The tier a conversation or task is on; it never drops below it by itself. */
  readonly conversationTier?: ModelTier;
  /** The conversation's task and history, to weigh going back down for a new, cheaper task (stepDown.ts). */
  readonly conversationCosts?: ConversationCosts;
  /** Why the conversation just moved to `conversationTier` (an escalation), instead of "stays on". */
  readonly conversationChange?: { readonly rule: string; readonly reason: string };
  /** An effort the user chose (Choose Tier) for the next request or the session, over the dial's table. */
  readonly effort?: EffortOverride;
  /** Where the budgets stand; once one is exceeded its action applies (warn, step down, stop). */
  readonly budget?: BudgetEvaluation;
  /** The user's own corrections of the classifier (userAdjustment.ts): free text only, before scope and the floor. */
  readonly adjustment?: RouteAdjustment;
}

export interface RouteDecision {
  readonly tier: Tier;
  /** The model id, or `vscode-command` for the automated tier. */
  readonly model: string;
  readonly effort?: Effort;
  /** Thinking as sent; absent leaves it to the model (src/core/routing/dial.ts). */
  readonly thinking?: ThinkingParam;
  /** The dial in words ("Security review on frontier: high effort, thinking on"), shown after the reasons. */
  readonly dialReason?: string;
  /** Where the request came from, so a tier change after routing sets the dial the same way. */
  readonly surface?: Surface;
  /** The user's effort choice that was in force, kept so a tier change keeps it too. */
  readonly effortOverride?: EffortOverride;
  readonly taskKind: TaskKind;
  /** Identifier of the step that decided the final tier, e.g. `taskKind:tests`, `floor:sensitive`. */
  readonly rule: string;
  readonly reasons: readonly string[];
  readonly sensitive: readonly string[];
  /** The sensitive domains the request named, sensitive work or not; a follow-up that changes that code inherits them (`previousTurnOf`). */
  readonly touches?: readonly string[];
  readonly classification?: Classification;
  readonly override?: TierOverride;
  /** Tiers climbed by escalation after failed local checks. */
  readonly escalations: number;
  /** The sensitive-work floor that held this request, when one did: nothing may send it lower. */
  readonly floor?: ModelTier;
  /** The tier and model that were overloaded, when this decision is the fallback one tier below them. */
  readonly fellBackFrom?: { readonly tier: ModelTier; readonly model: string };
  /** Set when the budget says stop: the request must not be sent. */
  readonly blocked?: string;
  /** A classified prompt's kind and features, for learning from a later correction; never written to the ledger. */
  readonly learnable?: { readonly kind: TaskKind; readonly tier: Tier; readonly features: PromptFeatures };
}

export const AUTOMATED_MODEL = 'vscode-command';

/** The previous turn of a conversation as a follow-up's routing needs it, from how that turn was routed. */
export function previousTurnOf(decision: Pick<RouteDecision, 'taskKind' | 'floor' | 'touches'>): PreviousTurn {
  return { kind: decision.taskKind, sensitive: decision.floor !== undefined, ...(decision.touches && decision.touches.length > 0 ? { touches: decision.touches } : {}) };
}

/** The tier one below `tier` when the policy starts `taskKind`'s verified cascade lower; fast stays fast. */
function cascadeStart(policy: Policy, taskKind: TaskKind, tier: Tier): ModelTier | undefined {
  if (tier === 'automated' || !(policy.cascade.startLower as readonly string[]).includes(taskKind)) return undefined;
  return tierBelow(tier);
}

export function route(request: RouteRequest, policy: Policy, state: RouteState = {}): RouteDecision {
  if (request.previous === undefined && request.previousPrompt !== undefined && request.previousPrompt.trim() !== '' && request.taskKind === undefined) {
    const before = route({ surface: request.surface, prompt: request.previousPrompt, ...(request.canAutomate !== undefined ? { canAutomate: request.canAutomate } : {}) }, policy);
    return route({ ...request, previousPrompt: undefined, previous: previousTurnOf(before) }, policy, state);
  }
  const signals = request.signals ?? {};
  const prompt = request.prompt ?? '';
  // Paths inside a pasted stack trace or log are not files the work involves.
  const split = prompt.length > 0 ? splitPrompt(prompt) : undefined;
  const asked = split?.ask ?? '';
  const files = distinctFiles(signals.files ?? [], filesMentioned(asked));
  const model = request.taskKind ? undefined : routerModel();
  const termHits = model ? findSensitive(files, prompt, policy) : [];
  const understood: Understanding | undefined = model
    ? understand(model, { prompt, files, ...(split ? { split } : {}), ...(request.previous ? { previous: request.previous } : {}) }, termHits.filter(isDefaultTerm), termHits.filter((term) => !isDefaultTerm(term)))
    : undefined;
  const classification: Classification | undefined = request.taskKind
    ? undefined
    : understood
      ? { kind: understood.kind, confidence: understood.confidence, matched: [], learned: { sensitive: understood.learned.sensitive, inherited: understood.inherited, unsure: understood.unsure } }
      : classify(prompt, { ...signals, files });
  const taskKind = request.taskKind ?? classification!.kind;
  const reasons: string[] = [];

  let tier: Tier = policy.taskKinds[taskKind] ?? TASK_KIND_INFO[taskKind].defaultTier;
  let rule = `taskKind:${taskKind}`;
  if (understood) {
    reasons.push(kindReason(understood, request.previous, tier));
  } else {
    const why = classification && classification.matched.length > 0 ? ` (matched “${classification.matched[0]}”)` : '';
    reasons.push(`${capitalize(TASK_KIND_INFO[taskKind].label)}${why} → ${tier}`);
  }
  const learned = learnedRuleReason(policy, taskKind, tier);
  if (learned !== undefined) reasons.push(learned);
  const step = (next: Tier, ruleId: string, reason: string): void => {
    if (next === tier) return;
    tier = next;
    rule = ruleId;
    reasons.push(reason);
  };
  // Rules for the kind in these folders or languages replace its tier here, as a taskKinds entry would.
  for (const ruled of ruleSteps(policy.rules, taskKind, { files, ...(signals.languageId !== undefined ? { languageId: signals.languageId } : {}) }, tier)) {
    if (ruled.tier !== tier) step(ruled.tier, `rule:${taskKind}`, ruled.reason);
    else reasons.push(ruled.reason);
  }

  if (understood?.unsure) {
    const up = maxTier(tier, understood.routeTo ?? tierAbove(tier) ?? tier);
    const why =
      understood.routeMass !== undefined
        ? `Unsure of the tier (${Math.round(understood.routeMass * 100)}% likely ${understood.routeTo} work), routed up → ${up}`
        : `Unsure (${Math.round(understood.confidence * 100)}% sure), routed up → ${up}`;
    step(up, 'confidence:unsure', why);
  }
  const learnable = understood ? { kind: taskKind, tier, features: understood.learned.features } : undefined;
  const adjusted = learnable ? state.adjustment?.adjust(learnable) : undefined;
  if (adjusted) step(adjusted.tier, 'learned:feedback', adjusted.reason);
  if (tier === 'automated' && request.canAutomate !== true) {
    step('fast', 'automated:unavailable', 'No editor command can do this here → fast');
  }
  const annotated = understood ? annotationTier(annotationsOf(prompt)) : undefined;
  if (annotated && tier !== 'automated' && (annotated.tier === 'frontier' || understood!.sensitive.length === 0)) {
    step(annotated.tier, 'annotation', `${annotated.why} → ${annotated.tier}`);
  }

  if (tier !== 'automated') {
    const scope = policy.scope;
    const folders = signals.workspaceFolders ?? serviceFolders(files);
    if (files.length >= scope.frontierAtFiles) {
      step('frontier', 'scope:files', `${files.length} files involved → frontier`);
    } else if (scope.frontierOnCrossFolder && files.length > 1 && folders > 1) {
      step(maxTier(tier, 'frontier'), 'scope:crossFolder', `Work spans ${folders} folders → frontier`);
    } else if (files.length >= scope.balancedAtFiles) {
      // The guide: three or more files → at least balanced (frontier only at five, across folders, or
      // when the work coordinates modules, which the task kind says), not one tier up from any kind.
      step(maxTier('balanced', tier), 'scope:files', `${files.length} files involved → ${maxTier('balanced', tier)}`);
    }
    if ((signals.contextTokens ?? 0) > scope.frontierAtContextTokens) {
      step('frontier', 'scope:context', `About ${Math.round((signals.contextTokens ?? 0) / 1000)}k tokens of context → frontier`);
    }
    if ((signals.expectedOutputLines ?? 0) > scope.notFastAboveOutputLines && tier === 'fast') {
      step('balanced', 'scope:output', `About ${signals.expectedOutputLines} lines expected → balanced`);
    }
  }

  const cheaper = request.gated && cascadeStart(policy, taskKind, tier);
  if (cheaper) step(cheaper, 'cascade:start', `${capitalize(TASK_KIND_INFO[taskKind].label)} starts one tier lower (${tier} → ${cheaper}): the editor's checks judge the answer, and a failure climbs`);

  const floor = policy.floor;
  const sensitive = !floor.enabled ? [] : understood ? [...understood.sensitive, ...(annotated?.sensitive ? ['marked in the prompt'] : [])] : findSensitive(files, prompt, policy);
  const touched = !floor.enabled ? [] : understood ? understood.touches : sensitive;
  let floorTier: ModelTier | undefined;
  // The completion kind is exempt where it means an inline completion, a few words at the cursor (the
  // multi-line rule below raises those); asked for in the chat ("fill in the body of the refund
  // function"), it writes the sensitive code itself and the floor holds it like any other request.
  const exempt = floor.exemptKinds.includes(taskKind) && (taskKind !== 'completion' || request.surface === 'completion');
  if (floor.enabled && (taskKind === 'security' || (sensitive.length > 0 && !exempt))) {
    floorTier = floor.tier;
    const what = taskKind === 'security' ? 'Security work' : `Sensitive work (${sensitive.join(', ')})`;
    if (rule === 'confidence:unsure' && tierRank(tier) >= tierRank(floor.tier)) {
      // Unsure already sent it up, but the floor is what holds it there: say so.
      rule = 'floor:sensitive';
      reasons.push(`${what} is never below ${floor.tier}`);
    } else step(maxTier(tier, floor.tier), 'floor:sensitive', `${what} is never below ${floor.tier}`);
  } else if (taskKind === 'completion' && signals.multiLine && sensitive.length > 0) {
    const at = policy.scope.sensitiveMultiLineCompletion;
    step(maxTier(tier, at), 'scope:sensitiveCompletion', `Multi-line completion in sensitive code (${sensitive.join(', ')}) → ${maxTier(tier, at)}`);
  }

  const pin = policy.pins[taskKind];
  if (pin !== undefined && tier !== 'automated') {
    const pinned = floorTier === undefined ? pin : maxTier(pin, floorTier);
    const note = pinned === pin ? '' : ` (held at the ${floorTier} floor)`;
    const reason = `Pinned: ${TASK_KIND_INFO[taskKind].label} → ${pin}${note}`;
    // A pin held at the floor changes nothing, but the user who pinned it should see why.
    if (pinned === tier && note !== '') reasons.push(reason);
    else step(pinned, `pin:${taskKind}`, reason);
  }

  if (state.conversationTier !== undefined && tier !== 'automated' && tierRank(tier) < tierRank(state.conversationTier)) {
    // A new task of a cheaper kind may go back down when that is cheaper even counting the history
    // re-read on the other model; a task that continues (same kind, or an escalation) keeps its tier.
    const weighed = state.conversationChange === undefined && state.conversationCosts !== undefined ? weighStepDown(taskKind, tier, state.conversationTier, state.conversationCosts, policy) : undefined;
    if (weighed?.down) {
      rule = 'conversation:stepDown';
      reasons.push(weighed.reason);
    } else {
      const change = state.conversationChange ?? { rule: 'conversation:keep', reason: weighed?.reason ?? `The conversation stays on ${state.conversationTier}` };
      step(state.conversationTier, change.rule, change.reason);
    }
  }

  let blocked: string | undefined;
  if (state.budget !== undefined) {
    const budgeted = applyBudgetToTier(tier, state.budget);
    if (budgeted.kind === 'blocked') {
      blocked = budgeted.message;
      rule = 'budget:stop';
      reasons.push(budgeted.message);
    } else if (budgeted.reason !== undefined) {
      if (budgeted.tier !== tier) step(budgeted.tier, 'budget:stepDown', capitalize(budgeted.reason));
      else reasons.push(capitalize(budgeted.reason));
    }
  }

  if (state.override !== undefined) {
    const { tier: chosen, scope } = state.override;
    const where = scope === 'next' ? 'this request' : scope === 'session' ? 'this session' : `every ${TASK_KIND_INFO[taskKind].label}`;
    const belowFloor = floorTier !== undefined && tierRank(chosen) < tierRank(floorTier) ? ` (below the ${floorTier} floor, by your choice)` : '';
    const same = chosen === tier ? ' (the same as routed)' : '';
    tier = chosen;
    rule = `override:${scope}`;
    reasons.push(`Your override for ${where} → ${chosen}${belowFloor}${same}`);
  }

  const tierSettings = tier === 'automated' ? undefined : policy.tiers[tier];
  // The dial inside the tier: effort and thinking by task kind, what the model accepts of them.
  const dial = tier === 'automated' ? undefined : dialFor(taskKind, tier, tierSettings!.model, policy, { surface: request.surface, effort: state.effort?.effort });
  const dialReason = dial === undefined ? undefined : state.effort ? `${dial.reason} (your choice for ${state.effort.scope === 'next' ? 'this request' : 'this session'})` : dial.reason;
  return {
    tier,
    model: tierSettings?.model ?? AUTOMATED_MODEL,
    ...(dial?.effort !== undefined ? { effort: dial.effort } : {}),
    ...(dial?.thinking !== undefined ? { thinking: dial.thinking } : {}),
    ...(state.effort ? { effortOverride: state.effort } : {}),
    ...(dialReason !== undefined ? { dialReason } : {}),
    surface: request.surface,
    taskKind,
    rule,
    reasons,
    sensitive,
    ...(touched.length > 0 ? { touches: touched } : {}),
    ...(classification ? { classification } : {}),
    ...(state.override ? { override: state.override } : {}),
    escalations: 0,
    ...(floorTier !== undefined ? { floor: floorTier } : {}),
    ...(blocked !== undefined ? { blocked } : {}),
    ...(learnable ? { learnable } : {}),
  };
}

function findSensitive(files: readonly string[], prompt: string, policy: Policy): string[] {
  const hits = new Set<string>();
  for (const file of files) sensitiveTerms(file, policy.floor.pathTerms).forEach((term) => hits.add(term));
  sensitiveTerms(prompt, policy.floor.promptTerms).forEach((term) => hits.add(term));
  return [...hits];
}

const DEFAULT_TERMS = new Set([...DEFAULT_PATH_TERMS, ...DEFAULT_PROMPT_TERMS]);

/** A built-in floor term: evidence the sensitive head may overrule; a term a user added is not. */
function isDefaultTerm(term: string): boolean {
  return DEFAULT_TERMS.has(term);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
