/**
 * The must-stay-frontier domains as word stems in the eight supported languages. A stem matches
 * every form of a word (encrypt, encrypted, encryption; verschlüsseln, Verschlüsselung; cifrar,
 * cifrado), inside compounds where the language builds them (Datenbankverschlüsselung), and in the
 * words of paths and identifiers. A hit is evidence, not a verdict: the learned sensitive head
 * decides whether the work changes such code or only mentions the word (the CSS of the invoice table).
 */
import { LOWER, PAIR, UPPER, classAt, isLetterOrDigitUnit } from './wordChars';

/** A domain of the must-stay-frontier list, as a user reads it in a reason. */
export type SensitiveDomain = 'authentication' | 'permissions' | 'sessions and tokens' | 'payments' | 'encryption and secrets' | 'personal data' | 'database migrations' | 'security';

/**
 * Stems per domain. Latin stems match at the start of a word or inside a compound (no left
 * boundary is required for one-word stems of 6+ letters); phrases and short stems start a word,
 * and the second list holds whole words only. CJK stems match
 * anywhere, since those languages do not separate words.
 */
const STEMS: ReadonlyArray<readonly [SensitiveDomain, readonly string[], readonly string[]]> = [
  [
    'authentication',
    ['authent', 'authoriz', 'authoris', 'autoriz', 'autoris', 'autoriza', 'login', 'logout', 'sign in', 'sign on', 'anmeld', 'einlogg', 'connexion', 'passwor', 'passwort', 'contrase', 'senha', 'credential', 'credenci', 'identifiant', 'zugangsdat', 'oauth', 'openid', 'kennwort', 'authentifiz', 'autenti', 'authentif', 'mot de passe', 'two factor', 'zwei faktor', 'dos factores', 'doble factor', 'dois fatores', 'deux facteurs', 'due fattori', 'passkey', 'webauthn'],
    ['auth', 'signin', 'signon', 'sso', 'saml', 'oidc', '2fa', 'mfa', 'totp', 'otp', 'ldap', 'mdp'],
  ],
  [
    'permissions',
    ['permission', 'permiss', 'permis', 'berechtig', 'zugriffsrecht', 'zugriffskontroll', 'droits', 'tenant', 'mandant', 'inquilino', 'multitenan', 'privileg', 'privilèg', 'access control', 'control de acceso', 'controle de acesso', 'contrôle d’accès', "contrôle d'accès", 'controllo accessi', 'controllo degli accessi'],
    ['role', 'roles', 'rol', 'rollen', 'rolle', 'rôle', 'rôles', 'ruolo', 'ruoli', 'papel', 'papéis', 'perfis', 'rbac', 'abac', 'acl', 'acls', 'iam'],
  ],
  [
    'sessions and tokens',
    ['session', 'sesión', 'sessão', 'sessione', 'jwt', 'bearer', 'apikey', 'csrf', 'cookie'],
    ['token', 'tokens', 'jeton', 'jetons', 'refresh'],
  ],
  [
    'payments',
    ['payment', 'zahlung', 'bezahl', 'paiement', 'pagament', 'pagamento', 'refund', 'erstatt', 'rückerstatt', 'reembols', 'rembours', 'rimbors', 'invoice', 'rechnung', 'factur', 'fattur', 'billing', 'abrechnung', 'subscript', 'abonnement', 'suscrip', 'assinatura', 'abbonament', 'ledger', 'chargeback', 'payout', 'stripe', 'checkout', 'interest rate', 'zinsen', 'intereses', 'juros', 'intérêts', 'interessi', 'währung', 'currency', 'moneda', 'moeda', 'devise', 'valuta', 'geldbetr', 'importe', 'montant', 'importo', 'cobranç', 'cobro', 'cobrar', 'estorno', 'storno', 'auszahlung', 'gutschrift'],
    ['charge', 'charges', 'pago', 'pagos', 'iban', 'paypal', 'money', 'geld', 'dinero', 'dinheiro', 'argent', 'soldi'],
  ],
  [
    'encryption and secrets',
    ['encrypt', 'decrypt', 'crypt', 'verschlüssel', 'entschlüssel', 'chiffr', 'déchiffr', 'cifr', 'criptograf', 'cryptograph', 'kryptograph', 'crittograf', 'secret', 'geheim', 'secreto', 'segredo', 'segreto', 'hashing', 'bcrypt', 'argon', 'certificat', 'zertifikat', 'keystore', 'keychain', 'signier', 'hmac',
      // A key is a secret only as a key of something secret: a primary key, a KeyError, a React key prop are not.
      'api key', 'private key', 'public key', 'secret key', 'signing key', 'encryption key', 'key rotation', 'rotate the key', 'rotate keys', 'api schlüssel', 'privater schlüssel', 'geheimer schlüssel', 'clave api', 'claves api', 'clave de api', 'clave privada', 'clave secreta', 'chave de api', 'chave privada', 'chave secreta', 'clé api', 'clé privée', 'clé secrète', 'clés api', 'chiave api', 'chiavi api', 'chiave privata', 'chiave segreta', 'digital signature', 'signed url'],
    ['kms', 'tls', 'ssl', 'mtls', 'vault', 'salt', 'aes', 'rsa', 'hsm'],
  ],
  [
    'personal data',
    ['gdpr', 'dsgvo', 'rgpd', 'personal data', 'personenbezog', 'datos personales', 'dados pessoais', 'données personnelles', 'dati personali', 'data leak', 'leaked data', 'datenleck', 'data exposure', 'fuga de datos', 'vazamento de dados', 'fuite de données', 'anonymi', 'anonimi', 'pseudonymi', 'pseudonimi', 'right to be forgotten'],
    ['pii', 'lgpd', 'hipaa'],
  ],
  [
    'database migrations',
    ['migrat', 'migrier', 'migrac', 'migraç', 'migraz', 'alter table', 'drop column', 'flyway', 'liquibase', 'alembic'],
    ['ddl'],
  ],
  [
    'security',
    ['secur', 'sicherheit', 'seguridad', 'segurança', 'sécurité', 'sicurezza', 'vulnerab', 'schwachstell', 'injection', 'exploit', 'xss', 'owasp', 'pentest', 'threat'],
    ['cve', 'ssrf', 'rce'],
  ],
];

