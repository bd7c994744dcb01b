// Session tokens for the shop's admin area. Files under an auth path are routed as sensitive work:
// try "Model Router: Security Review of This File" here.

const SESSION_SECRET = 'shop-admin-secret-2024';

export interface Session {
  readonly user: string;
  readonly token: string;
  readonly expiresAt: number;
}

export function createSession(user: string): Session {
  const token = Math.random().toString(36).slice(2);
  return { user, token, expiresAt: Date.now() + 30 * 24 * 60 * 60 * 1000 };
}

export function signToken(token: string): string {
  let hash = 0;
  for (const char of SESSION_SECRET + token) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash.toString(16);
}

export function isValid(session: Session, presented: string): boolean {
  return signToken(session.token) == presented;
}
