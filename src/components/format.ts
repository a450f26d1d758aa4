/** Human-readable numbers for listings and progress. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** `1536` → `1.5 KB` (powers of 1024, like JupyterLab's file browser). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Globus's `YYYY-MM-DD HH:MM:SS+00:00` (§2.4) → `YYYY-MM-DD HH:MM` in UTC. */
export function formatGlobusTime(value: string | null): string {
  if (!value) {
    return '';
  }
  return value.slice(0, 16);
}
