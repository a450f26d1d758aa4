/**
 * A failure the user can act on: the CLI prints its message (no stack trace) and exits non-zero.
 * Anything else that escapes is a bug and keeps its stack.
 */
export class InstallerError extends Error {
  constructor(
    message: string,
    /** 2 = the command line itself was wrong, 1 = the operation failed. */
    readonly exitCode: 1 | 2 = 1
  ) {
    super(message);
    this.name = 'InstallerError';
  }
}
