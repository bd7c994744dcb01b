/**
 * The user's verdict on an answer's tier. Its own file, free of the ledger's schema library, so
 * the chat webview's protocol can build its enum from the same tuple without bundling it.
 */

export const FEEDBACKS = ['right', 'cheaper', 'stronger'] as const;
/** The user's verdict on the tier: right, could have been cheaper, needed stronger. */
export type Feedback = (typeof FEEDBACKS)[number];
