import type { DataSource } from 'typeorm';
import type { PortalTenant } from '@hookline/domain';

export interface NewPortalSession {
  readonly id: string;
  readonly linkHash: string;
  readonly tenant: PortalTenant;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface LivePortalSession {
  readonly id: string;
  readonly tenant: PortalTenant;
  readonly expiresAt: string;
}

interface SessionRow {
  id: string;
  account_id: string;
  project_id: string | null;
  expires_at: Date;
}

const live = (row: SessionRow): LivePortalSession => ({
  id: row.id,
  tenant: row.project_id === null ? { kind: 'account', accountId: row.account_id } : { kind: 'project', accountId: row.account_id, projectId: row.project_id },
  expiresAt: row.expires_at.toISOString(),
});

export async function insertPortalSession(db: DataSource, session: NewPortalSession): Promise<void> {
  await db.query(`INSERT INTO portal_sessions (id, link_hash, account_id, project_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    session.id,
    session.linkHash,
    session.tenant.accountId,
    session.tenant.kind === 'project' ? session.tenant.projectId : null,
    session.createdAt.toISOString(),
    session.expiresAt.toISOString(),
  ]);
}

/**
 * Trades a link for a session in one statement, so two tabs racing with the
 * same link cannot both win: the row is claimed only while it is unexchanged,
 * unrevoked and unexpired. Undefined means the link is spent or never existed.
 */
export async function exchangePortalLink(db: DataSource, linkHash: string, sessionHash: string, now: Date): Promise<LivePortalSession | undefined> {
  const [rows]: [SessionRow[], number] = await db.query(
    `UPDATE portal_sessions SET exchanged_at = $3, session_hash = $2
      WHERE link_hash = $1 AND exchanged_at IS NULL AND revoked_at IS NULL AND expires_at > $3
      RETURNING id, account_id, project_id, expires_at`,
    [linkHash, sessionHash, now.toISOString()],
  );
  return rows[0] === undefined ? undefined : live(rows[0]);
}

export async function findLivePortalSession(db: DataSource, sessionHash: string, now: Date): Promise<LivePortalSession | undefined> {
  const rows: SessionRow[] = await db.query(
    `SELECT id, account_id, project_id, expires_at FROM portal_sessions
      WHERE session_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [sessionHash, now.toISOString()],
  );
  return rows[0] === undefined ? undefined : live(rows[0]);
}

/** The session's tenant, for the caller to check before revoking; revoked or not. */
export async function findPortalSessionTenant(db: DataSource, id: string): Promise<PortalTenant | undefined> {
  const rows: SessionRow[] = await db.query(`SELECT id, account_id, project_id, expires_at FROM portal_sessions WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : live(rows[0]).tenant;
}

export async function revokePortalSession(db: DataSource, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE portal_sessions SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1`, [id, now.toISOString()]);
}

/** Expired sessions are worthless; dropped when a new one is made so the table stays small. */
export async function deleteExpiredPortalSessions(db: DataSource, now: Date): Promise<void> {
  await db.query(`DELETE FROM portal_sessions WHERE expires_at < $1`, [new Date(now.getTime() - 86_400_000).toISOString()]);
}
