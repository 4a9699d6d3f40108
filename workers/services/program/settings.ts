// The distribution program's settings: what ops set with PUT /api/ops/program, or the defaults.
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from '../../../shared/program/program-schemas';
import type { Db } from '../../storage/db';
import { recordAudit } from '../../storage/ops/audit-repo';
import type { Exec } from '../../storage/orders/orders-repo';
import { readProgramSettings, writeProgramSettings } from '../../storage/program/settings-repo';

export async function getProgramSettings(exec: Exec): Promise<ProgramSettings> {
  return (await readProgramSettings(exec)) ?? DEFAULT_PROGRAM_SETTINGS;
}

/** The caller validated `settings` against ProgramSettingsSchema and audits the change. */
export async function putProgramSettings(exec: Exec, settings: ProgramSettings): Promise<ProgramSettings> {
  await writeProgramSettings(exec, settings);
  return settings;
}

/** PUT /api/ops/program: the new document and its audit entry land together. */
export async function putProgramSettingsAudited(db: Db, actor: string, settings: ProgramSettings): Promise<ProgramSettings> {
  return db.transaction(async (tx) => {
    const before = await getProgramSettings(tx);
    await putProgramSettings(tx, settings);
    await recordAudit(tx, { actor, action: 'program.update', target: 'program:settings', before, after: settings });
    return settings;
  });
}
