/**
 * A small multilingual lexicon of what developers ask for, as word stems in the eight supported
 * languages. Each concept found in the ask becomes one feature of the learned model, shared by all
 * languages, so what the model learns from English "write tests" also helps "schreib tests",
 * "escribe pruebas" and "写测试", where each language alone has few examples. The concepts decide
 * nothing themselves: the model weighs them with everything else.
 */
import { wordCharWidth } from './wordChars';

const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  test: ['test', 'spec', 'prueba', 'teste', 'testa', 'testen', 'unittest', 'coverage', 'abdeckung', 'cobertura', 'couverture', 'copertura', '测试', '单测', '用例', 'テスト', 'カバレッジ'],
  format: ['format', 'indent', 'einrück', 'sangr', 'recuo', 'rientr', 'prettier', 'black', 'gofmt', 'rustfmt', 'whitespace', 'leerzeichen', 'espacios', 'espaços', '格式', '缩进', 'フォーマット', '整形', 'インデント'],
  imports: ['import', 'unused', 'ungenutzt', 'no usad', 'não usad', 'inutilis', 'inutilizz', '导入', '引用', 'インポート'],
  rename: ['rename', 'umbenenn', 'renombr', 'renome', 'renomm', 'rinomin', '重命名', '改名', 'リネーム', '名前を変え', '名前変更'],
  run: ['run ', 'execut', 'ausführ', 'laufen', 'lass ', 'ejecut', 'corre', 'rode', 'rodar', 'lance', 'lancer', 'esegui', 'lancia', '运行', '跑', '执行', '実行', '走らせ', '回して'],
  checks: ['lint', 'eslint', 'tsc', 'typecheck', 'type check', 'typprüf', 'mypy', 'clippy', 'build', 'compil', 'kompil', '构建', '编译', '类型检查', 'ビルド', '型チェック', 'コンパイル'],
  preflight: ['preflight', 'pre-flight', 'install', 'env ', '.env', 'environment', 'umgebung', 'entorno', 'ambiente', 'environnement', 'exist', 'vorhanden', 'dependenc', 'abhängigkeit', 'dependencia', 'dependência', 'dépendance', 'dipendenz', '安装', '依赖', '环境', '存在', 'インストール', '依存', '環境', '前提'],
  smoke: ['smoke', 'startet', 'starts', 'start up', 'boot', 'arranca', 'inicia', 'sobe', 'démarre', 'avvia', 'green', 'grün', 'verde', 'vert', 'passes', 'durchlauf', 'pasan', 'passam', 'passent', 'passano', '启动', '冒烟', '通过', '起動', 'スモーク', '通る'],
  commit: ['commit', 'pr title', 'pull request', 'pr-titel', 'merge request', '提交', 'コミット', 'プルリク'],
  comment: ['docstring', 'jsdoc', 'javadoc', 'tsdoc', 'docblock', 'comment', 'kommentar', 'comentar', 'comentári', 'commentaire', 'commento', '注释', 'コメント', 'ドキュメンテーションコメント'],
  naming: ['name', 'naming', 'benenn', 'nombre', 'nome', 'nom ', 'appell', 'chiam', '命名', '名字', '名称', '名前', '変数名', 'ネーミング'],
  typo: ['typo', 'tippfehler', 'schreibfehler', 'rechtschreib', 'errata', 'errat', 'digitação', 'faute', 'coquille', 'refuso', 'ortograf', 'spelling', '拼写', '错别字', '笔误', 'タイポ', '誤字', 'スペルミス'],
  warning: ['warning', 'warnung', 'advertencia', 'aviso', 'avertissement', 'avviso', '警告'],
  classify: ['label', 'classif', 'kategor', 'categor', 'etiquet', 'triage', 'bug or feature', 'bug oder feature', '分类', '标签', '分類', 'ラベル'],
  summarize: ['summar', 'tl;dr', 'tldr', 'zusammenfass', 'resum', 'résum', 'riassum', 'sintetiz', 'kürzer', 'short', '总结', '摘要', '概括', '要約', 'まとめ', '简短'],
  config: ['dockerfile', 'docker', 'compose', 'yaml', 'yml', 'github action', 'workflow', 'pipeline', 'tsconfig', 'eslintrc', 'config', 'konfig', 'configur', 'settings', 'nginx', 'helm', 'terraform', 'package.json', 'makefile', '配置', '設定', 'ワークフロー'],
  scaffold: ['scaffold', 'boilerplate', 'skeleton', 'template', 'gerüst', 'grundgerüst', 'vorlage', 'plantilla', 'esqueleto', 'squelette', 'modèle', 'scheletro', 'stub', 'empty component', '脚手架', '模板', '骨架', '雛形', 'ひな形', 'テンプレート'],
  docs: ['readme', 'changelog', 'docs', 'document', 'dokument', 'wiki', 'guide', 'anleitung', '文档', '说明', 'ドキュメント', '変更履歴'],
  explore: ['where', 'which file', 'find', 'list', 'search', 'grep', 'wo ist', 'wo wird', 'welche datei', 'dónde', 'donde', 'onde', 'où', 'dove', 'quali file', 'qué archivos', 'quais arquivos', 'quels fichiers', 'finde', 'busca', 'encontr', 'cherche', 'trouve', 'trova', 'cerca', '哪里', '哪些', '在哪', '找', '列出', 'どこ', '一覧', '探して', '使われて'],
  explain: ['explain', 'erklär', 'explica', 'expliqu', 'spiega', 'what does', 'was macht', 'qué hace', 'o que faz', 'que fait', 'cosa fa', 'understand', 'versteh', 'entend', 'capisc', 'walk me through', '解释', '讲解', '什么意思', '看不懂', '説明', '解説', '教えて', 'どういう意味'],
  why: ['why', 'warum', 'wieso', 'weshalb', 'por qué', 'porque', 'por que', 'pourquoi', 'perché', 'perche', '为什么', '为何', 'なぜ', 'どうして'],
  howto: ['how do i', 'how to', 'how can', 'wie kann', 'wie mache', 'cómo', 'como', 'comment', 'come si', 'come faccio', '怎么', '如何', '怎样', 'どうやって', 'どうすれば', '方法'],
  implement: ['implement', 'add ', 'create', 'write', 'build a', 'make a', 'erstell', 'hinzufüg', 'füg', 'schreib', 'bau', 'crea', 'añad', 'agreg', 'escrib', 'cria', 'adicion', 'escrev', 'ajout', 'écri', 'aggiung', 'scriv', 'feature', 'funktion', 'función', 'função', 'fonction', 'funzion', 'endpoint', '实现', '添加', '加一个', '写一个', '新增', '実装', '追加', '作って', '書いて'],
  fix: ['fix', 'bug', 'broken', 'kaputt', 'fehler', 'error', 'arregl', 'corrig', 'correg', 'consert', 'répar', 'ripar', 'sistem', 'crash', 'absturz', 'exception', 'falla', 'erro', 'erreur', 'errore', 'funktioniert nicht', "doesn't work", 'no funciona', 'não funciona', 'ne marche', 'non funziona', '修复', '修', '报错', '错误', '崩溃', '修正', '直して', 'バグ', 'エラー', '落ちる', '動かない'],
  refactor: ['refactor', 'refaktor', 'refactoriz', 'refatora', 'clean up', 'cleanup', 'aufräum', 'umbau', 'simplif', 'vereinfach', 'extract', 'extrahier', 'extrae', 'extrai', 'extrai', 'duplicat', '重构', '简化', '提取', 'リファクタ', '整理', '抽出'],
  review: ['review', 'überprüf', 'durchseh', 'schau dir', 'revis', 'relis', 'look over', 'feedback', 'critique', 'code review', '审查', '审核', '评审', 'レビュー', '見て'],
  query: ['sql', 'query', 'queries', 'regex', 'regular expression', 'select ', 'join', 'graphql', 'abfrage', 'consulta', 'requête', 'interrog', 'mongo', '查询', '正则', 'クエリ', '正規表現'],
  tasks: ['build plan', 'task', 'aufgabe', 'tarea', 'tarefa', 'tâche', 'compit', 'ticket', 'break down', 'break it down', 'aufteil', 'zerleg', 'divid', 'découp', 'suddivid', 'step', 'schritt', 'paso', 'passo', 'étape', '任务', '拆分', '分解', '步骤', 'タスク', '分割', 'ステップ'],
  plan: ['plan', 'planen', 'planific', 'planej', 'pianific', 'roadmap', 'approach', 'vorgehen', 'enfoque', 'abordagem', 'approche', 'approccio', '计划', '方案', '规划', '計画', '方針'],
  research: ['research', 'compare', 'vergleich', 'compar', 'recherch', 'ricerc', 'investig', 'evaluat', 'option', 'alternativ', 'pros and cons', 'vor- und nachteil', 'ventajas', 'vantagens', 'avantages', 'vantaggi', 'which library', 'welche bibliothek', 'qué librería', 'edge case', 'unknown', 'strategy', 'strateg', 'estrateg', '调研', '比较', '对比', '选型', '调查', '調査', '比較', '選定', '検討'],
  validate: ['validat', 'validier', 'valida', 'verif', 'prüf', 'double-check', 'double check', 'gegenprüf', 'fresh eyes', 'frischen augen', 'sanity', 'requirement', 'anforderung', 'requisit', 'exigence', 'consistent', 'konsistent', 'coheren', 'kohären', '验证', '核对', '复核', '需求', '検証', '要件', '妥当性'],
  audit: ['audit', 'system-level', 'systemweit', 'end-to-end', 'integration', 'cross-file', 'dateiübergreifend', 'correctness', 'korrektheit', 'corrección', 'correção', 'exactitude', 'correttezza', '审计', '整体', '正确性', '監査', '全体', '整合性'],
  architecture: ['architect', 'design', 'entwurf', 'entwirf', 'diseñ', 'diseno', 'projet', 'progett', 'structure', 'struktur', 'estructur', 'estrutur', 'struttur', 'module', 'service', 'trade-off', 'tradeoff', 'monolith', 'microservice', 'event-driven', 'queue', '架构', '设计', '结构', '模块', 'アーキテクチャ', '設計', '構成', '構造'],
  api: ['api', 'endpoint', 'rest', 'grpc', 'contract', 'data model', 'datenmodell', 'modelo de datos', 'modelo de dados', 'modèle de données', 'modello dati', 'entity', 'entität', 'entidad', 'entidade', 'entité', 'entità', '接口', '数据模型', '实体', 'エンドポイント', 'データモデル', 'エンティティ'],
  unclear: ['intermittent', 'sometimes', 'random', 'flaky', 'sporadi', 'manchmal', 'a veces', 'às vezes', 'parfois', 'a volte', 'only in prod', 'in production', 'nur in prod', 'en producción', 'em produção', 'en prod', 'in produzione', "can't reproduce", 'cannot reproduce', 'reproduz', 'reproduc', 'reprodu', 'riprodu', 'nachstell', 'leak', 'hang', 'hängt', 'cuelga', 'trava', 'bloqu', 'blocca', 'root cause', 'ursache', 'causa', 'cause', '偶发', '偶尔', '复现', '线上', '生产', '内存泄漏', '卡住', 'たまに', '再現', '本番', 'リーク', '原因', '時々'],
  concurrency: ['race', 'deadlock', 'concurren', 'thread', 'lock', 'mutex', 'semaphor', 'atomic', 'nebenläufig', 'parallel', 'gleichzeitig', 'simultan', 'async', 'await', 'goroutine', 'interbloqueo', 'verrou', 'stallo', '并发', '死锁', '竞态', '竞争', '线程', '加锁', '競合', 'デッドロック', '並行', 'スレッド', '排他'],
  performance: ['slow', 'langsam', 'lento', 'lent', 'faster', 'schneller', 'rápido', 'rapide', 'veloc', 'perform', 'optimi', 'latency', 'latenz', 'latencia', 'latência', 'latence', 'latenza', 'throughput', 'memory', 'speicher', 'memoria', 'mémoire', 'cpu', 'profil', 'bottleneck', 'engpass', 'cuello de botella', 'gargalo', 'goulot', 'collo di bottiglia', '慢', '性能', '优化', '延迟', '内存', '遅い', '高速化', 'パフォーマンス', 'ボトルネック', 'メモリ'],
  migrate: ['migrat', 'migrier', 'upgrade', 'umstell', 'umzieh', 'actualiz', 'atualiz', 'mise à jour', 'aggiorn', 'major version', 'from v', 'auf v', 'port to', 'portier', '迁移', '升级', '移行', 'アップグレード', '乗り換え'],
  wide: ['across', 'all files', 'every file', 'everywhere', 'codebase', 'whole repo', 'überall', 'alle dateien', 'in allen', 'todos los archivos', 'en todo', 'todos os arquivos', 'em todo', 'partout', 'tous les fichiers', 'ovunque', 'tutti i file', 'services', 'modules', 'packages', '所有文件', '全部', '整个项目', '全局', '全体', 'すべてのファイル', '全ファイル', 'プロジェクト全体'],
  complete: ['complete', 'finish', 'vervollständig', 'fertig', 'complet', 'termin', 'completa', 'rest of', 'fill in', 'ausfüll', 'rellen', 'preench', 'rempli', 'riempi', '补全', '补完', '写完', '補完', '続き'],
  // Asking whether this code is right or safe is judging it (a review), not asking how it works.
  judge: ['is this right', 'is this correct', 'is this safe', 'is this secure', 'is this ok', 'is that right', 'is that safe', 'is it safe', 'does this look right', 'look right', 'anything wrong', 'is this fine', 'ist das richtig', 'ist das sicher', 'ist das so ok', 'passt das', 'stimmt das', 'sicher so', 'está bien', 'esta bien', 'es seguro', 'está correcto', 'esto es seguro', 'tá certo', 'ta certo', 'está certo', 'é seguro', 'isso é seguro', 'tá seguro', "c'est sûr", "c'est bon", "c'est correct", 'est-ce correct', 'est-ce sûr', 'est-ce que ça va', 'è giusto', 'è corretto', 'è sicuro', 'va bene così', 'va bene cosi', '对吗', '对不对', '有没有问题', '有问题吗', '安全吗', '没问题吧', '靠谱吗', '合ってる', '正しい', '大丈夫', '安全ですか', '問題ない', '問題あり'],
  question: ['difference', 'unterschied', 'diferencia', 'diferença', 'différence', 'differenza', 'best practice', 'should i', 'soll ich', 'debería', 'devo', 'dois-je', 'dovrei', 'is it', 'ist es', 'es ', '区别', '应该', '最佳实践', '違い', 'べき', 'ベストプラクティス'],
};

