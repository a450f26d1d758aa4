/**
 * Globus Connect Personal detection: the files GCP keeps on disk, read the way
 * globus-sdk-python's LocalGlobusConnectPersonal does (globus-api.md §3), which is
 * what the original extension called for `collection_id`, `is_gcp` and
 * `collection_id_owner`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GcpLocation {
  platform: NodeJS.Platform;
  homeDir: string;
  /** `%LOCALAPPDATA%`, only read on Windows. */
  localAppData?: string;
}

export interface GcpOwner {
  /** Set when the gridmap CN encodes the owner's identity id (`u_<base32>`). */
  id: string | null;
  /** Set otherwise: `<cn>@globusid.org`. */
  username: string | null;
}

export interface LocalGcp {
  endpointId: string | null;
  owner: GcpOwner | null;
  dataDir: string;
}

const GRIDMAP_PREFIX = '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=';

/** `~/.globusonline/lta` on Linux and macOS, `%LOCALAPPDATA%\Globus Connect` on Windows (§3). */
export function gcpDataDir(location: GcpLocation): string | null {
  if (location.platform === 'win32') {
    // The native path module: on a real Windows host `join` is win32's.
    return location.localAppData ? join(location.localAppData, 'Globus Connect') : null;
  }
  return join(location.homeDir, '.globusonline', 'lta');
}

export function detectLocalGcp(location: GcpLocation): LocalGcp | null {
  const dataDir = gcpDataDir(location);
  if (!dataDir) return null;
  const clientId = readOptional(join(dataDir, 'client-id.txt'));
  const endpointId = clientId?.trim() || null;
  const gridmap = readOptional(join(dataDir, 'gridmap'));
  const owner = gridmap === null ? null : parseGridmapOwner(gridmap);
  if (endpointId === null && owner === null) return null;
  return { endpointId, owner, dataDir };
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // A missing file means "no GCP"; anything else (permissions…) is worth failing on,
    // as the SDK does (§3: "missing (ENOENT) → null, other OS errors raise").
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The gridmap's first GCP user line → its owner (§3, PY owner_info.py). */
export function parseGridmapOwner(gridmap: string): GcpOwner | null {
  const line = gridmap.split(/\r?\n/).find(l => l.startsWith(GRIDMAP_PREFIX));
  if (!line) return null;
  const tokens = shellSplit(line);
  if (!tokens || tokens.length !== 2) return null;
  const dn = tokens[0];
  // Python's dn.split("=", 4)[-1]: everything after the fourth "=".
  const parts = dn.split('=');
  const cn = parts.length > 4 ? parts.slice(4).join('=') : parts[parts.length - 1];
  const id = decodeIdentityCn(cn);
  return id ? { id, username: null } : { id: null, username: `${cn}@globusid.org` };
}

/** `u_` + 26 base32 characters is an identity id; anything else is a Globus ID username. */
export function decodeIdentityCn(cn: string): string | null {
  if (!/^u_[a-z2-7]{26}$/i.test(cn)) return null;
  const bytes = base32Decode(cn.slice(2).toUpperCase());
  if (!bytes || bytes.length < 16) return null;
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input: string): Uint8Array | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of input) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** A small POSIX-shell word splitter (quotes and backslashes), like Python's shlex.split. */
function shellSplit(line: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(current);
  return words;
}
