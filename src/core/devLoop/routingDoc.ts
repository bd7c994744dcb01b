/**
 * ROUTING.md: the repository's routing policy in words, written from the effective policy (no model
 * is asked, so it costs $0), plus the split the ledger saw over the last weeks by tier and task kind.
 * What Model Router writes sits between marker comments, one region per section; everything outside
 * them is the user's and survives a regeneration as it was, in place (`mergeRoutingDoc`).
 */
import { formatUsd } from '../money';
import type { Policy } from '../routing/policy';
import { TASK_KIND_INFO, TASK_KINDS } from '../routing/taskKinds';
import type { TaskKind } from '../routing/taskKinds';
import { MODEL_TIERS, TIERS } from '../routing/tiers';
import type { Tier } from '../routing/tiers';
import type { SpendRecord } from '../spend/spendRecord';

export const ROUTING_DOC_PATH = 'ROUTING.md';
/** Weeks of the ledger the observed split covers. */
export const ROUTING_DOC_WEEKS = 4;

export interface RoutingDocInput {
  /** The effective policy: defaults, user settings and the team file merged, as requests are routed. */
  readonly policy: Policy;
  /** Whether a team policy file is applied (it is ignored in an untrusted workspace). */
  readonly teamFile: boolean;
  /** This machine's ledger records of the window, any order. */
  readonly records: readonly SpendRecord[];
  readonly since: Date;
  readonly now: Date;
}

const BEGIN = (id: string) => `<!-- model-router:begin ${id} -->`;
const END = (id: string) => `<!-- model-router:end ${id} -->`;
const REGION = /<!-- model-router:begin ([a-z-]+) -->\n?[\s\S]*?<!-- model-router:end \1 -->/g;

const TIER_WORK: Readonly<Record<Tier, string>> = {
  automated: 'deterministic work with a right answer, no model: formatting, organizing imports, renames, running the tests, the build, lint, pre-flight and smoke checks',
  fast: 'mechanical work with clear patterns: completions, commit messages, docstrings, naming, docs and config, boilerplate, summaries, obvious fixes',
  balanced: 'generative work: implementing from a clear spec, tests, single-file refactors, bug fixes with a reproduction, surface review, explanations',
  frontier: 'reasoning: research, architecture and API design, plans and their validation, deep audits, subtle debugging, concurrency, security, migrations, multi-file refactors',
};

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.map((item) => `\`${item}\``).join(', ');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

function modelsAndTiers(policy: Policy): string {
  const rows = TIERS.map((tier) => {
    const served = tier === 'automated' ? 'VS Code commands and tasks ($0)' : `\`${policy.tiers[tier].model}\`, effort ${policy.tiers[tier].effort}`;
    return `| ${tier} | ${served} | ${TIER_WORK[tier]} |`;
  });
  return ['## Model pool and tiers', '', '| tier | served by | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** Where a kind's tier comes from, in words. */
function kindSource(policy: Policy, kind: TaskKind): string {
  const notes: string[] = [];
  const set = policy.taskKinds[kind];
  if (set !== undefined && set !== TASK_KIND_INFO[kind].defaultTier) notes.push(policy.learning.applied[kind] ? `learned ${policy.learning.applied[kind]!.on} (default ${TASK_KIND_INFO[kind].defaultTier})` : `set by the policy (default ${TASK_KIND_INFO[kind].defaultTier})`);
  const pin = policy.pins[kind];
  if (pin !== undefined) notes.push(`pinned to ${pin}`);
  if ((policy.cascade.startLower as readonly string[]).includes(kind)) notes.push('starts one tier lower when the editor can check the answer');
  return notes.join('; ');
}

function routingTable(policy: Policy): string {
  const rows = TASK_KINDS.map((kind) => {
    const tier = policy.pins[kind] ?? policy.taskKinds[kind] ?? TASK_KIND_INFO[kind].defaultTier;
    return { kind, tier, note: kindSource(policy, kind) };
  }).sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));
  const { scope } = policy;
  return [
    '## Routing table',
    '',
    'Each request is classified into a task kind, which has a tier; then the folder and language rules, the scope signals, the sensitive-work floor, pins, the conversation, the budget and your own choice are applied, in that order.',
    '',
    '| task kind | tier | note |',
    '|---|---|---|',
    ...rows.map((row) => `| ${TASK_KIND_INFO[row.kind].label} (\`${row.kind}\`) | ${row.tier} | ${row.note} |`),
    ...scopedRulesList(policy),
    '',
    `Scope: ${scope.balancedAtFiles} or more files involved → at least balanced; ${scope.frontierAtFiles} or more${scope.frontierOnCrossFolder ? ', or files in several top-level folders' : ''} → frontier; more than ${scope.frontierAtContextTokens.toLocaleString('en-US')} tokens of context → frontier; more than ${scope.notFastAboveOutputLines} lines of expected output → not fast.`,
    '',
    `An answer that fails a local check (code that does not parse, new type errors, failing tests) is asked again one tier up, at most ${policy.escalation.maxSteps} time${policy.escalation.maxSteps === 1 ? '' : 's'}; on frontier a last try runs at high effort, then the answer is marked for your review. ${policy.fallback.onOverloaded ? 'An overloaded model (HTTP 529) with nothing streamed yet is asked one tier lower once, never below the floor.' : 'An overloaded model is not replaced by a lower tier.'}`,
  ].join('\n');
}