/**
 * Stems are looked up, not scanned for: a one-word stem is a prefix of a word (or the whole word,
 * when written with a trailing space), found by walking each word's letters down a trie once (built
 * with maps, walked in a flat table); the
 * few others (several words, punctuation, Chinese and Japanese) are found with indexOf, phrases only
 * when the ask has their first word (that word's node in the trie lists them).
 */
interface Phrase {
  readonly stem: string;
  readonly concept: string;
}
/** A phrase with its place in `PHRASES` and its text up to the end of its first word (every occurrence of it starts with that). */
interface Anchored extends Phrase {
  readonly id: number;
  readonly anchor: string;
}
const PHRASES: Anchored[] = [];
interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** Concepts of the stems that end here: every word with this prefix has them. */
  concepts: string[];
  /** Concepts of the whole words that end here (a stem written with a trailing space). */
  whole: string[];
  /** Phrases whose first word ends here. */
  phrases: Anchored[];
}
const node = (): TrieNode => ({ next: new Map(), concepts: [], whole: [], phrases: [] });
const TRIE: TrieNode = node();
const IDEOGRAPHIC_STEMS: Phrase[] = [];
const IDEOGRAPHIC = /[\u3040-\u30ff\u3400-\u9fff]/;
const ONE_WORD = /^[\p{L}\p{N}]+$/u;
const LETTER = /[\p{L}\p{N}]/u;

