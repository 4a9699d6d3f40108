import { DurableObject } from 'cloudflare:workers';

/**
 * One object per account: which of its sessions still count. A session token names its
 * session id (`jti`) and issue time; logout revokes one id, and a role change or suspension
 * revokes everything issued before that moment. Answers come from the object's own SQLite,
 * so a check costs one object call and no Postgres.
 */
export class SessionGuard extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec('CREATE TABLE IF NOT EXISTS revoked (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID');
    });
  }

  /** Whether a session issued at `issuedAtSeconds` with id `jti` is still valid. */
  async isActive(jti: string, issuedAtSeconds: number): Promise<boolean> {
    const before = this.ctx.storage.kv.get<number>('revokedBefore') ?? 0;
    if (issuedAtSeconds * 1000 < before) return false;
    return this.sql.exec('SELECT 1 FROM revoked WHERE jti = ?', jti).toArray().length === 0;
  }

  /** Logout: this one session ends now. Kept until the token would have expired anyway. */
  async revoke(jti: string, expiresAtSeconds: number): Promise<void> {
    this.sql.exec('INSERT OR IGNORE INTO revoked (jti, expires_at) VALUES (?, ?)', jti, expiresAtSeconds);
    this.sql.exec('DELETE FROM revoked WHERE expires_at < ?', Math.floor(Date.now() / 1000));
  }

  /**
   * Role change, suspension or "sign out everywhere": every session issued up to now ends.
   * Issue times have one-second resolution, so the cut is at the next whole second: a token
   * signed in the same second as the revocation is refused too (the user signs in again).
   */
  async revokeAll(now = Date.now()): Promise<void> {
    const cut = (Math.floor(now / 1000) + 1) * 1000;
    const before = this.ctx.storage.kv.get<number>('revokedBefore') ?? 0;
    if (cut > before) this.ctx.storage.kv.put('revokedBefore', cut);
  }
}
