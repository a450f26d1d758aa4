import * as fs from 'node:fs';
import * as path from 'node:path';
import { InstallerError } from './errors';

export const PACKAGE_NAME = 'globus-jupyterlab-ts';

/** What this package ships and the installer lays out: the prebuilt labextension and the shim bundle. */
export interface PackageArtifacts {
  root: string;
  version: string;
  /** `labextension/`: what `build-labextension` wrote (package.json with `jupyterlab._build`). */
  labextensionDir: string;
  /** `dist/server/globus-jupyterlab-server.cjs`: the shim, runnable with plain `node`. */
  shimBundle: string;
}

/**
 * The package root is found by walking up from this file to the package.json named
 * `globus-jupyterlab-ts`, so the same code works from the esbuild bundle (dist/installer/)
 * and from source (installer/) without knowing which it is.
 */
export function findPackageRoot(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && readJson(manifest)?.name === PACKAGE_NAME) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new InstallerError(
        `could not find the ${PACKAGE_NAME} package directory above ${startDir}; pass --from DIR`
      );
    }
    dir = parent;
  }
}

/**
 * Checks that the build outputs exist and look like what JupyterLab needs, so a missing build is
 * reported here ("run npm run build first") rather than as a silently absent extension later.
 */
export function locateArtifacts(root: string): PackageArtifacts {
  const pkg = readJson(path.join(root, 'package.json'));
  if (pkg?.name !== PACKAGE_NAME) {
    throw new InstallerError(
      `${root} is not the ${PACKAGE_NAME} package (no matching package.json)`
    );
  }
  const labextensionDir = path.join(root, 'labextension');
  const extPkg = readJson(path.join(labextensionDir, 'package.json'));
  const build = extPkg?.jupyterlab?._build;
  if (!build || typeof build.load !== 'string') {
    throw new InstallerError(
      `the labextension is not built (${labextensionDir}/package.json has no jupyterlab._build): run npm run build first`
    );
  }
  if (!fs.existsSync(path.join(labextensionDir, build.load))) {
    throw new InstallerError(
      `the labextension build is incomplete (${build.load} is missing): run npm run build first`
    );
  }
  const shimBundle = path.join(root, 'dist', 'server', 'globus-jupyterlab-server.cjs');
  if (!fs.existsSync(shimBundle)) {
    throw new InstallerError(
      `the shim is not built (${shimBundle} is missing): run npm run build first`
    );
  }
  return { root, version: String(pkg.version ?? '0.0.0'), labextensionDir, shimBundle };
}

interface PackageJsonShape {
  name?: string;
  version?: string;
  jupyterlab?: { _build?: { load?: unknown } };
}

function readJson(file: string): PackageJsonShape | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJsonShape;
  } catch {
    return undefined;
  }
}