function nodeOf(word: string): TrieNode {
  let at = TRIE;
  for (let i = 0; i < word.length; i++) {
    let child = at.next.get(word.charCodeAt(i));
    if (child === undefined) at.next.set(word.charCodeAt(i), (child = node()));
    at = child;
  }
  return at;
}

for (const [concept, stems] of Object.entries(CONCEPTS)) {
  for (const stem of stems) {
    const trimmed = stem.trimEnd();
    const whole = trimmed !== stem && ONE_WORD.test(trimmed);
    if (!whole && ONE_WORD.test(stem) && !IDEOGRAPHIC.test(stem)) {
      const end = nodeOf(stem);
      end.concepts = [...end.concepts, concept];
      continue;
    }
    if (!whole) {
      if (IDEOGRAPHIC.test(stem)) IDEOGRAPHIC_STEMS.push({ stem, concept });
      else {
        const word = /[\p{L}\p{N}]+/u.exec(stem);
        const phrase = { stem, concept, id: PHRASES.length, anchor: word === null ? stem : stem.slice(0, word.index + word[0].length) };
        PHRASES.push(phrase);
        const end = nodeOf(word?.[0] ?? stem);
        end.phrases = [...end.phrases, phrase];
      }
      continue;
    }
    const end = nodeOf(trimmed);
    end.whole = [...end.whole, concept];
  }
}

