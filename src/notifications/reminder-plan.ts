import { DateTime } from 'luxon';

const MINUTE = 60_000;

/** How long before an appointment a reminder is due, as the setting names it (`48h`) and in milliseconds. */
export interface ReminderOffset {
  name: string;
  ms: number;
}

/** A daily span in the clinic's zone, as minutes after midnight; `from > until` runs past midnight. */
export interface QuietHours {
  from: number;
  until: number;
}

/** A reminder to write into the outbox: due at `availableAt`, withdrawn unsent if still pending at `notAfter`. */
export interface PlannedReminder {
  offset: string;
  availableAt: Date;
  notAfter: Date;
}

/** `48h,2h` → the offsets, longest first, each once; `none` → none. */
export function parseOffsets(setting: string): ReminderOffset[] {
  if (setting.trim() === 'none') return [];
  const offsets = setting
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((name) => ({ name, ms: Number(name.slice(0, -1)) * (name.endsWith('h') ? 60 : 1) * MINUTE }))
    .filter((o) => o.ms > 0);
  const distinct = offsets.filter((o, i) => offsets.findIndex((x) => x.ms === o.ms) === i);
  return distinct.sort((a, b) => b.ms - a.ms);
}

/** `21:00-08:00` → the span; `none` → no quiet hours. */
export function parseQuietHours(setting: string): QuietHours | null {
  const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(setting.trim());
  if (!match) return null;
  const [from, until] = [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])];
  return from === until ? null : { from, until };
}

/** Whether `at` falls inside the quiet hours, read on the clinic's clock. */
export function inQuietHours(at: Date, quiet: QuietHours | null, zone: string): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  return quiet.from < quiet.until ? minute >= quiet.from && minute < quiet.until : minute >= quiet.from || minute < quiet.until;
}

/**
 * When a non-urgent message due at `due` goes out: at the end of the quiet hours if it falls in
 * them, else when due. A delay never reaches `notAfter`: a message that could only arrive after its
 * appointment keeps its own time instead (an early reminder is better than none).
 */
export function afterQuietHours(due: Date, quiet: QuietHours | null, zone: string, notAfter?: Date): Date {
  if (!quiet || !inQuietHours(due, quiet, zone)) return due;
  const local = DateTime.fromJSDate(due, { zone });
  let end = local.set({ hour: Math.floor(quiet.until / 60), minute: quiet.until % 60, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 }).set({ hour: Math.floor(quiet.until / 60), minute: quiet.until % 60 });
  const delayed = end.toJSDate();
  return notAfter && delayed >= notAfter ? due : delayed;
}

export interface ReminderPlanInput {
  startsAt: Date;
  offsets: ReminderOffset[];
  quiet: QuietHours | null;
  zone: string;
  now: Date;
}

/**
 * The reminders of an appointment starting at `startsAt`: one per offset whose time is still ahead
 * at `now` (one already past is left out: the booking or its change was just confirmed), moved out
 * of quiet hours, each withdrawn unsent if still pending when the appointment starts.
 */
export function planReminders({ startsAt, offsets, quiet, zone, now }: ReminderPlanInput): PlannedReminder[] {
  if (startsAt <= now) return [];
  return offsets
    .map((offset) => ({ offset: offset.name, due: new Date(startsAt.getTime() - offset.ms) }))
    .filter(({ due }) => due > now)
    .map(({ offset, due }) => ({ offset, availableAt: afterQuietHours(due, quiet, zone, startsAt), notAfter: startsAt }));
}
