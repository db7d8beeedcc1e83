/** Calendar helpers. Dates are 'YYYY-MM-DD' strings; instants are Date in UTC. */

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Today in China (UTC+8): the department's calendar day, whatever the server's zone. */
export function today(clock: Clock, offsetHours = 8): string {
  const d = new Date(clock().getTime() + offsetHours * 3600_000);
  return d.toISOString().slice(0, 10);
}

export function parts(date: string): { year: number; month: number; day: number; quarter: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { year: y, month: m, day: d, quarter: Math.ceil(m / 3) };
}

export function quarterMonths(quarter: number): number[] {
  return [quarter * 3 - 2, quarter * 3 - 1, quarter * 3];
}

export function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

export function quarterRange(year: number, quarter: number): { from: string; to: string } {
  const [a, , c] = quarterMonths(quarter);
  return { from: monthRange(year, a).from, to: monthRange(year, c).to };
}

/** Add n working days (Monday–Friday) to an instant, keeping the time of day. */
export function addWorkingDays(from: Date, n: number): Date {
  const d = new Date(from.getTime());
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = new Date(d.getTime() + 8 * 3600_000).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

/** ISO week (Monday first) containing a date: its Monday and Sunday. */
export function weekOf(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const wd = (d.getUTCDay() + 6) % 7;
  const mon = new Date(d.getTime() - wd * 86400_000);
  const sun = new Date(mon.getTime() + 6 * 86400_000);
  return { from: mon.toISOString().slice(0, 10), to: sun.toISOString().slice(0, 10) };
}

export function addDays(date: string, n: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + n * 86400_000).toISOString().slice(0, 10);
}
