/** Node the shim and installer need (package.json `engines.node`). */
export const MIN_NODE = '20.18.0';

/** True when `version` (e.g. "v20.20.2" or "20.18.0") is at least `minimum`. */
export function atLeast(version: string, minimum: string): boolean {
  const have = parse(version);
  const need = parse(minimum);
  if (!have || !need) {
    return false;
  }
  for (let i = 0; i < 3; i++) {
    if (have[i] !== need[i]) {
      return have[i] > need[i];
    }
  }
  return true;
}

function parse(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}
