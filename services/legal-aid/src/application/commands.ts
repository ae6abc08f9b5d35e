import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { Executor } from '@linkage/db';
import { emitEvents } from '@linkage/messaging';
import { audit, checkVersion, found, loadCalendar, orThrow } from '@linkage/service-kit';
import { changeCaseload, lockApplication, updateApplication } from '../db/queries.ts';
import type { ApplicationRow } from '../db/schema.ts';
import { decide, type Command } from '../domain/application/decide.ts';
import { changeOf } from '../domain/application/evolve.ts';
import type { ApplicationState, Status } from '../domain/application/state.ts';
import { can } from '../domain/policy.ts';
import { summaryView } from './views.ts';

export interface CommandOptions {
  version?: number | undefined;
  correlationId: string;
  /** The audit row's reason: a category (a ground code), never the caller's words. */
  reason?: string | undefined;
  /** The caller's own words for the reason: personal data, kept in the audit row encrypted only. */
  reasonText?: string | undefined;
  /** Encrypted fields that go with the change (reasons, reports), given the record id for the AAD. */
  encrypted?: (id: string) => Partial<ApplicationRow>;
  /** Work in the same transaction once the row is changed (a note, an audit of the applicant's data). */
  afterDecide?: (tx: Executor, row: ApplicationRow) => Promise<void>;
}

/** AAD of a reason's words kept encrypted in an audit row's details (`reasonTextEnc`). */
export const auditTextAad = (applicationId: string, auditAction: string) => `${applicationId}#audit:${auditAction}`;

const stateOf = (r: ApplicationRow): ApplicationState => ({ ...r, status: r.status as Status });

/**
 * Decide a command on a loaded, locked application and persist it: the row change, the lawyer's caseload,
 * then the events (`emitEvents`). Shared by the HTTP commands and the materials scheduler.
 */
export async function applyCommand(
  app: FastifyInstance,
  tx: Executor,
  row: ApplicationRow,
  cmd: Command,
  actor: { role: string; dept: string },
  o: { correlationId?: string | undefined; extra?: Partial<ApplicationRow> } = {},
): Promise<ApplicationRow> {
  const now = app.clock();
  const s = stateOf(row);
  const events = orThrow(decide(s, cmd, now, await loadCalendar(tx)));
  const { change, releaseLawyer } = changeOf(s, cmd, events);
  const updated = await updateApplication(tx, row.id, { ...change, ...o.extra, updatedAt: now });
  if (releaseLawyer) await changeCaseload(tx, releaseLawyer, -1);
  await emitEvents(tx, events, {
    source: app.service.source,
    subject: row.caseId ?? row.id,
    actor,
    time: now,
    correlationid: o.correlationId,
  });
  return updated;
}

/** The application locked for a change, after the caller's access and the version they read are checked. */
export async function loadForChange(
  tx: Executor,
  who: Principal,
  id: string,
  action: 'manage' | 'review_objection',
  version?: number,
): Promise<ApplicationRow> {
  const row = found(await lockApplication(tx, id), 'The application');
  can(who, action, row);
  checkVersion(row, version);
  return row;
}

/** A command, or how to make it from the locked row (e.g. choosing a lawyer needs the registry). */
export type CommandSource = Command | ((tx: Executor, row: ApplicationRow) => Promise<Command>);

/** One state change: lock, authorise, check the version, decide, then row + events + audit in one transaction. */
export async function runCommand(
  app: FastifyInstance,
  who: Principal,
  id: string,
  source: CommandSource,
  o: CommandOptions,
) {
  return app.store.db.transaction(async (tx) => {
    // LAL Art. 49: objections are reviewed by the justice bureau that set up the centre, not the centre itself
    const action = typeof source !== 'function' && source.kind === 'review_objection' ? 'review_objection' : 'manage';
    const row = await loadForChange(tx, who, id, action, o.version);
    const cmd = typeof source === 'function' ? await source(tx, row) : source;
    const updated = await applyCommand(app, tx, row, cmd, who, {
      correlationId: o.correlationId,
      extra: o.encrypted?.(id) ?? {},
    });
    await o.afterDecide?.(tx, updated);
    const auditAction = `application.${cmd.kind}`;
    await audit(tx, who, {
      action: auditAction,
      entityType: 'application',
      entityId: id,
      caseId: row.caseId,
      reason: o.reason ?? null,
      details: {
        from: row.status,
        to: updated.status,
        version: updated.version,
        ...(o.reasonText ? { reasonTextEnc: app.cipher.encrypt(o.reasonText, auditTextAad(id, auditAction)) } : {}),
      },
    });
    return summaryView(updated);
  });
}
