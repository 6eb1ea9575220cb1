/**
 * Shop-local time. REST payloads (and so webhooks) print timestamps in the
 * shop's IANA zone with its offset, e.g. "2025-01-02T10:04:05-05:00"
 * (https://shopify.dev/docs/api/admin-rest/2025-01/resources/product), and
 * search dates without a zone are read in the shop's zone
 * (https://shopify.dev/docs/api/usage/search-syntax).
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC for `timeZone` at instant `ms` (DST-aware). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** "2025-01-02T10:04:05-05:00" in the shop's zone. */
export function formatInZone(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(timeZone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A search-syntax time value: `now`, a year ('2024'), a date, or a full
 * ISO-8601 timestamp. Values without a zone are shop-local. Null when unreadable.
 */
export function parseSearchTime(raw: string, timeZone: string, now: number): number | null {
  const value = raw.trim();
  if (value.toLowerCase() === 'now') return now;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(asUtc)) return null;
  if (zone === 'Z') return asUtc;
  if (zone) {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const minutes = (Number(zm[2]) * 60 + Number(zm[3])) * (zm[1] === '-' ? -1 : 1);
    return asUtc - minutes * 60_000;
  }
  return asUtc - zoneOffsetMinutes(timeZone, asUtc) * 60_000;
}
