// The Postgres faults a history brings about (through the fault-control proxy), and the gate that
// keeps one history's faults out of another's recovery and checks.
import { appEnv, type Ctx } from './context';

export async function fault(action: 'up' | 'down' | 'drop') {
  const r = await fetch(`${appEnv.HISTORY_FAULT_CONTROL}/${action}`);
  if (!r.ok) throw new Error(`fault control ${action}: ${r.status}`);
}

// Histories run side by side on one Postgres proxy: a Postgres fault of one must not land in
// another's recovery and checks. Faults wait while any history checks, and checks wait for faults.
// Each pass through the gate is a token owned by its history, so a history that hangs inside can be
// let go of (`abandon`) without blocking every other one behind it for good.
const gate = { faults: new Set<{ c: Ctx }>(), quiet: new Set<{ c: Ctx }>() };
const tick = () => new Promise((r) => setTimeout(r, 5));

export async function withFault<T>(c: Ctx, fn: () => Promise<T>): Promise<T | undefined> {
  while (gate.quiet.size > 0) await tick();
  if (c.abandoned) return undefined;
  const token = { c };
  gate.faults.add(token);
  try {
    return await fn();
  } finally {
    gate.faults.delete(token);
  }
}

export async function withQuiet<T>(c: Ctx, fn: () => Promise<T>): Promise<T> {
  const token = { c };
  gate.quiet.add(token);
  try {
    while (gate.faults.size > 0) await tick();
    return await fn();
  } finally {
    gate.quiet.delete(token);
  }
}

/** A history ran out of time: its gate tokens are dropped, and Postgres is healed if it had it down. */
export async function abandon(c: Ctx): Promise<void> {
  c.abandoned = true;
  for (const t of gate.quiet) if (t.c === c) gate.quiet.delete(t);
  let faulting = false;
  for (const t of gate.faults)
    if (t.c === c) {
      gate.faults.delete(t);
      faulting = true;
    }
  if (faulting) await fault('up').catch(() => {});
}
