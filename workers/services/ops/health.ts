import { pingDatabase, type Db } from '../../storage/db';

/** Whether a statement reaches Postgres right now (GET /healthz). */
export async function isDatabaseReachable(db: () => Db): Promise<boolean> {
  try {
    await pingDatabase(db());
    return true;
  } catch {
    return false;
  }
}
