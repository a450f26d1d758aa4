import * as fs from 'node:fs';
import * as path from 'node:path';
import { InstallerError } from './errors';
import { serverProxyEntry, type InstallLayout } from './layout';
import { readManifest, sha256File, writeManifest, type InstallManifest } from './manifest';
import { PACKAGE_NAME, type PackageArtifacts } from './package-root';
import {
  ENTRY_PATH,
  getEntry,
  hashValue,
  readConfig,
  withEntry,
  withoutEntry,
  writeConfig
} from './server-config';

export type Log = (line: string) => void;

export interface InstallOptions {
  layout: InstallLayout;
  artifacts: PackageArtifacts;
  /** Absolute path of the node that will run the shim (the one running the installer). */
  nodePath: string;
  dryRun?: boolean;
  log: Log;
}

/** One file to write: copied from the package, or generated. */
type PlannedFile = { dest: string } & ({ source: string } | { content: string });

/**
 * `install.json` next to the labextension is what `jupyter labextension list` and the extension
 * manager show as the way to remove it (jupyter-ecosystem.md §1.7).
 */
function installJson(): string {
  return (
    JSON.stringify(
      {
        packageManager: 'npm',
        packageName: PACKAGE_NAME,
        uninstallInstructions: 'npx globus-jupyterlab uninstall'
      },
      null,
      2
    ) + '\n'
  );
}

function plan(options: InstallOptions): PlannedFile[] {
  const { layout, artifacts } = options;
  const files: PlannedFile[] = listFiles(artifacts.labextensionDir).map(relative => ({
    dest: path.join(layout.extensionDir, relative),
    source: path.join(artifacts.labextensionDir, relative)
  }));
  files.push({ dest: path.join(layout.extensionDir, 'install.json'), content: installJson() });
  files.push({ dest: layout.shimPath, source: artifacts.shimBundle });
  return files;
}

export function install(options: InstallOptions): InstallManifest | undefined {
  const { layout, log } = options;
  if (!path.isAbsolute(options.nodePath)) {
    throw new InstallerError(`the node path must be absolute, got ${options.nodePath}`);
  }
  const previous = readManifest(layout);
  const files = plan(options);
  refuseForeignFiles(layout, previous);

  if (options.dryRun) {
    log(`Would install ${PACKAGE_NAME} ${options.artifacts.version} into ${layout.description}:`);
    if (previous) {
      log(`  replacing the ${previous.version} installed ${previous.installedAt}`);
    }
    for (const file of summarize(files, layout)) {
      log(`  ${file}`);
    }
    log(`  ${layout.configFile} (${ENTRY_PATH.join('.')})`);
    log(`  ${layout.manifestPath}`);
    return undefined;
  }

  if (previous) {
    log(`Replacing the ${previous.version} installed ${previous.installedAt}.`);
    uninstall({ layout, log: () => undefined });
  }

  const createdDirs: string[] = [];
  const written: InstallManifest['files'] = [];
  let configBefore: string | undefined | null = null; // null: config not touched yet
  try {
    for (const dest of [...files.map(f => f.dest), layout.configFile, layout.manifestPath]) {
      createdDirs.push(...makeDirs(path.dirname(dest)));
    }
    for (const file of files) {
      if ('source' in file) {
        fs.copyFileSync(file.source, file.dest);
      } else {
        fs.writeFileSync(file.dest, file.content);
      }
      written.push({ path: file.dest, sha256: sha256File(file.dest) });
    }
    const entry = serverProxyEntry(options.nodePath, layout.shimPath);
    configBefore = readText(layout.configFile);
    writeConfig(layout.configFile, withEntry(readConfig(layout.configFile), entry));
    const manifest: InstallManifest = {
      manifestVersion: 1,
      package: PACKAGE_NAME,
      version: options.artifacts.version,
      installedAt: new Date().toISOString(),
      layout: layout.description,
      files: written,
      configEntry: {
        file: layout.configFile,
        sha256: hashValue(entry),
        createdFile: configBefore === undefined
      },
      directories: createdDirs
    };
    writeManifest(layout, manifest);
    for (const line of summarize(files, layout)) {
      log(`  wrote ${line}`);
    }
    log(`  set ${ENTRY_PATH.join('.')} in ${layout.configFile}`);
    log(`Installed ${PACKAGE_NAME} ${options.artifacts.version} into ${layout.description}.`);
    log('Restart the Jupyter server to load it; `npx globus-jupyterlab doctor` checks the setup.');
    return manifest;
  } catch (error) {
    // Leave nothing half-installed behind: undo exactly what this run wrote.
    for (const file of written) {
      fs.rmSync(file.path, { force: true });
    }
    if (configBefore === undefined) {
      fs.rmSync(layout.configFile, { force: true });
    } else if (configBefore !== null) {
      fs.writeFileSync(layout.configFile, configBefore);
    }
    removeEmptyDirs(createdDirs);
    throw asInstallerError(error, layout);
  }
}

export interface UninstallOptions {
  layout: InstallLayout;
  dryRun?: boolean;
  log: Log;
}

export interface UninstallResult {
  removed: string[];
  /** Files the manifest lists but whose content changed since install: left in place. */
  keptModified: string[];
  missing: string[];
}

