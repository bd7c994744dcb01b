/**
 * Every `modelRouter.*` setting, once: its zod schema (the source of its type and default), the
 * description shown in the Settings editor, and its scope. The manifest's
 * `contributes.configuration` is generated from this table (`npm run sync-manifest`) and a unit
 * test proves the two agree. Settings that say where requests go are application-scoped, so a
 * workspace can never redirect them.
 */
import * as z from 'zod';
import { GATED_TASK_KINDS } from '../routing/taskKinds';
import { THINKING_MODES, DEFAULT_MODELS, modelIdSchema, DEFAULT_PATH_TERMS, DEFAULT_PROMPT_TERMS, effortSchema, learnedRuleSchema, MAX_RULES, modelTierSchema, scopedRuleSchema, taskKindSchema, tierSchema } from '../routing/policy';

export type SettingScope = 'application' | 'machine' | 'window' | 'resource' | 'language-overridable';

export interface SettingSpec<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /** Markdown, shown in the Settings editor. */
  readonly description: string;
  readonly scope: SettingScope;
  /** Settings a workspace must not change until it is trusted. */
  readonly restricted?: boolean;
}

const setting = <S extends z.ZodType>(schema: S, description: string, scope: SettingScope = 'window', restricted = false): SettingSpec<S> => ({
  schema,
  description,
  scope,
  restricted,
});

const usd = z.number().min(0).default(0);

/**
 * Secret files by default: environment files, private keys and keystores, and the credential files of
 * common tools (cloud CLIs, package managers, databases, git, Kubernetes, Docker, Terraform, direnv).
 */
export const DEFAULT_SECRET_PATTERNS = [
  '**/.env',
  '**/.env.*',
  '**/.envrc',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.jks',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/secrets/**',
  '**/secrets.{yaml,yml,json}',
  '**/.aws/credentials',
  '**/.npmrc',
  '**/.netrc',
  '**/.pgpass',
  '**/.git-credentials',
  '**/credentials.json',
  '**/*service-account*.json',
  '**/.kube/config',
  '**/kubeconfig',
  '**/.docker/config.json',
  '**/terraform.tfvars',
  '**/*.auto.tfvars',
];

/**
 * Ceilings of the completion sizes: beyond them a value is reported and the default applies. 100,000
 * characters before the cursor is about 25k tokens, already some 15 times the default's cost.
 */
export const MAX_PREFIX_CHARS = 100_000;
export const MAX_SUFFIX_CHARS = 50_000;
export const MAX_FILE_SIZE_KB = 10_240;
const modelId = (model: string) => modelIdSchema.default(model);
const priceSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheWrite5m: z.number().min(0).optional(),
  cacheWrite1h: z.number().min(0).optional(),
  cacheRead: z.number().min(0).optional(),
});