/**
 * The trie flattened for the walk, which is the hot loop: node ids (the root is 0), each node's
 * lists by id, and the edges in one open-addressing table from (node, code unit) to the child.
 */
const nodes: TrieNode[] = [TRIE];
for (let i = 0; i < nodes.length; i++) nodes.push(...nodes[i].next.values());
const ids = new Map(nodes.map((trieNode, id) => [trieNode, id]));
/** Per node: 1 when stems end there (its concepts), 2 when whole words or phrases' first words do, 3 both. */
const ends = Uint8Array.from(nodes, (trieNode) => (trieNode.concepts.length > 0 ? 1 : 0) | (trieNode.whole.length + trieNode.phrases.length > 0 ? 2 : 0));
const EDGE_BITS = Math.max(4, Math.ceil(Math.log2(nodes.length * 3)));
/** Key and child side by side, so a probe reads one cache line. */
const edges = new Int32Array(2 << EDGE_BITS).fill(-1);
const edgeKey = (id: number, code: number): number => id * 0x10000 + code;
const edgeSlot = (key: number): number => Math.imul(key, 0x9e3779b1) >>> (32 - EDGE_BITS);
/** The root's children by ASCII code unit: every word starts there. */
const rootChildren = new Int32Array(128).fill(-1);
for (const [parent, id] of ids) {
  for (const [code, child] of parent.next) {
    if (id === 0 && code < 128) rootChildren[code] = ids.get(child)!;
    const key = edgeKey(id, code);
    let slot = edgeSlot(key);
    while (edges[2 * slot] !== -1) slot = (slot + 1) & ((1 << EDGE_BITS) - 1);
    edges[2 * slot] = key;
    edges[2 * slot + 1] = ids.get(child)!;
  }
}

