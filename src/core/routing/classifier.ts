/**
 * Local task-kind classifier for free text (a chat prompt, a command's instruction). Keyword and
 * structure rules with weights, compiled once: deterministic, no network, a few microseconds.
 * The winner is the kind with the highest score; ties go to the kind that needs the stronger tier,
 * because under-serving hard work costs more than over-serving easy work.
 */
import type { ScopeSignals } from './scope';
import { topLevelFolders } from './scope';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import { tierRank } from './tiers';

export interface Classification {
  readonly kind: TaskKind;
  /** 0..1: the winner's share of all matched weight; 0 when nothing matched and a default was used. */
  readonly confidence: number;
  /** The words that decided, for the decision's reasons ("matched “write tests”"). */
  readonly matched: readonly string[];
  /** Set when the learned model decided: its sensitive head, and whether a follow-up inherited or it was unsure. */
  readonly learned?: { readonly sensitive: number; readonly inherited: boolean; readonly unsure: boolean };
}

type Rule = readonly [kind: TaskKind, weight: number, pattern: RegExp];

const rules: readonly Rule[] = [
  ['commitMessage', 5, /\bcommit (message|msg)s?\b|\bwrite (a |the )?commit\b/],
  ['docstring', 4, /\bdoc ?strings?\b|\bjsdoc\b|\bdoc ?comments?\b|\bdocument (this|the|that) (function|method|class)\b/],
  ['rename', 4, /\brename\b/],
  ['format', 4, /\b(re)?format (this|the|my)\b|\bprettier\b|\bfix (the )?indentation\b/],
  ['imports', 5, /\b(organi[sz]e|sort|clean ?up|remove unused) imports?\b/],
  ['classify', 4, /\bclassify\b|\bcategori[sz]e\b/],
  ['summarize', 4, /\bsummari[sz]e\b|\bsummary\b|\btl;?dr\b/],
  ['config', 3, /\b(tsconfig|eslint ?config|webpack|vite config|dockerfile|docker-compose|\.env\.example|github actions?|ci (pipeline|config|workflow)|config(uration)? file)\b/],
  ['boilerplate', 4, /\bboilerplate\b|\bscaffold(ing)?\b|\bskeleton\b/],
  ['docs', 3, /\breadme\b|\bdocumentation\b|\b(api|the) docs\b|\bchangelog\b/],
  ['explain', 4, /\bexplain\b|\bwhat does (this|the|it)\b|\bwalk me through\b|\bhow does (this|the|it) .{0,40}\bwork\b/],
  ['question', 1, /^(what|how|why|when|which|who|where|is|are|can|could|should|does|do)\b|\?\s*$/],
  ['tests', 5, /\b(write|add|generate|create|more) (\w+ ){0,3}(unit |integration |e2e |regression )?tests?\b|\btest (suite|cases?|coverage)\b|\bunit tests?\b/],
  ['implement', 3, /\bimplement\b|\b(write|add|create|build) (a|an|the) (\w+ )?(function|class|method|component|endpoint|script|module|feature|hook|handler|cli|option|flag)\b/],
  ['bugfix', 3, /\bfix\b|\bbug\b|\bbroken\b|\b(doesn'?t|does not|isn'?t|won'?t) work\b|\bcrash(es|ing)?\b|\bthrows?\b/],
  ['bugfix', 1, /\berror\b|\bexception\b|\bfail(s|ing|ed)?\b/],
  ['refactor', 4, /\brefactor\w*\b|\bclean ?up\b|\bsimplify\b|\brestructure\b|\bextract (a |the )?(function|method|component|class|module)\b/],
  ['review', 4, /\breview\b|\bfeedback on\b|\blook over\b|\bcritique\b/],
  ['query', 4, /\bsql\b|\bquery\b|\bselect .{1,80} from\b|\bgraphql query\b|\bregex\b|\bregular expression\b/],
  ['plan', 4, /\bplan\b|\bstep[- ]by[- ]step\b|\broadmap\b|\bbreak (this|it) down\b/],
  ['architecture', 5, /\barchitect(ure|ural)?\b|\bsystem design\b|\bdesign (the|a|an|our) (\w+ )?(system|service|module|pipeline)\b|\bmicroservices?\b|\bhow should (we|i) structure\b|\btrade-?offs?\b/],
  ['apiDesign', 6, /\bapi design\b|\bdesign (the|a|an|our) (\w+ )?(api|endpoints?|interface|schema|data model)\b|\bdata model\b|\bgraphql schema\b/],
  ['debug', 4, /\bdebug\w*\b|\bintermittent(ly)?\b|\bflaky\b|\broot cause\b|\bmemory leak\b|\bstack ?trace\b|\bheisenbug\b/],
  ['concurrency', 6, /\brace conditions?\b|\bdeadlocks?\b|\bconcurren\w*\b|\bthread[- ]safe\w*\b|\bmutex\w*\b|\block[- ]free\b|\batomic(ity|ally)?\b/],
  ['performance', 4, /\bperformance\b|\boptimi[sz]\w*\b|\b(too )?slow\b|\blatency\b|\bthroughput\b|\bprofil(e|ing)\b|\bbottleneck\b|\bmemory usage\b/],
  ['security', 6, /\bsecurity\b|\bvulnerab\w*\b|\bexploit\w*\b|\bxss\b|\bcsrf\b|\b(sql |command )?injection\b|\bthreat model\b|\bowasp\b|\bcve\b/],
  ['migration', 5, /\bmigrat(e|ion|ions|ing)\b|\bupgrade (from|to)\b|\bport (this|it|the \w+) to\b/],
  ['multiFileRefactor', 7, /\bacross (the |all |multiple |several |\w+ )?(files|modules|services|packages|codebase|repo(sitory)?)\b|\b(cross-service|codebase-wide|repo-wide|every file)\b/],
];

const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|Traceback \(most recent call last\)|^\s*File ".+", line \d+/m;

/** Longer texts are cut for classification: the ask is at the start or the end, pasted code in between. */
const HEAD_CHARS = 3000;
const TAIL_CHARS = 500;

export function classify(text: string, signals: ScopeSignals = {}): Classification {
  const sample = text.length > HEAD_CHARS + TAIL_CHARS ? `${text.slice(0, HEAD_CHARS)}\n${text.slice(-TAIL_CHARS)}` : text;
  const lower = sample.toLowerCase().trim();
  const scores = new Map<TaskKind, number>();
  const matched = new Map<TaskKind, string[]>();
  const add = (kind: TaskKind, weight: number, word: string): void => {
    scores.set(kind, (scores.get(kind) ?? 0) + weight);
    matched.set(kind, [...(matched.get(kind) ?? []), word]);
  };

  for (const [kind, weight, pattern] of rules) {
    const match = pattern.exec(lower);
    if (match) add(kind, weight, match[0].trim());
  }
  if (STACK_TRACE.test(sample)) add('bugfix', 2, 'a stack trace');
  if ((signals.diagnostics ?? 0) > 0 && scores.has('bugfix')) add('bugfix', 1, 'diagnostics in the file');

  let best: TaskKind | undefined;
  let bestScore = 0;
  let total = 0;
  for (const [kind, score] of scores) {
    total += score;
    if (best === undefined || score > bestScore || (score === bestScore && stronger(kind, best))) {
      best = kind;
      bestScore = score;
    }
  }

  if (best === undefined) {
    return { kind: 'implement', confidence: 0, matched: [] };
  }
  const files = signals.files ?? [];
  if (best === 'refactor' && (files.length >= 3 || topLevelFolders(files) >= 2)) {
    return { kind: 'multiFileRefactor', confidence: bestScore / total, matched: [...(matched.get(best) ?? []), `${files.length} files`] };
  }
  return { kind: best, confidence: bestScore / total, matched: matched.get(best) ?? [] };
}

function stronger(a: TaskKind, b: TaskKind): boolean {
  return tierRank(TASK_KIND_INFO[a].defaultTier) > tierRank(TASK_KIND_INFO[b].defaultTier);
}
