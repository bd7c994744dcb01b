import assert from 'node:assert/strict';
import { insertableCode } from '../../src/core/validation/insertableCode';

describe('code inserted from a chat answer', () => {
  it('leaves out bidi overrides, isolates and zero-width characters (Trojan Source) and counts them', () => {
    const hostile = 'const isAdmin = false; /* \u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */\u200b\u2060\ufeff';
    const { code, removed } = insertableCode(hostile);
    assert.equal(code, 'const isAdmin = false; /*  } if (isAdmin)  begin admins only */');
    assert.equal(removed, 7);
  });

  it('keeps ordinary code, non-ASCII text and emoji exactly as written', () => {
    const ordinary = 'const café = "naïve — 日本語 👍";\n\tconst x = 1;\r\n';
    assert.deepEqual(insertableCode(ordinary), { code: ordinary, removed: 0 });
  });
});