/** The child of node `id` along `code`, or -1. */
function childOf(id: number, code: number): number {
  if (id === 0 && code < 128) return rootChildren[code];
  const key = edgeKey(id, code);
  for (let slot = edgeSlot(key); ; slot = (slot + 1) & ((1 << EDGE_BITS) - 1)) {
    const at = edges[2 * slot];
    if (at === key) return edges[2 * slot + 1];
    if (at === -1) return -1;
  }
}

/** The Chinese and Japanese stems by their first character, and which of them an ask may hold (reused across calls). */
const IDEOGRAPHIC_FIRST = new Map<number, number[]>();
IDEOGRAPHIC_STEMS.forEach(({ stem }, index) => IDEOGRAPHIC_FIRST.set(stem.charCodeAt(0), [...(IDEOGRAPHIC_FIRST.get(stem.charCodeAt(0)) ?? []), index]));
const candidates = new Uint8Array(IDEOGRAPHIC_STEMS.length);
const IDEOGRAPHIC_FROM = Math.min(0x10000, ...IDEOGRAPHIC_FIRST.keys());

/** The ids of the nodes with concepts one word passed through, reused across calls. */
const passed: number[] = [];
/** The phrases whose first word the ask has, in the order first met, and which those are (reused across calls). */
const met: Anchored[] = [];
const isMet = new Uint8Array(PHRASES.length);

