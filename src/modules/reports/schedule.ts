// PR-6 schedules: a cron expression read in an IANA time zone (croner), so "08:00 every Monday in
// Europe/Warsaw" stays at 08:00 local across daylight-saving changes.
import { Cron } from 'croner';
import { invalid } from '../../shared/errors.ts';

const cronOf = (expr: string, timeZone: string) => new Cron(expr, { timezone: timeZone, paused: true });

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Throws a field error for a bad expression or zone (the API returns it as-is). */
export function checkSchedule(expr: string, timeZone: string) {
  if (!isTimeZone(timeZone)) throw invalid('timeZone', `"${timeZone}" is not a time zone (use a name like Europe/Warsaw)`);
  if (expr.trim().split(/\s+/).length !== 5) throw invalid('cron', 'Use five fields: minute hour day-of-month month day-of-week');
  let next: Date | null;
  try {
    next = cronOf(expr, timeZone).nextRun(new Date());
  } catch (err) {
    throw invalid('cron', `Not a valid schedule: ${(err as Error).message.replace(/^CronPattern: /, '')}`);
  }
  if (!next) throw invalid('cron', 'This schedule never runs');
}

/** The first slot strictly after `after`. */
export function nextSlot(expr: string, timeZone: string, after: Date): Date | null {
  return cronOf(expr, timeZone).nextRun(after);
}

/** The slot before `slot` (the start of the period a report covers). */
export function previousSlot(expr: string, timeZone: string, slot: Date): Date | null {
  return cronOf(expr, timeZone).previousRuns(1, slot)[0] ?? null;
}

/** Whether `at` is a slot of the schedule (a job for a slot of an older version of it is stale). */
export function isSlot(expr: string, timeZone: string, at: Date): boolean {
  return nextSlot(expr, timeZone, new Date(at.getTime() - 1))?.getTime() === at.getTime();
}
