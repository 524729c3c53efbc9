/** Microseconds since the epoch, with sub-millisecond precision from the monotonic clock. */
export function currentEpochMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, the shape of Toolzz's `createdAt` example. */
export function formatMicrosecondTimestamp(epochMicros: number): string {
  const iso = new Date(Math.floor(epochMicros / 1000)).toISOString();
  const fraction = String(epochMicros % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/** The inverse of `formatMicrosecondTimestamp`. */
export function epochMicrosOf(timestamp: string): number {
  const seconds = Date.parse(`${timestamp.slice(0, 10)}T${timestamp.slice(11, 19)}Z`) / 1000;
  return seconds * 1_000_000 + Number(timestamp.slice(20, 26));
}
