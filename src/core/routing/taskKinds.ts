/**
 * The task-kind taxonomy. Each kind has the tier that does it well by default; the policy may
 * override that mapping, and scope signals may move a request up from it.
 */
import type { Tier } from './tiers';

export const TASK_KINDS = [
  'completion',
  'commitMessage',
  'docstring',
  'rename',
  'format',
  'imports',
  'preflight',
  'smokeTest',
  'runChecks',
  'naming',
  'trivialFix',
  'explore',
  'classify',
  'summarize',
  'config',
  'boilerplate',
  'docs',
  'explain',
  'question',
  'tests',
  'implement',
  'bugfix',
  'refactor',
  'review',
  'query',
  'buildPlan',
  'plan',
  'research',
  'validation',
  'deepAudit',
  'architecture',
  'apiDesign',
  'debug',
  'concurrency',
  'performance',
  'security',
  'migration',
  'multiFileRefactor',
] as const;

/** The task kinds whose answers the diagnostics gate judges (the agent commands that edit one file). */
export const GATED_TASK_KINDS = ['bugfix', 'refactor', 'docstring', 'tests'] as const;
export type GatedTaskKind = (typeof GATED_TASK_KINDS)[number];

export type TaskKind = (typeof TASK_KINDS)[number];

export interface TaskKindInfo {
  /** Words a person reads in the UI ("commit message"). */
  readonly label: string;
  readonly defaultTier: Tier;
}

export const TASK_KIND_INFO: Readonly<Record<TaskKind, TaskKindInfo>> = {
  completion: { label: 'completion', defaultTier: 'fast' },
  commitMessage: { label: 'commit message', defaultTier: 'fast' },
  docstring: { label: 'docstring', defaultTier: 'fast' },
  rename: { label: 'rename', defaultTier: 'automated' },
  format: { label: 'formatting', defaultTier: 'automated' },
  imports: { label: 'organize imports', defaultTier: 'automated' },
  preflight: { label: 'pre-flight check', defaultTier: 'automated' },
  smokeTest: { label: 'smoke test', defaultTier: 'automated' },
  runChecks: { label: 'running the checks', defaultTier: 'automated' },
  naming: { label: 'naming', defaultTier: 'fast' },
  trivialFix: { label: 'trivial fix', defaultTier: 'fast' },
  explore: { label: 'code exploration', defaultTier: 'fast' },
  classify: { label: 'classification', defaultTier: 'fast' },
  summarize: { label: 'summary', defaultTier: 'fast' },
  config: { label: 'configuration', defaultTier: 'fast' },
  boilerplate: { label: 'boilerplate', defaultTier: 'fast' },
  docs: { label: 'documentation', defaultTier: 'fast' },
  explain: { label: 'explanation', defaultTier: 'balanced' },
  question: { label: 'question', defaultTier: 'balanced' },
  tests: { label: 'tests', defaultTier: 'balanced' },
  implement: { label: 'implementation', defaultTier: 'balanced' },
  bugfix: { label: 'bug fix', defaultTier: 'balanced' },
  refactor: { label: 'refactor', defaultTier: 'balanced' },
  review: { label: 'code review', defaultTier: 'balanced' },
  query: { label: 'query', defaultTier: 'balanced' },
  buildPlan: { label: 'build plan', defaultTier: 'balanced' },
  plan: { label: 'plan', defaultTier: 'frontier' },
  research: { label: 'research', defaultTier: 'frontier' },
  validation: { label: 'validation', defaultTier: 'frontier' },
  deepAudit: { label: 'deep audit', defaultTier: 'frontier' },
  architecture: { label: 'architecture', defaultTier: 'frontier' },
  apiDesign: { label: 'API design', defaultTier: 'frontier' },
  debug: { label: 'debugging', defaultTier: 'frontier' },
  concurrency: { label: 'concurrency', defaultTier: 'frontier' },
  performance: { label: 'performance', defaultTier: 'frontier' },
  security: { label: 'security review', defaultTier: 'frontier' },
  migration: { label: 'migration', defaultTier: 'frontier' },
  multiFileRefactor: { label: 'multi-file refactor', defaultTier: 'frontier' },
};

export function isTaskKind(value: string): value is TaskKind {
  return (TASK_KINDS as readonly string[]).includes(value);
}
