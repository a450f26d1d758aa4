/**
 * The example hub submission service's reading of the shim's body (its Hub and
 * Transfer calls run against the real hub and the sandbox in hub.e2e.test.ts).
 */
import { transferDocument } from '../../examples/hub-submission-service/service';

const SOURCE = 'a1f1c0de-0001-4c0f-9a11-000000000001';
const DESTINATION = 'a1f1c0de-0010-4c0f-9a11-000000000010';

/** What the shim sends with GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE=true. */
function body(transfer: Record<string, unknown> = {}, globusToken: unknown = 'globus-at') {
  return {
    globus_token: globusToken,
    transfer: {
      source_endpoint: SOURCE,
      destination_endpoint: DESTINATION,
      DATA: [{ source_path: '/alice/a.txt', destination_path: '/~/a.txt', recursive: false }],
      ...transfer
    }
  };
}

describe('transferDocument', () => {
  it("keeps the shim's submission_id, so a retried request is a Duplicate, not a second task", () => {
    const { document } = transferDocument(body({ submission_id: 'sub-123' }));
    expect(document.submission_id).toBe('sub-123');
    expect(() => transferDocument(body({ submission_id: 7 }))).toThrow(
      'transfer.submission_id must be a string'
    );
  });

  it("builds Transfer's transfer document (globus-api.md §2.6), sync level as Transfer's number", () => {
    const { globusToken, document } = transferDocument(
      body({
        label: 'run 7',
        sync_level: 3,
        verify_checksum: true,
        notify_on_failed: null
      })
    );
    expect(globusToken).toBe('globus-at');
    expect(document).toEqual({
      DATA_TYPE: 'transfer',
      source_endpoint: SOURCE,
      destination_endpoint: DESTINATION,
      DATA: [
        {
          DATA_TYPE: 'transfer_item',
          source_path: '/alice/a.txt',
          destination_path: '/~/a.txt',
          recursive: false
        }
      ],
      label: 'run 7',
      sync_level: 3,
      verify_checksum: true
    });
  });

  it('leaves out what Transfer does not know (no pass-through of unknown keys)', () => {
    const { document } = transferDocument(body({ owner_override: 'someone-else' }));
    expect(document).not.toHaveProperty('owner_override');
  });

  it.each([
    [[], 'the body must be a JSON object'],
    [body({}, null), 'globus_token must be the Globus access token'],
    [{ globus_token: 't', transfer: 'x' }, 'transfer must be an object'],
    [body({ source_endpoint: '' }), 'transfer.source_endpoint must be a collection id'],
    [body({ DATA: [] }), 'transfer.DATA must list at least one item'],
    [body({ DATA: [{ source_path: '/a', destination_path: '/b' }] }), 'transfer.DATA[0] needs'],
    [body({ label: 5 }), 'transfer.label must be a string'],
    [body({ sync_level: 7 }), 'transfer.sync_level must be 0, 1, 2 or 3']
  ])('refuses a bad body, naming the problem (%#)', (input, message) => {
    expect(() => transferDocument(input)).toThrow(message);
  });
});
