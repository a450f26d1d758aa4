/**
 * Transfer submission that can be retried without ever starting a transfer twice.
 *
 * Each distinct transfer document gets one Globus submission_id (`GET /submission_id`,
 * globus-api.md §2.5) and keeps it: if an answer is lost between Globus and the browser and the
 * user retries, Transfer sees the same id and answers "Duplicate" instead of starting a second
 * task. A changed document gets a new id, since Transfer refuses a reused id for a different
 * document (409 Conflict).
 */
import type { IShimClient } from './client';
import type { TransferRequest, TransferSubmitResponse } from './types';

export type SubmitTransfer = (request: TransferRequest) => Promise<TransferSubmitResponse>;

export function createIdempotentSubmitter(
  client: Pick<IShimClient, 'submissionId' | 'submitTransfer'>
): SubmitTransfer {
  const idsByDocument = new Map<string, string>();
  return async request => {
    const key = JSON.stringify(request);
    let submissionId = request.submission_id ?? idsByDocument.get(key);
    if (!submissionId) {
      submissionId = (await client.submissionId()).value;
      idsByDocument.set(key, submissionId);
    }
    return client.submitTransfer({ ...request, submission_id: submissionId });
  };
}
