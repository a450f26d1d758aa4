import { parseArgs } from 'node:util';
import { runDoctor, formatReport } from './doctor';
import { InstallerError } from './errors';
import { install, uninstall } from './install';
import { probePython, resolveJupyterPython } from './jupyter-python';
import { prefixLayout, sysPrefixLayout, userLayout, type InstallLayout } from './layout';
import { findPackageRoot, locateArtifacts, PACKAGE_NAME } from './package-root';
import { environmentChecks } from './environment';

const USAGE = `Usage: globus-jupyterlab <command> [options]

Commands:
  install     lay the prebuilt labextension, the shim and its jupyter-server-proxy config
              into a Jupyter installation
  uninstall   remove exactly what install wrote there
  doctor      check node, Jupyter, jupyter-server-proxy, the installed files and GLOBUS_* settings

Where (install/uninstall; doctor checks every Jupyter path unless one is given):
  --sys-prefix     the prefix of the python that runs Jupyter (default)
  --user           your per-user Jupyter folders (~/.local/share/jupyter, ~/.jupyter)
  --prefix P       P/share/jupyter and P/etc/jupyter

Options:
  --dry-run        show what would be written or removed, change nothing
  --python PATH    the python that runs Jupyter (default: the one in the shebang of
                   \`jupyter\` on PATH, else /usr/bin/python3)
  --from DIR       install from this built package directory (default: this package)
  --json           doctor: print the checks as JSON
  -h, --help       this text
`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  out: line => process.stdout.write(line + '\n'),
  err: line => process.stderr.write(line + '\n'),
  env: process.env
};

/** Runs one command; resolves to the process exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof InstallerError) {
      io.err(`globus-jupyterlab: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

function run(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'sys-prefix': { type: 'boolean' },
        user: { type: 'boolean' },
        prefix: { type: 'string' },
        'dry-run': { type: 'boolean' },
        python: { type: 'string' },
        from: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    });
  } catch (error) {
    throw new InstallerError(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (!command || extra.length > 0 || !['install', 'uninstall', 'doctor'].includes(command)) {
    throw new InstallerError(
      command ? `unknown command or extra arguments: ${positionals.join(' ')}\n\n${USAGE}` : USAGE,
      2
    );
  }
  const scopes = [values['sys-prefix'], values.user, values.prefix !== undefined].filter(Boolean);
  if (scopes.length > 1) {
    throw new InstallerError('choose one of --sys-prefix, --user, --prefix P', 2);
  }
  if (values.prefix === '') {
    throw new InstallerError('--prefix needs a folder', 2);
  }
  const python = resolveJupyterPython(values.python, io.env);
  const wantsLayout = scopes.length > 0 || command !== 'doctor';
  const layout = wantsLayout ? chooseLayout(values, python, io.env) : undefined;

  switch (command) {
    case 'install': {
      const root = values.from ?? findPackageRoot(__dirname);
      install({
        layout: layout!,
        artifacts: locateArtifacts(root),
        nodePath: process.execPath,
        dryRun: values['dry-run'],
        log: io.out
      });
      return 0;
    }
    case 'uninstall':
      uninstall({ layout: layout!, dryRun: values['dry-run'], log: io.out });
      return 0;
    default: {
      const checks = runDoctor({ python, env: io.env, layout, extraChecks: [environmentChecks] });
      io.out(
        values.json
          ? JSON.stringify({ package: PACKAGE_NAME, checks }, null, 2)
          : formatReport(checks)
      );
      return checks.some(check => check.status === 'fail') ? 1 : 0;
    }
  }
}

function chooseLayout(
  values: { user?: boolean; prefix?: string },
  python: string,
  env: NodeJS.ProcessEnv
): InstallLayout {
  if (values.prefix !== undefined) {
    return prefixLayout(values.prefix);
  }
  if (values.user) {
    return userLayout(env);
  }
  const probed = probePython(python, env);
  if (!probed.ok) {
    throw new InstallerError(
      `--sys-prefix needs the python that runs Jupyter: ${probed.error}. ` +
        'Pass --python PATH, or use --user or --prefix P'
    );
  }
  return sysPrefixLayout(probed.probe);
}