/** Removes exactly what the manifest lists, and only files whose content is still what we wrote. */
export function uninstall(options: UninstallOptions): UninstallResult {
  const { layout, log } = options;
  const manifest = readManifest(layout);
  const result: UninstallResult = { removed: [], keptModified: [], missing: [] };
  if (!manifest) {
    log(`Nothing to uninstall in ${layout.description} (no ${layout.manifestPath}).`);
    return result;
  }
  for (const file of manifest.files) {
    if (!fs.existsSync(file.path)) {
      result.missing.push(file.path);
    } else if (sha256File(file.path) !== file.sha256) {
      result.keptModified.push(file.path);
    } else {
      result.removed.push(file.path);
    }
  }
  const { configEntry } = manifest;
  const configLabel = `${configEntry.file} (${ENTRY_PATH.join('.')})`;
  const config = readConfig(configEntry.file);
  const entry = getEntry(config);
  const removeEntry = entry !== undefined && hashValue(entry) === configEntry.sha256;
  if (entry === undefined) {
    result.missing.push(configLabel);
  } else if (!removeEntry) {
    result.keptModified.push(configLabel);
  }
  if (options.dryRun) {
    log(`Would remove ${result.removed.length} files from ${layout.description}:`);
    result.removed.forEach(file => log(`  ${file}`));
    if (removeEntry) {
      log(`  ${configLabel}`);
    }
    result.keptModified.forEach(file => log(`  (keep, changed since install) ${file}`));
    return result;
  }
  try {
    for (const file of result.removed) {
      fs.rmSync(file);
    }
    if (removeEntry && config) {
      const rest = withoutEntry(config);
      if (configEntry.createdFile && Object.keys(rest).length === 0) {
        fs.rmSync(configEntry.file);
      } else {
        writeConfig(configEntry.file, rest);
      }
      result.removed.push(configLabel);
    }
    if (result.keptModified.length === 0) {
      fs.rmSync(layout.manifestPath);
    }
    removeEmptyDirs(manifest.directories);
  } catch (error) {
    throw asInstallerError(error, layout);
  }
  log(`Removed ${PACKAGE_NAME} ${manifest.version} from ${layout.description}:`);
  result.removed.forEach(file => log(`  ${file}`));
  if (result.keptModified.length > 0) {
    // The manifest stays so a later uninstall still knows these once they are restored or removed.
    throw new InstallerError(
      `left ${result.keptModified.length} item(s) in place because they changed since install:\n` +
        result.keptModified.map(file => `  ${file}`).join('\n')
    );
  }
  return result;
}

/**
 * A labextension, shim or proxy entry already in place that no manifest of ours accounts for
 * belongs to someone else (a manual install, `jupyter labextension develop`): never overwrite it.
 */
function refuseForeignFiles(layout: InstallLayout, previous: InstallManifest | undefined): void {
  const ours = new Set(previous?.files.map(f => f.path) ?? []);
  for (const target of [layout.extensionDir, layout.shimPath]) {
    const exists = fs.existsSync(target) || isSymlink(target);
    if (!exists) {
      continue;
    }
    const isDir = fs.lstatSync(target).isDirectory();
    const foreign = isDir
      ? listFiles(target).some(relative => !ours.has(path.join(target, relative)))
      : !ours.has(target);
    if (foreign) {
      throw new InstallerError(
        `${target} already exists and was not installed by globus-jupyterlab; remove it first`
      );
    }
  }
  const entry = getEntry(readConfig(layout.configFile));
  if (entry !== undefined && hashValue(entry) !== previous?.configEntry.sha256) {
    throw new InstallerError(
      `${layout.configFile} already has a ${ENTRY_PATH.join('.')} entry that globus-jupyterlab ` +
        'did not write; remove that entry first'
    );
  }
}

/** One line per install target, the labextension folded to its directory. */
function summarize(files: PlannedFile[], layout: InstallLayout): string[] {
  const extensionFiles = files.filter(f => f.dest.startsWith(layout.extensionDir + path.sep));
  const others = files.filter(f => !f.dest.startsWith(layout.extensionDir + path.sep));
  return [`${layout.extensionDir}/ (${extensionFiles.length} files)`, ...others.map(f => f.dest)];
}

/** Relative paths of the regular files below `dir`. Symlinks are refused: we copy bytes, not links. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) {
      out.push(...listFiles(dir, relative));
    } else if (entry.isFile()) {
      out.push(relative);
    } else {
      throw new InstallerError(`${path.join(dir, relative)} is not a regular file`);
    }
  }
  return out.sort();
}

/** mkdir -p, returning the directories it created (outermost first). */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
  }
  for (const created of missing) {
    fs.mkdirSync(created);
  }
  return missing;
}

/** Deepest first; a directory that still holds anything (someone else's files) stays. */
function removeEmptyDirs(dirs: string[]): void {
  const deepestFirst = [...dirs].sort((a, b) => b.length - a.length);
  for (const dir of deepestFirst) {
    try {
      fs.rmdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') {
        throw error;
      }
    }
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function isSymlink(target: string): boolean {
  try {
    return fs.lstatSync(target).isSymbolicLink();
  } catch {
    return false;
  }
}

function asInstallerError(error: unknown, layout: InstallLayout): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new InstallerError(
      `no permission to write in ${layout.description} (${(error as Error).message}); ` +
        'use --user, or --prefix with a folder you own, or run with the needed rights'
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