const RULE_FROM = { user: 'your user settings', workspace: 'the workspace settings (may only raise)', team: 'the team file (may only raise)' } as const;

/** The folder and language rules, one line each, with where each came from. */
function scopedRulesList(policy: Policy): string[] {
  if (policy.rules.length === 0) return [];
  const code = (items: readonly string[]) => items.map((item) => `\`${item}\``).join(', ');
  return [
    '',
    'Folder and language rules, applied to the kind\'s tier before scope (your own replace it, a later one over an earlier; a workspace\'s or the team file\'s only raise it):',
    '',
    ...policy.rules.map((rule) => {
      const where = `${rule.paths ? ` in ${code(rule.paths)}` : ''}${rule.languages ? ` in ${code(rule.languages)} files` : ''}`;
      return `- ${TASK_KIND_INFO[rule.taskKind].label} (\`${rule.taskKind}\`)${where} → ${rule.tier}: ${RULE_FROM[rule.from]}${rule.learned ? `, learned ${rule.learned.on}` : ''}`;
    }),
  ];
}

function mustStayFrontier(policy: Policy): string {
  const { floor } = policy;
  if (!floor.enabled) return ['## Must stay frontier', '', '**The sensitive-work floor is off in this policy**: sensitive work is routed like any other. The routing guide keeps authentication, payments, encryption and secrets, schemas and migrations, and security review on frontier.'].join('\n');
  const alwaysFrontier = TASK_KINDS.filter((kind) => (policy.taskKinds[kind] ?? TASK_KIND_INFO[kind].defaultTier) === 'frontier');
  return [
    '## Must stay frontier',
    '',
    `Work that touches sensitive code never goes below **${floor.tier}**, whatever it looks like: a request whose files' paths contain one of ${list(floor.pathTerms)}, or whose words name one of ${list(floor.promptTerms)}. Exempt: ${list(floor.exemptKinds)} (editor commands, and completions, which the scope rule handles). A pin never goes below the floor.`,
    '',
    `Routed to frontier by kind: ${alwaysFrontier.map((kind) => TASK_KIND_INFO[kind].label).join(', ')}.`,
  ].join('\n');
}

function overrides(teamFile: boolean): string {
  return [
    '## Who may override, and how',
    '',
    '- **You, for one request or the session**: *Model Router: Choose Tier* (or the status bar) sets the tier for the next request or the rest of the session; *Redo One Tier Up* on an answer asks the next tier. Your choice may go below the floor; the request then says so in its reasons.',
    '- **You, for a task kind**: *Choose Tier → always for this task kind* writes a pin to your settings (`modelRouter.policy.pins`); `modelRouter.policy.taskKinds` replaces a kind\'s default tier, `modelRouter.policy.rules` its tier in some folders or languages. A pin never goes below the floor.',
    `- **The team**: \`.vscode/model-router.json\`, reviewed like code, is merged over everyone's settings (read only in a trusted workspace). ${teamFile ? 'This repository has one, and it is in the policy above.' : 'This repository has none.'}`,
    '- **A workspace** (its settings or the team file) may tighten a protection (a lower budget, more secret files, the floor on), never loosen one. It may name a stronger model or a higher effort for a tier, or a higher effort or more thinking for a task kind, never a cheaper, weaker or lower one (nor a dearer one for inline completions), and never the endpoint: those are your user settings.',
    '- **Suggestions** from your own feedback (the spend report\'s weekly review) change nothing until you apply them; an applied one is named in the table above.',
  ].join('\n');
}

function contextAcrossSwitches(): string {
  return [
    '## How context carries across a switch',
    '',
    '- A conversation keeps its tier while its task continues (the same kind, or an escalation): switching models mid-task re-sends the whole context and loses the prompt cache, which is per model.',
    '- A new task of a cheaper kind moves down only when that is cheaper once the lower model re-reads the history into its own cache; the reason shows both figures.',
    '- An escalated task finishes on the tier it climbed to; the next task may start lower again. Every switch is shown in the chat ("↑ balanced → frontier, why").',
    '- On a switch the receiving model gets the conversation so far, not a summary. Validate the Plan is the exception on purpose: it goes to frontier in a fresh context, with none of the history, against confirmation bias.',
  ].join('\n');
}