const CJK: ReadonlyArray<readonly [SensitiveDomain, readonly string[]]> = [
  ['authentication', ['登录', '登陆', '认证', '鉴权', '授权', '密码', '単点', '单点登录', 'ログイン', '認証', '認可', 'パスワード', 'サインイン', '二要素', '二段階', '双因素', '两步验证', '二次验证']],
  ['permissions', ['权限', '角色', '租户', '访问控制', '権限', 'アクセス権', 'ロール', 'テナント', 'アクセス制御']],
  ['sessions and tokens', ['令牌', '会话', '刷新', 'トークン', 'セッション', 'クッキー']],
  ['payments', ['支付', '付款', '退款', '发票', '账单', '计费', '订阅', '账本', '利息', '金额', '扣款', '決済', '支払', '返金', '請求', '課金', 'サブスク', '払い戻し', '台帳', '提现', '结算', '对账', '余额', '付费', '收费', '退费', '振込', '入金', '出金', '精算']],
  ['encryption and secrets', ['加密', '解密', '密钥', '秘钥', '证书', '签名', '哈希', '暗号', '復号', '秘密鍵', '鍵', '証明書', 'シークレット', '署名', 'ハッシュ']],
  ['personal data', ['个人信息', '个人数据', '隐私', '泄露', '个人隐私', '脱敏', '個人情報', '漏洩', 'プライバシー', '流出', '匿名化']],
  ['database migrations', ['迁移', '表结构', '数据库结构', 'マイグレーション', '移行', 'スキーマ']],
  ['security', ['安全', '漏洞', '注入', 'セキュリティ', '脆弱性', 'インジェクション']],
];

interface Compiled {
  readonly domain: SensitiveDomain;
  /** Sticky (`y`): tried only where the prefilter found one of its literals starting. */
  readonly pattern: RegExp;
  /** The literal text every match of `pattern` contains, and whether it must start a word there (`(?<![\p{L}\p{N}])`). */
  readonly literals: ReadonlyArray<{ readonly text: string; readonly wordStart: boolean }>;
}

const KATAKANA = /\p{Script=Katakana}/u;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A schema is a database's unless it is named as a data format's or a validator's: a JSON schema,
 * a GraphQL or OpenAPI schema, a zod schema and `$schema` describe data, they change no table.
 */
const FORMATS = 'json|graphql|gql|openapi|swagger|zod|yup|joi|ajv|avro|protobuf|xml|xsd|yaml|\\$';
const SCHEMA_WORDS = ['schema', 'esquema', 'schéma'];
const DB_SCHEMA = `(?<!(?:${FORMATS})\\s?)(?:${SCHEMA_WORDS.join('|')})(?!\\s?(?:de |del |des )?(?:${FORMATS}))`;

