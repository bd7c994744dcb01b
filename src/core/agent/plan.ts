/**
 * A plan from Plan a Change: Markdown with `## Step N: title` sections, each with a `Files:` line.
 * The user may edit it before Implement the Plan reads it back, so parsing is forgiving about
 * spacing, numbering and list punctuation, and says what is wrong when there are no steps.
 */
import { workspacePathProblem } from './workspacePath';

export interface PlanStep {
  /** The number as written (steps run in document order, whatever their numbers). */
  readonly number: number;
  readonly title: string;
  /** Workspace-relative paths from the step's `Files:` line(s). */
  readonly files: readonly string[];
  /** The step's whole section, heading included: what the model is asked to carry out. */
  readonly text: string;
}

const STEP_HEADING = /^#{2,3}\s*Step\s+(\d+)\s*[:.)—-]?\s*(.*)$/i;
const FILES_LINE = /^\s*(?:[-*]\s*)?\**Files\**\s*:\**\s*(.*)$/i;

/** The steps of a plan in document order; empty when the text has no `## Step N` headings. */
export function parsePlan(markdown: string): PlanStep[] {
  const steps: PlanStep[] = [];
  let current: { number: number; title: string; lines: string[] } | undefined;
  const finish = () => {
    if (current) steps.push(toStep(current.number, current.title, current.lines));
  };
  for (const line of markdown.split('\n')) {
    const heading = STEP_HEADING.exec(line.trim());
    if (heading) {
      finish();
      current = { number: Number(heading[1]), title: heading[2].trim(), lines: [line] };
    } else if (current && /^#{1,2}\s/.test(line) && !/^##\s*Step/i.test(line)) {
      finish();
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  finish();
  return steps;
}

function toStep(number: number, title: string, lines: readonly string[]): PlanStep {
  const files: string[] = [];
  for (const line of lines) {
    const match = FILES_LINE.exec(line);
    if (match) for (const file of splitFiles(match[1])) if (!files.includes(file)) files.push(file);
  }
  return { number, title, files, text: lines.join('\n').trim() };
}

/** `src/a.ts, \`src/b.ts\` and src/c.ts` → the three paths; "none" and "(new)" notes are dropped. */
export function splitFiles(list: string): string[] {
  return list
    .split(/,|;|\s+and\s+|\s+/)
    .map((part) => part.trim().replace(/^[`*"'([]+|[`*"')\].]+$/g, ''))
    .filter((part) => part !== '' && /[./]/.test(part) && !/^\(?(new|none)\)?$/i.test(part));
}

/** Why a text cannot be implemented, in words, or undefined when it has steps. */
export function planProblem(markdown: string): string | undefined {
  if (markdown.trim() === '') return 'The plan is empty.';
  const steps = parsePlan(markdown);
  if (steps.length === 0) return 'The plan has no “## Step N: title” sections. Run Plan a Change first, or add them.';
  const empty = steps.find((step) => step.files.length === 0);
  if (empty) return `Step ${empty.number} has no “Files:” line saying which files it changes.`;
  for (const step of steps) {
    for (const file of step.files) {
      const outside = workspacePathProblem(file);
      if (outside) return `Step ${step.number} names a file outside the workspace: ${outside}. Plan paths must be relative to a workspace folder; correct the plan.`;
    }
  }
  return undefined;
}
