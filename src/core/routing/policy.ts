/**
 * The routing policy as data: which tier each task kind gets, how scope moves a request up, the
 * floor for sensitive work, pins, and escalation. Built-in defaults, then user settings, then the
 * team policy file are merged into one raw object and parsed here. Nothing in a policy says where
 * requests are sent or with which key: those are user-level settings only.
 */
import * as z from 'zod';
import { globProblem } from '../glob';
import type { FieldIssue } from '../validation/lenientParse';
import { parseLeniently } from '../validation/lenientParse';
import { issueText, valueAt } from '../validation/issueText';
import { GATED_TASK_KINDS, TASK_KINDS } from './taskKinds';
import type { TaskKind } from './taskKinds';
import { MODEL_TIERS, TIERS } from './tiers';

export const tierSchema = z.enum(TIERS);
export const modelTierSchema = z.enum(MODEL_TIERS);
export const taskKindSchema = z.enum(TASK_KINDS);
export const effortSchema = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);
/** Thinking per task kind: `adaptive` (the model decides how much to think) or `off`. */
export const THINKING_MODES = ['adaptive', 'off'] as const;
export type Thinking = (typeof THINKING_MODES)[number];

export const DEFAULT_MODELS = {
  fast: 'claude-haiku-5-5',
  balanced: 'claude-sonnet-5-5',
  frontier: 'claude-opus-5-5',
} as const;

/** Words in a file's path that mark sensitive work. */
export const DEFAULT_PATH_TERMS = ['auth', 'login', 'session', 'token', 'password', 'crypto', 'payment', 'billing', 'secret', 'credential', 'migration', 'oauth', 'jwt'];
/** Words in a prompt that mark sensitive work; narrower than paths, since prose says "session" loosely. */
export const DEFAULT_PROMPT_TERMS = ['authentication', 'authorization', 'auth', 'login', 'password', 'crypto', 'cryptography', 'encryption', 'payment', 'billing', 'secret', 'credential', 'oauth', 'jwt', 'session handling', 'session token', 'access token', 'schema migration'];
/** Kinds the floor leaves alone: editor commands, and completions, which the scope rule handles. */
export const DEFAULT_FLOOR_EXEMPT: TaskKind[] = ['completion', 'rename', 'format', 'imports'];

/**
 * A model id as the API names models. Ids are shown in Markdown (the status-bar tooltip, the chat), so
 * anything that could end a code span or start a link or an image is refused where the id is read.
 */
export const modelIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:@/-]{1,100}$/, { error: 'expected a model id: 1-100 letters, digits and . _ : @ / -' });

const tierModel = (model: string, effort: z.infer<typeof effortSchema>) =>
  z.strictObject({ model: modelIdSchema.default(model), effort: effortSchema.default(effort) }).prefault({});

const count = (fallback: number) => z.number().int().min(1).default(fallback);

/** Where an applied suggestion is written: the user's settings, or the team policy file. */
export const APPLY_TARGETS = ['user', 'team'] as const;
export type ApplyTarget = (typeof APPLY_TARGETS)[number];

/**
 * A `taskKinds` entry that came from a suggestion the user applied (src/core/learning/): what it
 * set, when, on how many signals, and where it was written, so the decision's reasons can name its
 * origin. Numbers and a date only: nothing here is free text that reaches the reasons.
 */
export const learnedRuleSchema = z.strictObject({
  tier: tierSchema,
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date, YYYY-MM-DD' }),
  signals: z.number().int().min(1).max(1000),
  of: z.number().int().min(1).max(1000),
  /** What the signals said: the kind needed a stronger tier, or could have been cheaper. */
  said: z.enum(['stronger', 'cheaper']),
  where: z.enum(APPLY_TARGETS),
});
export type LearnedRule = z.infer<typeof learnedRuleSchema>;

/** Where a scoped rule came from; set by Model Router when the layers are merged, never read from a file. */
export const RULE_ORIGINS = ['user', 'workspace', 'team'] as const;
export type RuleOrigin = (typeof RULE_ORIGINS)[number];

