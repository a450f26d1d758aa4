/** A collection's full Transfer endpoint document (globus-api.md §2.2, CLI fixtures). */
import type { CollectionSpec } from '../catalogue';
import { HA_ASSURANCE_TIMEOUT_SECONDS } from '../catalogue';
import type { SandboxContext } from '../context';
import { activationKey } from './collections';

export function endpointDocument(
  ctx: SandboxContext,
  c: CollectionSpec,
  account: string,
  ownIdentityIds: string[]
): Record<string, unknown> {
  const isGcp = c.entity_type.startsWith('GCP_');
  const isGcsv4 = c.entity_type === 'GCSv4_host';
  const activationExpiry = ctx.auth.activations.get(activationKey(account, c.id));
  const activatedFor =
    activationExpiry !== undefined ? Math.max(0, activationExpiry - ctx.clock.nowSeconds()) : 0;
  const mine = ownIdentityIds.includes(c.owner_id);
  const connected = !ctx.transfer.disconnectedGcp.has(c.id);
  return {
    DATA_TYPE: 'endpoint',
    id: c.id,
    display_name: c.display_name,
    name: c.display_name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    canonical_name: c.entity_type.startsWith('GCSv5_')
      ? `${c.host_endpoint_id ?? c.id}#${c.id}`
      : `${c.owner_string}#${c.id}`,
    owner_id: c.owner_id,
    owner_string: c.owner_string,
    username: c.owner_string.split('@')[0],
    entity_type: c.entity_type,
    gcs_version: c.gcs_version,
    is_globus_connect: isGcp,
    gcp_connected: isGcp ? connected : null,
    gcp_paused: isGcp ? false : null,
    // GCSv5/GCP show activated:false, expires_in:-1 in the CLI fixtures; GCSv4 tracks activation.
    activated: isGcsv4 ? activatedFor > 0 : false,
    expires_in: isGcsv4 ? activatedFor : -1,
    expire_time: null,
    high_assurance: c.high_assurance,
    authentication_assurance_timeout: c.high_assurance ? HA_ASSURANCE_TIMEOUT_SECONDS : null,
    authentication_timeout_mins: c.high_assurance ? HA_ASSURANCE_TIMEOUT_SECONDS / 60 : null,
    authentication_policy_id: null,
    mfa_required: false,
    force_encryption: false,
    force_verify: false,
    disable_verify: false,
    non_functional: c.behaviour === 'nonFunctional',
    non_functional_endpoint_id:
      c.entity_type.startsWith('GCSv5_') && c.behaviour !== 'nonFunctional'
        ? c.host_endpoint_id
        : null,
    host_endpoint_id: c.host_endpoint_id ?? null,
    host_endpoint_display_name: null,
    host_path: c.host_path ?? null,
    mapped_collection_id: c.mapped_collection_id ?? null,
    mapped_collection_display_name: c.mapped_collection_id
      ? (ctx.collections.get(c.mapped_collection_id)?.display_name ?? null)
      : null,
    gcs_manager_url: c.entity_type.startsWith('GCSv5_') ? 'https://sandbox-gcs.example.org' : null,
    https_server:
      c.entity_type.startsWith('GCSv5_') && c.behaviour !== 'nonFunctional'
        ? 'https://sandbox-gcs.example.org'
        : null,
    tlsftp_server: null,
    default_directory: c.default_directory,
    public: c.public,
    shareable: c.entity_type === 'GCSv5_mapped_collection' || isGcp,
    acl_available: c.entity_type.endsWith('guest_collection'),
    acl_editable: mine && c.entity_type.endsWith('guest_collection'),
    in_use: false,
    subscription_id: isGcp ? null : 'f651d041-6c09-11e4-a55b-12313922b1c7',
    my_effective_roles: mine ? ['administrator'] : [],
    local_user_info_available: c.entity_type === 'GCSv5_mapped_collection',
    network_use: 'normal',
    location: null,
    organization: c.organization,
    department: null,
    keywords: c.keywords,
    description: c.description,
    contact_email: null,
    contact_info: null,
    info_link: null,
    user_message: null,
    user_message_link: null,
    myproxy_server: null,
    myproxy_dn: null,
    oauth_server: null,
    s3_url: null,
    DATA: isGcp
      ? [{ DATA_TYPE: 'server', hostname: null, is_connected: connected, is_paused: false }]
      : isGcsv4
        ? [
            {
              DATA_TYPE: 'server',
              hostname: 'gridftp.example.org',
              uri: 'gsiftp://gridftp.example.org:2811',
              port: 2811,
              scheme: 'gsiftp',
              id: 985,
              subject: '/O=Grid/OU=Example/CN=host/gridftp.example.org'
            }
          ]
        : [{ DATA_TYPE: 'server', hostname: 'sandbox-gcs.example.org' }]
  };
}