/**
 * The patterns, compiled on the first check rather than when the extension loads: their Unicode
 * classes (\p{L}, \p{Script=Katakana}) are the costliest thing the activation path would build.
 */
let compiled: readonly Compiled[] | undefined;

const compile = (): readonly Compiled[] => [
  ...STEMS.map(([domain, stems, words]) => ({
    domain,
    pattern: new RegExp(
      [
        ...stems.map((stem) => (stem.length >= 6 && !stem.includes(' ') ? escape(stem) : `(?<![\\p{L}\\p{N}])${escape(stem)}`)),
        ...words.map((word) => `(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])`),
        ...(domain === 'database migrations' ? [DB_SCHEMA] : []),
      ].join('|'),
      'uy',
    ),
    literals: [
      ...stems.map((text) => ({ text, wordStart: !(text.length >= 6 && !text.includes(' ')) })),
      ...words.map((text) => ({ text, wordStart: true })),
      ...(domain === 'database migrations' ? SCHEMA_WORDS.map((text) => ({ text, wordStart: false })) : []),
    ],
  })),
  // Katakana words run together without spaces, so a short katakana stem (three characters or fewer,
  // like a short Latin one) must start a katakana word: ロール (role) is not the end of スクロール
  // (scroll). Longer ones match inside compounds (リフレッシュトークン); kanji and hanzi anywhere.
  ...CJK.map(([domain, stems]) => ({
    domain,
    pattern: new RegExp(stems.map((stem) => (KATAKANA.test(stem[0]) && stem.length <= 3 ? `(?<!\\p{Script=Katakana}|ー)${escape(stem)}` : escape(stem))).join('|'), 'uy'),
    literals: stems.map((text) => ({ text, wordStart: false })),
  })),
];

/**
 * Lower-cases and splits identifiers (`refreshToken`, `auth_service`) into words the stems can see:
 * what `.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/[_/\\.-]+/g, ' ').toLowerCase()` makes
 * of the text, in one walk over it (a space between a lower-case letter or digit and an upper-case
 * letter, one space for each run of _ / \\ . -), the untouched stretches copied as slices.
 */
export function stemText(text: string): string {
  let out = '';
  let copied = 0;
  let lowerOrDigit = false;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (isSeparator(code)) {
      out += `${text.slice(copied, i)} `;
      do i++;
      while (i < text.length && isSeparator(text.charCodeAt(i)));
      copied = i;
      lowerOrDigit = false;
      continue;
    }
    if (code < 0x80) {
      if (lowerOrDigit && code >= 0x41 && code <= 0x5a) {
        out += `${text.slice(copied, i)} `;
        copied = i;
      }
      lowerOrDigit = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
      i++;
      continue;
    }
    const char = classAt(text, i);
    if (lowerOrDigit && (char & UPPER) !== 0) {
      out += `${text.slice(copied, i)} `;
      copied = i;
    }
    lowerOrDigit = (char & LOWER) !== 0;
    i += (char & PAIR) !== 0 ? 2 : 1;
  }
  return (copied === 0 ? text : out + text.slice(copied)).toLowerCase();
}

/** _ / \\ . - */
function isSeparator(code: number): boolean {
  return code === 0x5f || code === 0x2f || code === 0x5c || code === 0x2e || code === 0x2d;
}

/**
 * Which patterns can match a text, found in one pass over it before any pattern runs (most texts
 * hold no stem at all). Every literal a Latin pattern's match must contain is entered by its first
 * six characters (fewer if it is shorter) in a hashed table of the patterns it belongs to: one table
 * for the literals that may match anywhere, one for those that must start a word, looked at only
 * where a word may start. The Chinese and Japanese literals are entered by their first two characters.
 * A pattern that no position of the text names cannot match it; one that is named runs as before,
 * so a collision costs time, never a different answer.
 */
interface Prefilter {
  readonly anywhere: Uint8Array | Uint16Array | Uint32Array;
  readonly wordStart: Uint8Array | Uint16Array | Uint32Array;
  /** The Chinese and Japanese literals by their first character (one character long) or their first two. */
  readonly first: ReadonlyMap<number, number>;
  /** The lowest first character of a literal in `first`: below it, `first` is not looked at. */
  readonly firstFrom: number;
}