/** Characters a rule's glob may hold: a path pattern, nothing that could start a link or code span where reasons are shown. */
const GLOB_CHARS = /^[A-Za-z0-9._\-/*?{}[\]!,@+~# ]{1,200}$/;
const ruleGlobSchema = z
  .string()
  .superRefine((glob, context) => {
    if (!GLOB_CHARS.test(glob)) {
      context.addIssue({ code: 'custom', message: `the path pattern ${JSON.stringify(glob.slice(0, 80))} must be 1-200 characters of letters, digits, / . _ - * ? { } [ ] ! , @ + ~ # and spaces (a workspace-relative glob such as "src/billing/**")` });
      return;
    }
    if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || glob.split('/').includes('..')) {
      context.addIssue({ code: 'custom', message: `the path pattern ${JSON.stringify(glob)} must be relative to the workspace folder, without a leading / or .. (such as "src/billing/**")` });
      return;
    }
    const problem = globProblem(glob);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `the path pattern ${JSON.stringify(glob)} ${problem}` });
  });
const languageIdSchema = z.string().regex(/^[A-Za-z0-9._+#-]{1,50}$/, { error: 'expected a VS Code language id such as "python" or "typescriptreact"' });

/** What an Apply on a folder or language suggestion records beside the rule, for the reasons. */
export const learnedOriginSchema = learnedRuleSchema.pick({ on: true, signals: true, of: true, said: true });
export type LearnedOrigin = z.infer<typeof learnedOriginSchema>;

const scopedRuleFields = {
  taskKind: taskKindSchema,
  /** Workspace-relative globs; the rule applies when any file of the request matches one. */
  paths: z.array(ruleGlobSchema).min(1).max(20).optional(),
  /** Language ids; the rule applies when the request's file is in one of them. */
  languages: z.array(languageIdSchema).min(1).max(20).optional(),
  tier: modelTierSchema,
  learned: learnedOriginSchema.optional(),
};
const NEEDS_SCOPE = { error: 'a rule needs "paths" (globs such as "src/billing/**"), "languages" (language ids such as "python"), or both' };
const hasScope = (rule: { paths?: readonly string[]; languages?: readonly string[] }) => rule.paths !== undefined || rule.languages !== undefined;

/**
 * A task kind's tier in some folders or languages: `{ "taskKind": "refactor", "paths": ["src/billing/**"], "tier": "frontier" }`.
 * It replaces the kind's tier for matching requests (scope, the floor and pins still apply after it).
 * Rules from the workspace's settings or the team file may only raise a tier.
 */
export const scopedRuleSchema = z.strictObject(scopedRuleFields).refine(hasScope, NEEDS_SCOPE);
export type ScopedRuleInput = z.infer<typeof scopedRuleSchema>;
const policyRuleSchema = z.strictObject({ ...scopedRuleFields, from: z.enum(RULE_ORIGINS).default('user') }).refine(hasScope, NEEDS_SCOPE);
export type ScopedRule = z.output<typeof policyRuleSchema>;
/** Rules kept per layer at most. */
export const MAX_RULES = 100;

export const policySchema = z.strictObject({
  /** Allowed so a policy file can point editors at a JSON schema. */
  $schema: z.string().optional(),
  tiers: z
    .strictObject({
      fast: tierModel(DEFAULT_MODELS.fast, 'low'),
      balanced: tierModel(DEFAULT_MODELS.balanced, 'medium'),
      // Routine frontier work runs at medium; the hard kinds get high from `dial.frontierEffort`.
      frontier: tierModel(DEFAULT_MODELS.frontier, 'medium'),
    })
    .prefault({}),
  /** Task kind → tier, replacing the built-in default of that kind. */
  taskKinds: z.partialRecord(taskKindSchema, tierSchema).prefault({}),
  /**
   * Task kind → tier in some folders or languages (scopedRuleSchema). The user's rules apply in order,
   * a later match replacing an earlier one; rules of the workspace's settings and the team file then
   * only raise the tier. `from` is set when the layers are merged.
   */
  rules: z.array(policyRuleSchema).max(MAX_RULES * 3).default([]),
  /** Task kind → tier, applied after scope and floor; a pin never goes below the floor. */
  pins: z.partialRecord(taskKindSchema, modelTierSchema).prefault({}),
  scope: z
    .strictObject({
      balancedAtFiles: count(3),
      frontierAtFiles: count(5),
      frontierOnCrossFolder: z.boolean().default(true),
      frontierAtContextTokens: count(200_000),
      notFastAboveOutputLines: count(150),
      sensitiveMultiLineCompletion: modelTierSchema.default('balanced'),
    })
    .prefault({}),
  floor: z
    .strictObject({
      enabled: z.boolean().default(true),
      tier: modelTierSchema.default('frontier'),
      pathTerms: z.array(z.string().min(1)).default(DEFAULT_PATH_TERMS),
      promptTerms: z.array(z.string().min(1)).default(DEFAULT_PROMPT_TERMS),
      exemptKinds: z.array(taskKindSchema).default(DEFAULT_FLOOR_EXEMPT),
    })
    .prefault({}),
  escalation: z.strictObject({ maxSteps: z.number().int().min(0).max(2).default(2) }).prefault({}),
  /**
   * The verified cascade's start (issue 16): task kinds listed here start one tier below where they
   * route when the editor's own checks judge the answer (the diagnostics gate of Fix the Problem,
   * Refactor Selection, Add Docstring, Write Tests), climbing on a failed check; never below the
   * sensitive-work floor, and never for a tier the user pinned or chose.
   */
  cascade: z.strictObject({ startLower: z.array(z.enum(GATED_TASK_KINDS)).default([]) }).prefault({}),
  /**
   * What to do when the routed model is overloaded (529) before any answer arrived. `onOverloaded`
   * asks one tier lower once, never below the sensitive-work floor and never for a tier the user chose.
   */
  fallback: z.strictObject({ onOverloaded: z.boolean().default(true) }).prefault({}),
  /**
   * The dial inside a tier (src/core/routing/dial.ts). `frontierEffort`: task kind → effort on the
   * frontier tier, over the built-in table (architecture, API design, concurrency, security, debugging,
   * migrations, deep audits, research, performance and multi-file refactors at high; the rest at
   * `tiers.frontier.effort`). `thinking`: task kind → `adaptive` or `off`, over the built-in table
   * (off for mechanical kinds, adaptive for review, bug fixes and every reasoning kind).
   */
  dial: z
    .strictObject({
      frontierEffort: z.partialRecord(taskKindSchema, effortSchema).prefault({}),
      thinking: z.partialRecord(taskKindSchema, z.enum(THINKING_MODES)).prefault({}),
    })
    .prefault({}),
  /**
   * The workspace tasks the $0 checks run (src/core/devLoop/checks.ts), by task name (or
   * "source: name"). Without a name, the task of VS Code's `test` or `build` group runs, and for lint
   * and the smoke test a task whose name starts with "lint" or "smoke".
   */
  checks: z
    .strictObject({
      test: z.string().min(1).optional(),
      build: z.string().min(1).optional(),
      lint: z.string().min(1).optional(),
      smoke: z.string().min(1).optional(),
    })
    .prefault({}),
  /**
   * When the spend report suggests a routing change from your own signals (src/core/learning/):
   * at least `minSignals` of a task kind's recent signals point the same way, and they are at
   * least `share` of them. A suggestion is only offered; nothing changes until you apply it.
   */
  learning: z
    .strictObject({
      minSignals: count(5),
      share: z.number().min(0.5).max(1).default(0.6),
      /** The same for a task kind in one folder or one language, whose signals are fewer (a rule in `rules`). */
      scopedMinSignals: count(4),
      scopedShare: z.number().min(0.5).max(1).default(0.75),
      /** The taskKinds entries that came from applied suggestions, by task kind (see learnedRuleSchema). */
      applied: z.partialRecord(taskKindSchema, learnedRuleSchema).prefault({}),
    })
    .prefault({}),
});

export type Policy = z.output<typeof policySchema>;

/** Validates a raw policy. Never throws: each bad field is an issue with its path, and its default applies. */
export function parsePolicy(raw: unknown): { policy: Policy; issues: FieldIssue[]; layer: Record<string, unknown> } {
  const rules = checkRules(raw);
  const { value, issues, cleaned } = parseLeniently(policySchema, rules.raw);
  return { policy: value, issues: [...rules.issues, ...issues], layer: isPlainObject(cleaned) ? cleaned : {} };
}

/**
 * Each rule is checked whole: a rule with a bad field is dropped with one issue naming it, and the
 * other rules stay — dropping the field alone would leave a rule broader or narrower than written.
 */
function checkRules(raw: unknown): { raw: unknown; issues: FieldIssue[] } {
  if (!isPlainObject(raw) || !Array.isArray(raw.rules) || raw.rules.length > MAX_RULES * 3) return { raw, issues: [] };
  const issues: FieldIssue[] = [];
  const kept = raw.rules.filter((rule: unknown, index: number) => {
    const parsed = policyRuleSchema.safeParse(rule);
    if (parsed.success) return true;
    const first = parsed.error.issues[0];
    const path = ['rules', String(index), ...first.path.map(String)].join('.');
    issues.push({ path, message: `${issueText(first, valueAt(rule, first.path))}; this rule is ignored, the others still apply` });
    return false;
  });
  return { raw: { ...raw, rules: kept }, issues };
}

export const DEFAULT_POLICY: Policy = parsePolicy({}).policy;

/**
 * Layers raw policies, later ones winning field by field (objects merge, arrays and values
 * replace). Each layer should be validated first so that a bad field in one layer cannot hide a
 * good one beneath it.
 */
export function mergePolicyLayers(...layers: readonly unknown[]): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) merged = mergeObjects(merged, layer);
  return merged;
}

function mergeObjects(base: Record<string, unknown>, over: unknown): Record<string, unknown> {
  if (!isPlainObject(over)) return base;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    result[key] = isPlainObject(value) && isPlainObject(result[key]) ? mergeObjects(result[key] as Record<string, unknown>, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