/** Requests and cost per tier and per task kind over the window. */
function observedSplit(input: RoutingDocInput): string {
  const requests = input.records.filter((record) => Date.parse(record.time) >= input.since.getTime() && Date.parse(record.time) <= input.now.getTime());
  const heading = `## Observed split, ${day(input.since)} to ${day(input.now)}`;
  if (requests.length === 0) return [heading, '', 'No requests in this machine\'s ledger for these weeks.'].join('\n');
  const cost = (rows: readonly SpendRecord[]) => rows.reduce((sum, record) => sum + (record.costMicros ?? 0), 0);
  const total = cost(requests);
  const tierRows = TIERS.flatMap((tier) => {
    const rows = requests.filter((record) => record.tier === tier);
    return rows.length === 0 ? [] : [`| ${tier} | ${rows.length} | ${percent(rows.length, requests.length)} | ${formatUsd(cost(rows))} | ${percent(cost(rows), total)} |`];
  });
  const byKind = new Map<TaskKind, SpendRecord[]>();
  for (const record of requests) byKind.set(record.taskKind, [...(byKind.get(record.taskKind) ?? []), record]);
  const kindRows = [...byKind.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([kind, rows]) => {
      const split = MODEL_TIERS.map((tier) => rows.filter((record) => record.tier === tier).length);
      const automated = rows.filter((record) => record.tier === 'automated').length;
      return `| ${TASK_KIND_INFO[kind].label} | ${rows.length} | ${automated} | ${split.join(' | ')} | ${formatUsd(cost(rows))} |`;
    });
  return [
    heading,
    '',
    `${requests.length} request${requests.length === 1 ? '' : 's'} in this machine's ledger, ${formatUsd(total)} in all.`,
    '',
    '| tier | requests | share | cost | share of cost |',
    '|---|---|---|---|---|',
    ...tierRows,
    '',
    '| task kind | requests | automated | fast | balanced | frontier | cost |',
    '|---|---|---|---|---|---|---|',
    ...kindRows,
  ].join('\n');
}

/** The generated regions, in order, by id. */
export function routingDocRegions(input: RoutingDocInput): Array<{ id: string; body: string }> {
  return [
    { id: 'intro', body: `# Routing policy\n\nWhich Claude model does which work in this repository, written by *Model Router: Write ROUTING.md* on ${day(input.now)} from the policy in effect${input.teamFile ? ' (defaults, settings and `.vscode/model-router.json`)' : ' (defaults and settings)'}. Text outside the \`model-router:begin\`/\`end\` markers is yours and is kept when the file is written again.` },
    { id: 'tiers', body: modelsAndTiers(input.policy) },
    { id: 'routing-table', body: routingTable(input.policy) },
    { id: 'must-stay-frontier', body: mustStayFrontier(input.policy) },
    { id: 'overrides', body: overrides(input.teamFile) },
    { id: 'context', body: contextAcrossSwitches() },
    { id: 'observed', body: observedSplit(input) },
  ];
}

function region(id: string, body: string): string {
  return `${BEGIN(id)}\n${body.trim()}\n${END(id)}`;
}

/** A new ROUTING.md: the regions, with a section of the user's own after them to start from. */
export function routingDoc(input: RoutingDocInput): string {
  const regions = routingDocRegions(input).map(({ id, body }) => region(id, body));
  return `${regions.join('\n\n')}\n\n## Team notes\n\nYour own notes: exceptions, who to ask, what the team agreed. Model Router leaves this section alone.\n`;
}

/**
 * The file written again: each region Model Router wrote is replaced in place with its new text and
 * everything around them is the user's, kept byte for byte. A region the user deleted stays deleted;
 * a new region goes after the last one kept. A file without any marker (written by hand) is kept
 * whole, with the generated regions after it.
 */
export function mergeRoutingDoc(existing: string, input: RoutingDocInput): string {
  const regions = routingDocRegions(input);
  const found = [...existing.matchAll(REGION)].map((match) => match[1]);
  if (found.length === 0) {
    const kept = existing.trimEnd();
    return `${kept === '' ? '' : `${kept}\n\n`}${regions.map(({ id, body }) => region(id, body)).join('\n\n')}\n`;
  }
  const known = new Map(regions.map(({ id, body }) => [id, body]));
  let merged = existing.replace(REGION, (_whole, id: string) => (known.has(id) ? region(id, known.get(id)!) : ''));
  // Regions this version adds (absent, not deleted: only those newer than every region the file has).
  const ids = regions.map(({ id }) => id);
  const last = Math.max(...found.map((id) => ids.indexOf(id)));
  const added = regions.filter(({ id }, index) => index > last && !found.includes(id));
  if (added.length > 0) {
    const lastEnd = END(ids[last]);
    const at = merged.indexOf(lastEnd) + lastEnd.length;
    merged = `${merged.slice(0, at)}\n\n${added.map(({ id, body }) => region(id, body)).join('\n\n')}${merged.slice(at)}`;
  }
  return merged;
}