/** Where a tier's requests go: the Anthropic API (or `api.baseUrl`), or the local server of `local.url`. */
export const ENDPOINTS = ['anthropic', 'local', 'bedrock', 'vertex'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
const endpointSchema = z.enum(ENDPOINTS).default('anthropic');
const endpointDescription = (tier: string) =>
  `Where the **${tier}** tier's requests go: \`anthropic\` (the Anthropic API, or \`modelRouter.api.baseUrl\`) \`local\` (the server of \`modelRouter.local.url\`, running \`modelRouter.local.model\`, priced $0 unless \`modelRouter.prices\` names it; the tier's \`model\` is then its cloud fallback), \`bedrock\` (Amazon Bedrock in \`modelRouter.bedrock.region\`, AWS credentials from the standard chain) or \`vertex\` (Google Vertex AI, \`modelRouter.vertex.projectId\` and \`modelRouter.vertex.region\`, Application Default Credentials); on Bedrock and Vertex the tier's \`model\` is the platform's model id. User settings only: a workspace never says where requests go.`;

/** "" (none) or a string matching `pattern`; anything else gets `error`, whatever its type. */
const optionalPattern = (pattern: RegExp, error: string) => z.union([z.literal(''), z.string().trim().regex(pattern, { error })], { error }).default('');

/** Said of each tier's model and effort: a workspace may make a tier stronger, never cheaper or weaker (tierChoices.ts). */
const WORKSPACE_MODEL = " A workspace's value applies only when it is no cheaper and no weaker than yours.";
const WORKSPACE_EFFORT = " A workspace's value applies only when it is at least yours.";
/** Said of the dial per task kind: a workspace may raise a kind's effort or thinking, never lower it (dialChoices.ts). */
const WORKSPACE_DIAL = " A workspace's entry for a kind applies only when it is no lower than what your settings (or the built-in table) give that kind.";

export const SETTINGS = {
  'tiers.fast.model': setting(modelId(DEFAULT_MODELS.fast), 'Model that serves the **fast** tier (completions, commit messages, docstrings, boilerplate).' + WORKSPACE_MODEL, 'window', true),
  'tiers.fast.effort': setting(effortSchema.default('low'), 'Effort for the fast tier.' + WORKSPACE_EFFORT, 'window', true),
  'tiers.balanced.model': setting(modelId(DEFAULT_MODELS.balanced), 'Model that serves the **balanced** tier (tests, implementation, bug fixes, reviews, explanations).' + WORKSPACE_MODEL, 'window', true),
  'tiers.balanced.effort': setting(effortSchema.default('medium'), 'Effort for the balanced tier.' + WORKSPACE_EFFORT, 'window', true),
  'tiers.frontier.model': setting(modelId(DEFAULT_MODELS.frontier), 'Model that serves the **frontier** tier (architecture, planning, debugging, security).' + WORKSPACE_MODEL, 'window', true),
  'tiers.frontier.effort': setting(effortSchema.default('medium'), 'Effort for routine work on the frontier tier; `policy.frontierEffort` raises the hard kinds (architecture, security, concurrency, debugging…) to high.' + WORKSPACE_EFFORT, 'window', true),
  'policy.frontierEffort': setting(
    z.partialRecord(taskKindSchema, effortSchema).default({}),
    'Task kind → effort on the frontier tier, over the built-in table (high for architecture, API design, concurrency, security, debugging, migrations, deep audits, research, performance and multi-file refactors), e.g. `{ "plan": "high" }`.' +
      WORKSPACE_DIAL,
    'window',
    true,
  ),
  'policy.thinking': setting(
    z.partialRecord(taskKindSchema, z.enum(THINKING_MODES)).default({}),
    'Task kind → `adaptive` (the model may think, billed as output) or `off`, over the built-in table (off for mechanical work such as commit messages and docstrings, adaptive for review, bug fixes and every reasoning kind), e.g. `{ "review": "off" }`.' +
      WORKSPACE_DIAL,
    'window',
    true,
  ),
  'policy.taskKinds': setting(z.partialRecord(taskKindSchema, tierSchema).default({}), 'Task kind → tier, replacing the built-in default for that kind, e.g. `{ "explain": "fast" }`.'),
  'policy.pins': setting(z.partialRecord(taskKindSchema, modelTierSchema).default({}), 'Task kind → tier, applied after scope rules; never below the sensitive-work floor. "Choose Tier → always for this task kind" writes here.'),
  'policy.rules': setting(
    z.array(scopedRuleSchema).max(MAX_RULES).default([]),
    'A task kind\'s tier in some folders or languages, e.g. `[{ "taskKind": "refactor", "paths": ["src/billing/**"], "tier": "frontier" }]` or `{ "taskKind": "explain", "languages": ["markdown"], "tier": "fast" }`. `paths` are workspace-relative globs (any file of the request matches), `languages` VS Code language ids; give either or both. A matching rule replaces the kind\'s tier (a later one over an earlier one); scope, the sensitive-work floor and pins still apply after it. Rules in a workspace\'s settings or the team policy file may only raise a tier. Apply on a folder or language suggestion of the spend report writes here, with `learned` (the date and the signals behind it).',
  ),
  'policy.floor.enabled': setting(z.boolean().default(true), 'Never send sensitive work (auth, payments, crypto, sessions, migrations) below the floor tier.'),
  'policy.floor.pathTerms': setting(z.array(z.string().min(1)).default(DEFAULT_PATH_TERMS), 'Words in a file path that mark sensitive work.'),
  'policy.floor.promptTerms': setting(z.array(z.string().min(1)).default(DEFAULT_PROMPT_TERMS), 'Words or phrases in a prompt that mark sensitive work.'),
  'policy.scope.balancedAtFiles': setting(z.number().int().min(1).default(3), 'With this many files involved a request goes to at least balanced.'),
  'policy.scope.frontierAtFiles': setting(z.number().int().min(1).default(5), 'With this many files involved a request goes to frontier.'),
  'policy.scope.frontierAtContextTokens': setting(z.number().int().min(1).default(200_000), 'Above this many tokens of context a request goes to frontier.'),
  'learning.minSignals': setting(
    z.number().int().min(1).default(5),
    'The spend report suggests routing a task kind one tier up or down when at least this many of its recent signals (your could-have-been-cheaper / needed-stronger flags, retries, redos, overrides, failed checks) point that way. Nothing changes until you apply a suggestion.',
  ),
  'learning.applied': setting(
    z.partialRecord(taskKindSchema, learnedRuleSchema).default({}),
    'Written by Apply on a spend-report suggestion, beside the policy.taskKinds entry it set: the tier, the date, the signals behind it and where it was written, so the decision\'s reasons say where the rule came from. Remove an entry together with its policy.taskKinds entry to undo a suggestion.',
  ),
  'routing.askFastTierWhenUnsure': setting(
    z.boolean().default(false),
    'When the local classifier is unsure of a chat request\'s task kind, ask the fast tier in a short classification request (about 1.5 s at most, its cost its own ledger row on surface `router`) and route by its answer; on a timeout the local decision stands. Never for completions, never below the sensitive-work floor.',
    'application',
  ),
  'learning.share': setting(z.number().min(0.5).max(1).default(0.6), 'The share of a task kind\'s recent signals that must point the same way before the spend report suggests a change (0.5–1).'),
  'learning.scopedMinSignals': setting(
    z.number().int().min(1).default(4),
    'The spend report suggests a rule for a task kind in one folder (`src/billing/**`) or one language when at least this many of its recent signals there point the same way.',
  ),
  'learning.scopedShare': setting(z.number().min(0.5).max(1).default(0.75), 'The share of a task kind\'s recent signals in one folder or language that must point the same way before the spend report suggests a rule for it (0.5–1).'),
  'cascade.startLower': setting(
    z.array(z.enum(GATED_TASK_KINDS)).default([]),
    'Task kinds (bugfix, refactor, docstring, tests) that start one tier lower when the editor\'s own checks judge the answer (Fix the Problem, Refactor Selection, Add Docstring, Write Tests), climbing one tier when the language server reports new errors. Never below the sensitive-work floor.',
  ),
  'verify.testTask': setting(
    z.string().default(''),
    'The VS Code task the verified cascade\'s test gate runs after Write Tests for This File is applied and after Implement the Plan\'s steps, by name (or "source: name"). Empty: the team file\'s `checks.test`, else the workspace\'s default test task. Runs only in a trusted workspace; failing tests are asked again one tier up with the output.',
    'window',
    true,
  ),
  'escalation.maxSteps': setting(z.number().int().min(0).max(2).default(2), 'How many tiers an answer that fails a local check (unbalanced brackets, code that does not parse, an edit that does not apply) may climb.'),
  'policy.fallback.onOverloaded': setting(
    z.boolean().default(true),
    'When the routed model is overloaded (HTTP 529) before anything streamed, ask one tier lower once (frontier → balanced → fast) and say so. Never below the sensitive-work floor, never for a tier you chose.',
  ),
  'budget.sessionUsd': setting(usd, 'Budget for one session in US dollars; `0` means none. The status bar warns at 80%.'),
  'budget.dailyUsd': setting(usd, 'Budget per calendar day in US dollars; `0` means none. The status bar warns at 80%.'),
  'budget.onExceed': setting(z.enum(['warn', 'stepDown', 'stop']).default('warn'), 'What happens at 100% of a budget: `warn`, `stepDown` (frontier → balanced → fast) or `stop` and ask before each request.'),
  'completions.enabled': setting(z.boolean().default(true), 'Offer inline completions.'),
  'completions.disabledLanguages': setting(z.array(z.string().min(1)).default(['plaintext', 'scminput']), 'Language ids that never get inline completions.'),
  'completions.debounceMs': setting(z.number().int().min(0).max(2000).default(75), 'Wait this long after the last keystroke before asking for a completion.'),
  'completions.exclude': setting(
    z.array(z.string().min(1)).default(DEFAULT_SECRET_PATTERNS),
    'Glob patterns of secret files (`.env`, keys, credentials) whose text is never sent to a model: they get no completions, and the chat, agent commands and `@router` leave them out and say so. Matched against the workspace path and the full path, ignoring case. A workspace can add patterns, never remove yours.',
  ),
  'completions.maxFileSizeKb': setting(z.number().int().min(1).max(MAX_FILE_SIZE_KB).default(1024), `Files larger than this get no completions (at most ${MAX_FILE_SIZE_KB}).`),
  'completions.prefixChars': setting(z.number().int().min(200).max(MAX_PREFIX_CHARS).default(6000), `Characters before the cursor sent with a completion request (at most ${MAX_PREFIX_CHARS}).`),
  'completions.suffixChars': setting(z.number().int().min(0).max(MAX_SUFFIX_CHARS).default(2000), `Characters after the cursor sent with a completion request (at most ${MAX_SUFFIX_CHARS}).`),
  prices: setting(
    z.record(z.string().min(1), priceSchema).default({}),
    'Your own prices in USD per million tokens, by model id, for models the built-in table does not know or where your contract differs: `{ "my-model": { "input": 1, "output": 5 } }`.',
    'application',
  ),
  'api.baseUrl': setting(
    z.union([z.literal(''), z.url({ protocol: /^https?$/ })], { error: 'expected an http:// or https:// URL, or "" for the Anthropic API' }).default(''),
    'Base URL of the Anthropic Messages API, e.g. a company proxy. Empty means the Anthropic API. Only user settings apply: a workspace can never redirect your key.',
    'application',
  ),
  'tiers.fast.endpoint': setting(endpointSchema, endpointDescription('fast'), 'application'),
  'tiers.balanced.endpoint': setting(endpointSchema, endpointDescription('balanced'), 'application'),
  'tiers.frontier.endpoint': setting(endpointSchema, endpointDescription('frontier'), 'application'),
  'local.url': setting(
    z.union([z.literal(''), z.url({ protocol: /^https?$/ })], { error: 'expected an http:// or https:// URL such as http://localhost:11434, or "" for none' }).default(''),
    'Base URL of a local Anthropic-compatible server: Ollama `http://localhost:11434`, LM Studio `http://localhost:1234`, llama.cpp `http://localhost:8080`, vLLM `http://localhost:8000`. Only this machine (localhost, 127.0.0.1, ::1) unless the host is in `modelRouter.local.allowedHosts`. Your Anthropic API key is never sent to it.',
    'application',
  ),
  'local.model': setting(
    z.union([z.literal(''), modelIdSchema], { error: 'expected a model id as the local server names it (e.g. qwen2.5-coder:7b), or "" for none' }).default(''),
    'The model the local server runs for the tiers whose endpoint is `local`, as the server names it, e.g. `qwen2.5-coder:7b`.',
    'application',
  ),
  'local.allowedHosts': setting(
    z.array(z.string().trim().toLowerCase().min(1)).default([]),
    'Hosts other than this machine that `modelRouter.local.url` may name (a GPU box on your network, say). Prompts go there without your API key.',
    'application',
  ),
  'local.timeoutSeconds': setting(z.number().int().min(1).max(600).default(20), 'A local server that has not started answering after this long counts as down (a model still loading can take a while).', 'application'),
  'local.fallback': setting(
    z.boolean().default(true),
    'When the local server is down or slower than `modelRouter.local.timeoutSeconds`, ask the tier\'s own cloud model (`modelRouter.tiers.<tier>.model`) instead, and say so. The server is then skipped for a minute, so nothing waits for it twice.',
    'application',
  ),
  'bedrock.region': setting(
    optionalPattern(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1, or "" for none'),
    'AWS region of Amazon Bedrock for the tiers whose endpoint is `bedrock`, e.g. `us-east-1`. Credentials come from the standard AWS chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, ~/.aws), never from settings.',
    'application',
  ),
  'vertex.region': setting(
    optionalPattern(/^(global|[a-z]+-[a-z]+\d+)$/, 'expected a Vertex AI region such as us-east5 or global, or "" for none'),
    'Google Cloud region of Vertex AI for the tiers whose endpoint is `vertex`, e.g. `us-east5` or `global`.',
    'application',
  ),
  'vertex.projectId': setting(
    optionalPattern(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id such as my-project-123, or "" for none'),
    'Google Cloud project of Vertex AI for the tiers whose endpoint is `vertex`. Credentials are Google Application Default Credentials (`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS), never from settings.',
    'application',
  ),
  'gateway.attribution': setting(
    z.boolean().default(false),
    'With `modelRouter.api.baseUrl` set to a gateway (a company LiteLLM proxy, say), send each request\'s tier, task kind and surface with it: `x-litellm-tags: model-router,tier:balanced,task:tests,surface:chat` and `x-model-router-tier`, `-task`, `-surface`. Never prompt text or file names. Where the gateway reports what it billed (`x-litellm-response-cost`), the ledger keeps it beside Model Router\'s own estimate.',
    'application',
  ),
  'team.developer': setting(
    z.union([z.literal(''), z.string().trim().regex(/^[\p{L}\p{N} ._@-]{1,64}$/u, { error: 'expected a name of 1-64 letters, digits, spaces and . _ @ -, or "" for none' })], { error: 'expected a name of 1-64 letters, digits, spaces and . _ @ -, or "" for none' }).default(''),
    'Your name or handle in the spend report\'s JSONL export, so `model-router report --by developer` can total a team\'s exports by person. Empty: exports carry no name. Never guessed from your account or git.',
    'application',
  ),
  'telemetry.enabled': setting(
    z.boolean().default(false),
    'Export each request\'s metrics and one span to your OpenTelemetry collector over OTLP/HTTP: tokens and duration as the GenAI semantic conventions name them, cost, savings and requests by tier, task kind, surface and rule. Never prompt text, code or file names. Off: nothing is sent and the SDK is not loaded. The collector\'s address comes from `modelRouter.telemetry.endpoint` or `OTEL_EXPORTER_OTLP_ENDPOINT`; its headers from `OTEL_EXPORTER_OTLP_HEADERS` or *Model Router: Set OpenTelemetry Headers*.',
    'application',
  ),
  'telemetry.endpoint': setting(
    z.union([z.literal(''), z.url({ protocol: /^https?$/ })], { error: 'expected an http:// or https:// URL such as http://localhost:4318, or "" for OTEL_EXPORTER_OTLP_ENDPOINT' }).default(''),
    'Base URL of the collector\'s OTLP/HTTP receiver, e.g. `http://localhost:4318` (metrics go to `/v1/metrics`, spans to `/v1/traces`). Empty: `OTEL_EXPORTER_OTLP_ENDPOINT` (or the per-signal variables), else `http://localhost:4318`.',
    'application',
  ),
  'telemetry.protocol': setting(
    z.enum(['', 'http/protobuf', 'http/json']).default(''),
    'OTLP over HTTP as `http/protobuf` or `http/json`. Empty: `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf` (gRPC is not supported).',
    'application',
  ),
  'telemetry.exportIntervalSeconds': setting(z.number().int().min(1).max(3600).default(60), 'How often metrics are sent to the collector; spans go within 5 seconds of their request.', 'application'),
  'api.idleTimeoutSeconds': setting(z.number().int().min(5).max(600).default(30), 'Abort a streaming answer that sends nothing for this long.', 'application'),
  'api.maxRetryAfterSeconds': setting(z.number().int().min(0).max(300).default(20), 'Longest wait honoured when the API says to retry later (rate limits, overload); longer waits fail at once with a message.', 'application'),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Config = { readonly [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> };

export const SECTION = 'modelRouter';
