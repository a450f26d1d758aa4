/**
 * The sandbox's notion of "now". Tests move it forward with `advanceClock` to
 * expire tokens and High Assurance sessions without waiting.
 */
export class Clock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, shifted by every `advance` so far. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`advanceClock: seconds must be a non-negative number, got ${seconds}`);
    }
    this.offsetMs += seconds * 1000;
  }

  /** Globus's ISO form with an explicit offset: `2021-09-02T18:04:49+00:00` (globus-api.md §2.7). */
  iso(ms: number = this.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }
}

/** `last_modified` in operation/ls: `YYYY-MM-DD HH:MM:SS+00:00` (globus-api.md §2.4). */
export function lsTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '+00:00');
}
