/**
 * The background worker of a transfer task: really copies files between two
 * collection roots, throttled so progress is observable, honouring sync_level,
 * verify_checksum, preserve_timestamp, delete_destination_extra and
 * skip_source_errors. Status and counters evolve as globus-api.md §2.7 shows.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CollectionSpec } from '../catalogue';
import type { SandboxContext } from '../context';
import { sleep } from '../util';
import { resolveGlobusPath, staysInsideRoot } from './paths';
import type { EventDocument, TaskRecord } from './store';

const CHUNK = 64 * 1024;
const CRLF = '\\r\\n';

class TaskFailure extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly details: string
  ) {
    super(description);
  }
}
class Canceled extends Error {}

interface FileJob {
  source: string;
  destination: string;
  sourcePath: string;
  destinationPath: string;
  size: number;
}

function gridftpDetails(
  c: CollectionSpec,
  operation: string,
  file: string,
  command: string,
  globusCode: string,
  errno: number,
  text: string
): string {
  return (
    `Error (${operation})\nEndpoint: ${c.display_name} (${c.id})\nServer: sandbox-gcs.example.org:443\nFile: ${file}\n` +
    `Command: ${command}\nMessage: Fatal FTP response\n---\nDetails: 500-Command failed. : ${text}${CRLF}` +
    `500-GlobusError: v=1 c=${globusCode}${CRLF}500-GridFTP-Errno: ${errno}${CRLF}500-GridFTP-Error-String: ${text}${CRLF}500 End.${CRLF}`
  );
}

async function md5(file: string): Promise<string> {
  const hash = createHash('md5');
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.stat(p);
  } catch {
    return null;
  }
}

export function runTask(
  ctx: SandboxContext,
  task: TaskRecord,
  src: CollectionSpec,
  dst: CollectionSpec
): Promise<void> {
  const doc = task.doc;
  const req = task.request;
  const event = (code: string, description: string, details: string, isError: boolean) => {
    const e: EventDocument = {
      DATA_TYPE: 'event',
      code,
      description,
      details,
      is_error: isError,
      time: ctx.clock.iso()
    };
    task.events.unshift(e);
  };
  const srcRoot = src.root as string;
  const dstRoot = dst.root as string;
  const started = performance.now();
  let copiedBytes = 0;
  const checkCancel = () => {
    if (task.cancelRequested) throw new Canceled();
  };

  /** Copy one file, pacing writes at `transferBytesPerSecond`. */
  const copyFile = async (job: FileJob) => {
    await fs.mkdir(path.dirname(job.destination), { recursive: true });
    const input = await fs.open(job.source, 'r');
    const output = await fs.open(job.destination, 'w');
    try {
      const buf = Buffer.alloc(CHUNK);
      for (;;) {
        checkCancel();
        const { bytesRead } = await input.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        await output.write(buf, 0, bytesRead);
        copiedBytes += bytesRead;
        doc.bytes_transferred += bytesRead;
        const elapsed = (performance.now() - started) / 1000;
        doc.effective_bytes_per_second = Math.floor(
          doc.bytes_transferred / Math.max(elapsed, 0.001)
        );
        const due =
          (copiedBytes / ctx.transferBytesPerSecond) * 1000 - (performance.now() - started);
        if (due > 1) await sleep(due);
      }
    } finally {
      await input.close();
      await output.close();
    }
  };

  /** sync_level (globus-api.md §2.6): 0 exists, 1 size, 2 mtime, 3 checksum. */
  const upToDate = async (job: FileJob, srcStat: Stats): Promise<boolean> => {
    if (req.sync_level === undefined || req.sync_level === null) return false;
    const dest = await statOrNull(job.destination);
    if (!dest || !dest.isFile()) return false;
    switch (req.sync_level) {
      case 0:
        return true;
      case 1:
        return dest.size === srcStat.size;
      case 2:
        return (
          dest.size === srcStat.size &&
          Math.floor(dest.mtimeMs / 1000) >= Math.floor(srcStat.mtimeMs / 1000)
        );
      default:
        doc.bytes_checksummed += srcStat.size * 2;
        return (await md5(job.source)) === (await md5(job.destination));
    }
  };

  const walk = async (
    dir: string,
    dest: string,
    srcPath: string,
    destPath: string,
    jobs: FileJob[]
  ) => {
    doc.directories += 1;
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name);
      const to = path.join(dest, entry.name);
      const fromPath = path.posix.join(srcPath, entry.name);
      const toPath = path.posix.join(destPath, entry.name);
      if (entry.isSymbolicLink()) {
        // recursive_symlinks "ignore" (the default) skips links.
        doc.symlinks += 1;
        continue;
      }
      if (entry.isDirectory()) await walk(from, to, fromPath, toPath, jobs);
      else if (entry.isFile()) {
        const s = await fs.stat(from);
        jobs.push({
          source: from,
          destination: to,
          sourcePath: fromPath,
          destinationPath: toPath,
          size: s.size
        });
      }
    }
  };

  /** delete_destination_extra: remove what the source folder does not have. */
  const deleteExtras = async (srcDir: string, destDir: string) => {
    const keep = new Set(await fs.readdir(srcDir));
    for (const entry of await fs.readdir(destDir, { withFileTypes: true }).catch(() => [])) {
      const target = path.join(destDir, entry.name);
      if (!keep.has(entry.name)) await fs.rm(target, { recursive: true, force: true });
      else if (entry.isDirectory()) await deleteExtras(path.join(srcDir, entry.name), target);
    }
  };

  /**
   * A disconnected Globus Connect Personal leaves the task ACTIVE but not OK
   * (`is_ok: false`, nice_status `GC_NOT_CONNECTED`, globus-api.md §2.7 (mem))
   * until the agent is back or the task is canceled.
   */
  const waitForConnectedGcp = async () => {
    const offline = () =>
      ctx.transfer.disconnectedGcp.has(src.id) || ctx.transfer.disconnectedGcp.has(dst.id);
    while (offline()) {
      checkCancel();
      if (doc.is_ok !== false) {
        doc.is_ok = false;
        doc.nice_status = 'GC_NOT_CONNECTED';
        doc.nice_status_short_description = 'GC not connected';
        doc.nice_status_details = 'Globus Connect Personal is not connected';
        doc.nice_status_expires_in = 0;
        event(
          'GC_NOT_CONNECTED',
          'GC not connected',
          'Globus Connect Personal is not connected',
          true
        );
      }
      await sleep(50);
    }
    doc.is_ok = true;
    doc.nice_status_details = null;
    doc.nice_status_expires_in = -1;
  };

  const run = async () => {
    await sleep(0);
    await waitForConnectedGcp();
    doc.nice_status = 'OK';
    doc.nice_status_short_description = 'OK';
    event(
      'STARTED',
      'started',
      JSON.stringify(
        { type: 'GridFTP Transfer', concurrency: 2, parallelism: 4, pipelining: 20 },
        null,
        2
      ),
      false
    );
    const jobs: FileJob[] = [];
    const extrasToDelete: Array<[string, string]> = [];
    for (const item of req.DATA) {
      checkCancel();
      const from = resolveGlobusPath(srcRoot, item.source_path);
      const to = resolveGlobusPath(dstRoot, item.destination_path);
      if (!(await staysInsideRoot(dstRoot, to.hostPath))) {
        throw new TaskFailure(
          'PERMISSION_DENIED',
          'permission denied',
          gridftpDetails(
            dst,
            'make directories',
            to.globusPath,
            `MKD ${to.globusPath}`,
            'PERMISSION_DENIED',
            13,
            'Path not allowed.'
          )
        );
      }
      const inside = await staysInsideRoot(srcRoot, from.hostPath);
      const s = inside ? await statOrNull(from.hostPath) : null;
      if (!s) {
        const details = gridftpDetails(
          src,
          'transfer',
          from.globusPath,
          `RETR ${from.globusPath}`,
          'PATH_NOT_FOUND',
          2,
          'No such file or directory'
        );
        if (req.skip_source_errors) {
          doc.subtasks_skipped_errors += 1;
          doc.files_skipped += 1;
          event('FILE_NOT_FOUND', 'file not found', details, true);
          continue;
        }
        throw new TaskFailure('FILE_NOT_FOUND', 'file not found', details);
      }
      if (s.isDirectory()) {
        if (!item.recursive) {
          // Upstream wording for a directory sent without recursive is unverified.
          throw new TaskFailure(
            'ENDPOINT_ERROR',
            'endpoint error',
            gridftpDetails(
              src,
              'transfer',
              from.globusPath,
              `RETR ${from.globusPath}`,
              'IS_A_DIRECTORY',
              21,
              'Is a directory (submit it with recursive=true)'
            )
          );
        }
        await fs.mkdir(to.hostPath, { recursive: true });
        await walk(from.hostPath, to.hostPath, from.globusPath, to.globusPath, jobs);
        if (req.delete_destination_extra) extrasToDelete.push([from.hostPath, to.hostPath]);
      } else {
        jobs.push({
          source: from.hostPath,
          destination: to.hostPath,
          sourcePath: from.globusPath,
          destinationPath: to.globusPath,
          size: s.size
        });
      }
    }
    doc.files = jobs.length + doc.files_skipped;
    doc.subtasks_total = jobs.length + doc.directories + doc.subtasks_skipped_errors;
    doc.subtasks_pending = jobs.length + doc.directories;
    for (const job of jobs) {
      checkCancel();
      const srcStat = await fs.stat(job.source);
      if (await upToDate(job, srcStat)) {
        doc.files_skipped += 1;
      } else {
        await copyFile(job);
        if (req.preserve_timestamp) await fs.utimes(job.destination, srcStat.atime, srcStat.mtime);
        let checksum: string | null = null;
        if (doc.verify_checksum) {
          checksum = await md5(job.source);
          doc.bytes_checksummed += job.size * 2;
          if ((await md5(job.destination)) !== checksum) {
            throw new TaskFailure(
              'CHECKSUM_MISMATCH',
              'checksum mismatch',
              `Checksum verification failed for ${job.destinationPath}`
            );
          }
        }
        doc.files_transferred += 1;
        task.successful.push({
          DATA_TYPE: 'successful_transfer',
          source_path: job.sourcePath,
          destination_path: job.destinationPath,
          size: job.size,
          checksum,
          checksum_algorithm: checksum ? 'MD5' : null
        });
      }
      doc.subtasks_pending -= 1;
      doc.subtasks_succeeded += 1;
    }
    for (const [from, to] of extrasToDelete) await deleteExtras(from, to);
    doc.subtasks_succeeded += doc.subtasks_pending;
    doc.subtasks_pending = 0;
    finish('SUCCEEDED', null);
    event(
      'SUCCEEDED',
      'succeeded',
      JSON.stringify({ files_succeeded: doc.files_transferred }),
      false
    );
  };

  const finish = (
    status: 'SUCCEEDED' | 'FAILED',
    fatal: { code: string; description: string } | null
  ) => {
    doc.status = status;
    doc.completion_time = ctx.clock.iso();
    doc.is_ok = null;
    doc.nice_status = null;
    doc.nice_status_short_description = null;
    doc.nice_status_expires_in = null;
    doc.fatal_error = fatal;
    const elapsed = (performance.now() - started) / 1000;
    doc.effective_bytes_per_second = Math.floor(doc.bytes_transferred / Math.max(elapsed, 0.001));
  };

  return run().catch(err => {
    doc.subtasks_failed += doc.subtasks_pending;
    doc.subtasks_pending = 0;
    if (err instanceof Canceled) {
      // CLI task_event_list.yaml: CANCELED "Canceled by the task owner".
      event('CANCELED', 'canceled', 'Canceled by the task owner', true);
      doc.subtasks_canceled = doc.subtasks_failed;
      doc.subtasks_failed = 0;
      finish('FAILED', { code: 'CANCELED', description: 'canceled' });
    } else if (err instanceof TaskFailure) {
      doc.faults += 1;
      event(err.code, err.description, err.details, true);
      finish('FAILED', { code: err.code, description: err.description });
    } else {
      doc.faults += 1;
      const message = err instanceof Error ? err.message : String(err);
      event('ENDPOINT_ERROR', 'endpoint error', message, true);
      finish('FAILED', { code: 'ENDPOINT_ERROR', description: 'endpoint error' });
    }
  });
}
