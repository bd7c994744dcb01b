import assert from 'node:assert/strict';
import { withoutSecretAttachments } from '../../src/core/languageModel/secretAttachments';
import type { LmMessage } from '../../src/core/languageModel/lmMessages';
import { DEFAULT_CONFIG } from '../../src/core/settings/config';
import { secretFileNote } from '../../src/core/privacy/secretFiles';

const patterns = DEFAULT_CONFIG['completions.exclude'];
const relative = (path: string) => path.replace(/^\/home\/ada\/app\//, '');
/** The secret files' own text, as the provider reads it: none holds a closing tag. */
const fileText = (path: string) => Promise.resolve(path.endsWith('.env') ? 'STRIPE_SECRET=sk_live_ATTACHED\n' : 'DB_PASSWORD=hunter2_IMPLICIT');

/** A user turn as VS Code's Chat builds it: an explicit attachment, the implicit active editor, the request. */
const turn: LmMessage = {
  role: 'user',
  parts: [
    {
      type: 'text',
      text: [
        '<attachments>',
        '<attachment id="file:.env" filePath="/home/ada/app/.env">',
        '```',
        'STRIPE_SECRET=sk_live_ATTACHED',
        '```',
        '</attachment>',
        '<attachment id="file:src/app.ts" filePath="/home/ada/app/src/app.ts">',
        'export const port = 8080;',
        '</attachment>',
        '<attachment isSummarized="false" filePath="file:///home/ada/app/config/.env.production">DB_PASSWORD=hunter2_IMPLICIT</attachment>',
        '</attachments>',
        '<userRequest>why does the app not start?</userRequest>',
      ].join('\n'),
    },
  ],
};

describe('VS Code Chat attachments with a Model Router model', () => {
  it('replaces the text of attached and implicitly attached secret files with a note, and keeps the rest', async () => {
    const { conversation, leftOut } = await withoutSecretAttachments([turn], patterns, relative, fileText);
    const sent = JSON.stringify(conversation);
    assert.ok(!sent.includes('sk_live_ATTACHED'), 'the attached .env must not be sent');
    assert.ok(!sent.includes('hunter2_IMPLICIT'), 'the implicitly attached .env.production must not be sent');
    assert.ok(sent.includes('export const port = 8080;'), 'an ordinary attachment is kept');
    assert.ok(sent.includes('why does the app not start?'));
    assert.deepEqual(leftOut, [secretFileNote('.env', '**/.env'), secretFileNote('config/.env.production', '**/.env.*')]);
    assert.ok(sent.includes(secretFileNote('.env', '**/.env')), 'the model reads why the file is missing');
  });

  it('leaves a conversation without secret attachments as it was', async () => {
    const plain: LmMessage[] = [{ role: 'user', parts: [{ type: 'text', text: '<attachment filePath="/home/ada/app/src/a.ts">x</attachment> hi' }] }];
    assert.deepEqual(await withoutSecretAttachments(plain, patterns, relative, fileText), { conversation: plain, leftOut: [] });
  });
});