/**
 * The concepts whose stems occur in an ask (lower-cased), in the order they are first found: word
 * by word (a word, as /[\p{L}\p{N}]+/u finds words: its whole-word concepts, then its prefixes'
 * from the shortest), then phrases, then the Chinese and Japanese stems.
 */
export function conceptsOf(lowerAsk: string): string[] {
  const found = new Set<string>();
  let phrases = 0;
  const length = lowerAsk.length;
  let at = 0;
  while (at < length) {
    let width = wordCharWidth(lowerAsk, at);
    if (width === 0) {
      at++;
      continue;
    }
    let walked = 0;
    let count = 0;
    do {
      for (let k = 0; k < width && walked >= 0; k++) {
        walked = childOf(walked, lowerAsk.charCodeAt(at + k));
        if (walked >= 0 && (ends[walked] & 1) !== 0) passed[count++] = walked;
      }
      at += width;
    } while (at < length && (width = wordCharWidth(lowerAsk, at)) > 0);
    if (walked >= 0 && (ends[walked] & 2) !== 0) {
      const { whole, phrases: starting } = nodes[walked];
      for (let i = 0; i < whole.length; i++) found.add(whole[i]);
      for (let i = 0; i < starting.length; i++) {
        if (isMet[starting[i].id] === 1) continue;
        isMet[starting[i].id] = 1;
        met[phrases++] = starting[i];
      }
    }
    for (let i = 0; i < count; i++) {
      const { concepts } = nodes[passed[i]];
      for (let k = 0; k < concepts.length; k++) found.add(concepts[k]);
    }
  }
  // A phrase counts where it first occurs, if no letter is before it there. Its first occurrence is
  // the first occurrence of its anchor it starts at: the anchor's are found once for all its phrases.
  let anchors: Map<string, number[]> | undefined;
  for (let i = 0; i < phrases; i++) {
    const { stem, concept, id, anchor } = met[i];
    isMet[id] = 0;
    if (found.has(concept)) continue;
    anchors ??= new Map();
    let starts = anchors.get(anchor);
    if (starts === undefined) {
      starts = [];
      for (let from = lowerAsk.indexOf(anchor); from >= 0; from = lowerAsk.indexOf(anchor, from + 1)) starts.push(from);
      anchors.set(anchor, starts);
    }
    const index = starts.find((start) => lowerAsk.startsWith(stem, start)) ?? -1;
    if (index >= 0 && (index === 0 || !LETTER.test(lowerAsk[index - 1]))) found.add(concept);
  }
  if (IDEOGRAPHIC.test(lowerAsk)) {
    // A stem is searched for only when the ask has its first character.
    for (let i = 0; i < length; i++) {
      const code = lowerAsk.charCodeAt(i);
      if (code < IDEOGRAPHIC_FROM) continue;
      const starting = IDEOGRAPHIC_FIRST.get(code);
      if (starting !== undefined) for (const index of starting) candidates[index] = 1;
    }
    for (let index = 0; index < IDEOGRAPHIC_STEMS.length; index++) {
      if (candidates[index] === 0) continue;
      candidates[index] = 0;
      const { stem, concept } = IDEOGRAPHIC_STEMS[index];
      if (!found.has(concept) && lowerAsk.includes(stem)) found.add(concept);
    }
  }
  return [...found];
}
