/**
 * The transfer document Transfer accepts on `POST /v0.10/transfer`
 * (globus-api.md §2.6; PY TransferData, JS TransferFields). Unknown keys are
 * refused so a client typo is not silently ignored.
 */
import { z } from 'zod';

export const transferItemSchema = z.strictObject({
  DATA_TYPE: z.literal('transfer_item').optional(),
  source_path: z.string().min(1, 'source_path must not be empty'),
  destination_path: z.string().min(1, 'destination_path must not be empty'),
  recursive: z.boolean().optional(),
  external_checksum: z.string().optional(),
  checksum_algorithm: z.string().optional()
});

const filterRuleSchema = z.strictObject({
  DATA_TYPE: z.literal('filter_rule').optional(),
  method: z.enum(['include', 'exclude']),
  name: z.string().min(1),
  type: z.enum(['file', 'dir']).optional()
});

export const transferDocumentSchema = z.strictObject({
  DATA_TYPE: z.literal('transfer').optional(),
  submission_id: z.guid('submission_id must be a UUID from GET /submission_id'),
  source_endpoint: z.guid('source_endpoint must be a collection UUID'),
  destination_endpoint: z.guid('destination_endpoint must be a collection UUID'),
  label: z
    .string()
    .max(128, 'label must be at most 128 characters')
    .regex(/^[^\r\n\t]*$/, 'label must not contain control characters')
    .nullable()
    .optional(),
  // Integers on the wire; PY maps exists/size/mtime/checksum to 0..3 before sending.
  sync_level: z
    .number()
    .int()
    .min(0, 'sync_level must be 0 (exists), 1 (size), 2 (mtime) or 3 (checksum)')
    .max(3, 'sync_level must be 0 (exists), 1 (size), 2 (mtime) or 3 (checksum)')
    .nullable()
    .optional(),
  verify_checksum: z.boolean().optional(),
  preserve_timestamp: z.boolean().optional(),
  encrypt_data: z.boolean().optional(),
  delete_destination_extra: z.boolean().optional(),
  skip_source_errors: z.boolean().optional(),
  fail_on_quota_errors: z.boolean().optional(),
  deadline: z
    .string()
    .refine(s => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), {
      message: 'deadline must be an ISO 8601 date-time, e.g. 2021-09-03T18:04:47+00:00'
    })
    .nullable()
    .optional(),
  notify_on_succeeded: z.boolean().optional(),
  notify_on_failed: z.boolean().optional(),
  notify_on_inactive: z.boolean().optional(),
  recursive_symlinks: z.enum(['ignore', 'keep', 'copy']).optional(),
  source_local_user: z.string().optional(),
  destination_local_user: z.string().optional(),
  store_base_path_info: z.boolean().optional(),
  skip_activation_check: z.boolean().optional(),
  filter_rules: z.array(filterRuleSchema).nullable().optional(),
  DATA: z.array(transferItemSchema)
});

export type TransferDocument = z.infer<typeof transferDocumentSchema>;
export type TransferItemDocument = z.infer<typeof transferItemSchema>;

/** `DATA[0].recursive: expected boolean` — names the field that was wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const where = issue.path.length ? issue.path.map(String).join('.') : 'document';
      if (issue.code === 'unrecognized_keys') {
        return `${where}: unknown field(s) ${issue.keys.map(k => `'${k}'`).join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