const TABLE_BITS = 14;
const KEY_CHARS = 6;
/** FNV-1a over a literal's first characters, one step per character, then its length mixed in. */
const step = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
const slotOf = (hash: number, length: number): number => Math.imul(hash ^ length, 0x9e3779b1) >>> (32 - TABLE_BITS);

/** Two characters as one small-integer key (not one-to-one: a collision only costs time), never equal to a single character. */
const pairKey = (a: number, b: number): number => 0x10000 + (((a & 0x1fff) << 16) | b);

let prefilter: Prefilter | undefined;

function buildPrefilter(patterns: readonly Compiled[]): Prefilter {
  if (patterns.length > 31) throw new Error('The stem prefilter has one bit per pattern: at most 31 patterns.');
  const latin = STEMS.length;
  const Table = latin <= 8 ? Uint8Array : latin <= 16 ? Uint16Array : Uint32Array;
  const anywhere = new Table(1 << TABLE_BITS);
  const wordStart = new Table(1 << TABLE_BITS);
  const first = new Map<number, number>();
  patterns.forEach(({ literals }, index) => {
    for (const { text, wordStart: starts } of literals) {
      if (index >= latin) {
        const key = text.length === 1 ? text.charCodeAt(0) : pairKey(text.charCodeAt(0), text.charCodeAt(1));
        first.set(key, (first.get(key) ?? 0) | (1 << index));
        continue;
      }
      const length = Math.min(text.length, KEY_CHARS);
      let hash = 0x811c9dc5;
      for (let i = 0; i < length; i++) hash = step(hash, text.charCodeAt(i));
      (starts ? wordStart : anywhere)[slotOf(hash, length)] |= 1 << index;
    }
  });
  const firstFrom = Math.min(0x10000, ...patterns.slice(latin).flatMap(({ literals }) => literals.map(({ text }) => text.charCodeAt(0))));
  return { anywhere, wordStart, first, firstFrom };
}

/** Per position of the last text, the patterns whose literal may start there (reused across calls). */
let marks = new Uint32Array(1024);

/**
 * The patterns (one bit each, in `compiled` order) that may match `text`, and in `marks` the
 * patterns each position may start a match of: every match starts with one of its literals.
 */
function candidates(text: string, { anywhere, wordStart, first, firstFrom }: Prefilter): number {
  let bits = 0;
  const length = text.length;
  if (marks.length < length) marks = new Uint32Array(Math.max(length, marks.length * 2));
  // A word may start where the code unit before is no letter or digit (or half of a pair: any character then).
  let wordMayStart = true;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    let here = 0;
    if (code >= firstFrom) here |= (first.get(code) ?? 0) | (i + 1 < length ? (first.get(pairKey(code, text.charCodeAt(i + 1))) ?? 0) : 0);
    // Every Latin literal has three characters or more, and those that match anywhere six or more.
    const end = Math.min(length, i + KEY_CHARS);
    if (end - i >= 3 && (wordMayStart || end - i === KEY_CHARS)) {
      let hash = step(step(step(0x811c9dc5, code), text.charCodeAt(i + 1)), text.charCodeAt(i + 2));
      for (let n = 3; ; n++) {
        if (wordMayStart) here |= wordStart[slotOf(hash, n)];
        if (n === end - i) break;
        hash = step(hash, text.charCodeAt(i + n));
      }
      if (end - i === KEY_CHARS) here |= anywhere[slotOf(hash, KEY_CHARS)];
    }
    marks[i] = here;
    bits |= here;
    wordMayStart = !isLetterOrDigitUnit(code);
  }
  return bits;
}

/** Whether `compiled[index]` matches `text` at a position `marks` names for it. */
function matchesAtMarks(text: string, index: number, patterns: readonly Compiled[]): boolean {
  const bit = 1 << index;
  const { pattern } = patterns[index];
  for (let i = 0; i < text.length; i++) {
    if ((marks[i] & bit) === 0) continue;
    pattern.lastIndex = i;
    if (pattern.test(text)) return true;
  }
  return false;
}

/** The sensitive domains whose stems occur in `text` (prose, a path, or pasted code). */
export function sensitiveDomains(text: string): SensitiveDomain[] {
  if (text.length === 0) return [];
  const prepared = stemText(text);
  const patterns = (compiled ??= compile());
  const hits: SensitiveDomain[] = [];
  const may = candidates(prepared, (prefilter ??= buildPrefilter(patterns)));
  for (let i = 0; i < patterns.length; i++) if ((may & (1 << i)) !== 0 && matchesAtMarks(prepared, i, patterns)) hits.push(patterns[i].domain);
  return hits;
}
