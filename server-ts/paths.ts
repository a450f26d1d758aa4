/**
 * Path translation for the local collection (the seed's GLOBUS_HOST_POSIX_BASEPATH and
 * GLOBUS_HOST_COLLECTION_BASEPATH; the original's SubmitTransfer.translate_base_paths).
 *
 * The frontend sends the POSIX path JupyterLab sees (collection_base_path + the file's
 * path). On the local collection's side of a transfer, that path becomes the path the
 * collection sees: relative to the POSIX base path, under the collection base path, and
 * always absolute (`/home/jovyan/foo.txt` → `/foo.txt`, or `/shared/foo.txt`).
 */
import { posix } from 'node:path';
import type { TransferItem, TransferRequest } from '../src/api/types';

export interface PathTranslation {
  collectionId: string | null;
  hostPosixBasepath: string | null;
  hostCollectionBasepath: string | null;
}

/** Bad input the user can fix; answered as 400 InvalidInput with this message. */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export function translatePath(path: string, rules: PathTranslation): string {
  let translated = path;
  if (rules.hostPosixBasepath) {
    const base = rules.hostPosixBasepath;
    const normalized = posix.normalize(path);
    const relative = posix.relative(base, normalized);
    // posix.relative, not a string prefix test: /home/jovyanX is not inside /home/jovyan.
    if (!posix.isAbsolute(normalized) || relative.startsWith('..') || posix.isAbsolute(relative)) {
      throw new InvalidInputError(
        `Path "${path}" is not inside GLOBUS_HOST_POSIX_BASEPATH "${base}", so the collection ` +
          `cannot reach it. Move it into "${base}" first.`
      );
    }
    translated = `/${relative}`;
  }
  if (rules.hostCollectionBasepath) {
    translated = posix.join(rules.hostCollectionBasepath, translated);
  }
  if (!rules.hostPosixBasepath && !rules.hostCollectionBasepath) return path;
  const absolute = posix.normalize(translated.startsWith('/') ? translated : `/${translated}`);
  // Keep a directory's trailing slash, which Globus uses for recursive items.
  return path.endsWith('/') && !absolute.endsWith('/') ? `${absolute}/` : absolute;
}

/**
 * Rewrites the local collection's side(s) of a transfer. A transfer touching no local
 * collection is refused, as the original did ("Non-local collection used in transfer").
 */
export function translateTransfer(
  request: TransferRequest,
  rules: PathTranslation
): TransferRequest {
  const local = rules.collectionId?.toLowerCase() ?? null;
  const sourceIsLocal = local !== null && request.source_endpoint.toLowerCase() === local;
  const destinationIsLocal = local !== null && request.destination_endpoint.toLowerCase() === local;
  if (!sourceIsLocal && !destinationIsLocal) {
    throw new InvalidInputError(
      local === null
        ? 'No local Globus collection is configured (GLOBUS_COLLECTION_ID, Globus Connect ' +
            'Personal or GLOBUS_LOCAL_ENDPOINT), so transfers cannot be submitted.'
        : `The transfer must have the local collection ${local} as its source_endpoint or ` +
            'destination_endpoint.'
    );
  }
  const DATA = request.DATA.map((item): TransferItem => ({
    ...item,
    source_path: sourceIsLocal ? translatePath(item.source_path, rules) : item.source_path,
    destination_path: destinationIsLocal
      ? translatePath(item.destination_path, rules)
      : item.destination_path
  }));
  return { ...request, DATA };
}
