import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { InstallerError } from './errors';
import type { InstallLayout } from './layout';

/**
 * The record of one installation: every file written (with its content hash, so uninstall can
 * tell a file it wrote from one somebody changed or put there since) and every directory it had
 * to create (removed again only when empty).
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  manifestVersion: z.literal(1),
  package: z.string(),
  version: z.string(),
  installedAt: z.string(),
  layout: z.string(),
  files: z.array(z.object({ path: z.string(), sha256: sha256 })),
  /** Our key in the shared jupyter_server_config.json (server-config.ts), hashed like a file. */
  configEntry: z.object({ file: z.string(), sha256: sha256, createdFile: z.boolean() }),
  directories: z.array(z.string())
});
export type InstallManifest = z.infer<typeof manifestSchema>;

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function readManifest(layout: InstallLayout): InstallManifest | undefined {
  let text: string;
  try {
    text = fs.readFileSync(layout.manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InstallerError(`${layout.manifestPath} is not valid JSON; remove the files by hand`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new InstallerError(
      `${layout.manifestPath} is not an install manifest this version understands: ${parsed.error.issues[0]?.message}`
    );
  }
  // A manifest is a delete list: never let one (edited, or copied from elsewhere) reach outside
  // the folders this layout owns. Files must lie inside them; directories may also be their
  // ancestors (created for a fresh prefix), which are only ever removed when empty.
  const roots = [layout.dataDir, layout.configDir, layout.appDir];
  const files = [...parsed.data.files.map(f => f.path), parsed.data.configEntry.file];
  const badFile = files.find(file => !roots.some(root => isInside(file, root)));
  const badDir = parsed.data.directories.find(
    dir => !roots.some(root => isInside(dir, root) || isInside(root, dir) || samePath(dir, root))
  );
  const bad = badFile ?? badDir;
  if (bad !== undefined) {
    throw new InstallerError(
      `${layout.manifestPath} lists ${bad}, outside the install folders; refusing to use it`
    );
  }
  return parsed.data;
}

export function writeManifest(layout: InstallLayout, manifest: InstallManifest): void {
  const tmp = `${layout.manifestPath}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(tmp, layout.manifestPath);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/** Strictly below `root` (not `root` itself). */
export function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(candidate));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
