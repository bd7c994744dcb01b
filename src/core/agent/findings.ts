/**
 * Findings of Review Uncommitted Changes and Security Review: the prompt asks for one line per
 * finding as `path:line: severity: message`; everything else in the answer is the report's prose.
 */

export const FINDING_SEVERITIES = ['error', 'warning', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export interface Finding {
  /** As the model wrote it: usually workspace-relative. */
  readonly path: string;
  /** 1-based, as in the answer. */
  readonly line: number;
  readonly severity: FindingSeverity;
  readonly message: string;
}

export interface ParsedFindings {
  readonly findings: readonly Finding[];
  /** The answer without the finding lines: the Markdown summary. */
  readonly summary: string;
}

// Optional list marker or backticks around the line; a column after the line number is allowed.
const FINDING_LINE = /^\s*(?:[-*]\s+)?`?([^\s:`][^:`]*?):(\d+)(?::\d+)?:\s*(error|warning|info|high|medium|low|critical|note)\s*:\s*(.+?)`?\s*$/i;

const SEVERITY_ALIASES: Readonly<Record<string, FindingSeverity>> = {
  error: 'error',
  critical: 'error',
  high: 'error',
  warning: 'warning',
  medium: 'warning',
  info: 'info',
  low: 'info',
  note: 'info',
};

/** Splits an answer into its findings and its summary; lines that do not match stay in the summary. */
export function parseFindings(answer: string): ParsedFindings {
  const findings: Finding[] = [];
  const rest: string[] = [];
  for (const line of answer.split('\n')) {
    const match = FINDING_LINE.exec(line);
    if (match) {
      findings.push({
        path: match[1].trim(),
        line: Math.max(1, Number(match[2])),
        severity: SEVERITY_ALIASES[match[3].toLowerCase()],
        message: match[4].trim(),
      });
    } else {
      rest.push(line);
    }
  }
  return { findings, summary: rest.join('\n').replace(/\n{3,}/g, '\n\n').trim() };
}

/** The Markdown report: what was in context (one line each, when given), a table of findings (most severe first), then the model's summary. */
export function findingsReport(title: string, header: string, parsed: ParsedFindings, context: readonly string[] = []): string {
  const order = (finding: Finding) => FINDING_SEVERITIES.indexOf(finding.severity);
  const sorted = [...parsed.findings].sort((a, b) => order(a) - order(b));
  const rows = sorted.map((f) => `| ${f.severity} | \`${f.path}:${f.line}\` | ${f.message.replace(/\|/g, '\\|')} |`);
  const table = rows.length > 0 ? ['| severity | where | finding |', '|---|---|---|', ...rows].join('\n') : '_No findings._';
  const sent = context.length > 0 ? `${context.map((line) => `- ${line}`).join('\n')}\n\n` : '';
  return `# ${title}\n\n_${header}_\n\n${sent}${table}\n\n${parsed.summary}\n`;
}
