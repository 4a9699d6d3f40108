// The program's one settings row.
import { eq } from 'drizzle-orm';
import type { ProgramSettings } from '../../../shared/program/program-schemas';
import type { Exec } from '../orders/orders-repo';
import { programSettings } from '../schema';

export async function readProgramSettings(exec: Exec): Promise<ProgramSettings | null> {
  const [row] = await exec.select({ settings: programSettings.settings }).from(programSettings).where(eq(programSettings.id, 1));
  return row?.settings ?? null;
}

export async function writeProgramSettings(exec: Exec, settings: ProgramSettings): Promise<void> {
  await exec
    .insert(programSettings)
    .values({ id: 1, settings })
    .onConflictDoUpdate({ target: programSettings.id, set: { settings, updatedAt: new Date() } });
}
