/**
 * The sample catalogue: identities and collections the sandbox serves, with
 * stable ids so the demo, e2e and shim tests can name them.
 *
 * Each collection models one real Globus behaviour (see README "Scenario
 * catalogue"); document fields follow globus-api.md §2.2.
 */
import path from 'node:path';

/** The Globus JupyterLab native app (GJL globus_config.py; globus-api.md §1.2). */
export const DEFAULT_CLIENT_ID = '64d2d5b3-b77e-4e04-86d9-e3f143f563f7';

export const SANDBOX_IDS = {
  /** Globus Connect Personal on the user's machine: root = `gcpRoot`. */
  gcp: 'a1f1c0de-0001-4c0f-9a11-000000000001',
  /** GCSv5.4 mapped collection: 403 ConsentRequired until data_access is consented. */
  mapped: 'a1f1c0de-0002-4c0f-9a11-000000000002',
  /** GCSv5.4 mapped collection hosting the guest collection (also needs data_access). */
  guestHost: 'a1f1c0de-0003-4c0f-9a11-000000000003',
  /** Guest collection whose root is `/shared/` of `guestHost`. */
  guest: 'a1f1c0de-0004-4c0f-9a11-000000000004',
  /** High Assurance mapped collection: identities from `HA_ALLOWED_DOMAIN` only. */
  highAssurance: 'a1f1c0de-0005-4c0f-9a11-000000000005',
  /** S3 mapped collection: `invalid_credential#1.0.0` until a credential is registered. */
  s3: 'a1f1c0de-0006-4c0f-9a11-000000000006',
  /** Legacy GCSv4 endpoint: `ClientError.ActivationRequired` until autoactivated. */
  gcsv4: 'a1f1c0de-0007-4c0f-9a11-000000000007',
  /** A GCSv5 endpoint (the server, not a collection): non_functional. */
  nonFunctional: 'a1f1c0de-0008-4c0f-9a11-000000000008',
  /** Public tutorial collections, no extra requirements. */
  tutorial1: 'a1f1c0de-0009-4c0f-9a11-000000000009',
  tutorial2: 'a1f1c0de-0010-4c0f-9a11-000000000010'
} as const;

export type SandboxCollectionIds = typeof SANDBOX_IDS;

/** The owner of the GCSv5 endpoint: a client identity, as real GCS endpoints are. */
const GCS_ENDPOINT_CLIENT = 'c0ffee00-5e0e-4d0e-8e0e-0000000000e5';

export const HA_ALLOWED_DOMAIN = 'uchicago.edu';
/** How long an HA login counts (authentication_assurance_timeout, seconds). */
export const HA_ASSURANCE_TIMEOUT_SECONDS = 900;

export interface SandboxIdentity {
  id: string;
  username: string;
  name: string;
  email: string;
  organization: string | null;
  identity_provider: string;
  identity_provider_display_name: string;
  /** The person (Globus account) this identity is linked into. */
  account: string;
}

export const IDENTITIES: SandboxIdentity[] = [
  {
    id: 'a11ce000-0000-4000-8000-000000000001',
    username: 'alice@globusid.org',
    name: 'Alice Liddell',
    email: 'alice@example.org',
    organization: 'Globus',
    identity_provider: '41143743-f3c8-4d60-bbdb-eeecaba85bd9',
    identity_provider_display_name: 'Globus ID',
    account: 'alice'
  },
  {
    id: 'a11ce000-0000-4000-8000-000000000002',
    username: 'alice@uchicago.edu',
    name: 'Alice Liddell',
    email: 'alice@uchicago.edu',
    organization: 'University of Chicago',
    identity_provider: 'b6e227e8-0000-4000-8000-00000000c41c',
    identity_provider_display_name: 'University of Chicago',
    account: 'alice'
  },
  {
    id: 'a11ce000-0000-4000-8000-000000000003',
    username: 'alice@example.org',
    name: 'Alice L.',
    email: 'alice@example.org',
    organization: null,
    identity_provider: 'e0000000-0000-4000-8000-0000000e0e0e',
    identity_provider_display_name: 'Example Org IdP',
    account: 'alice'
  },
  {
    id: 'b0b00000-0000-4000-8000-000000000001',
    username: 'bob@example.org',
    name: 'Bob Example',
    email: 'bob@example.org',
    organization: null,
    identity_provider: 'e0000000-0000-4000-8000-0000000e0e0e',
    identity_provider_display_name: 'Example Org IdP',
    account: 'bob'
  }
];

/** Alice's Globus ID identity: the default person of the sandbox. */
export const DEFAULT_IDENTITY_ID = IDENTITIES[0].id;

export function identityDomain(identity: SandboxIdentity): string {
  return identity.username.slice(identity.username.lastIndexOf('@') + 1);
}

export type EntityType =
  | 'GCSv5_endpoint'
  | 'GCSv5_mapped_collection'
  | 'GCSv5_guest_collection'
  | 'GCP_mapped_collection'
  | 'GCP_guest_collection'
  | 'GCSv4_host';

/** What makes a collection answer the way it does. */
export type CollectionBehaviour =
  'plain' | 'consent' | 'highAssurance' | 's3Credential' | 'activation' | 'nonFunctional';

export interface CollectionSpec {
  id: string;
  display_name: string;
  entity_type: EntityType;
  behaviour: CollectionBehaviour;
  /** Identity id of the owner, or a client id for GCS-owned collections. */
  owner_id: string;
  owner_string: string;
  description: string | null;
  organization: string | null;
  keywords: string | null;
  public: boolean;
  /** Host folder served as `/`; null for a non-functional endpoint. */
  root: string | null;
  default_directory: string | null;
  /** GCSv5 mapped collections need `data_access` (globus-api.md §1.9). */
  requiresDataAccess: boolean;
  high_assurance: boolean;
  allowedDomains?: string[];
  host_endpoint_id?: string | null;
  host_path?: string | null;
  mapped_collection_id?: string | null;
  gcs_version: string | null;
}

export interface CatalogueRoots {
  gcpRoot: string;
  dataRoot: string;
}

const ALICE = IDENTITIES[0];

/** The collections, rooted in `gcpRoot` and sub-folders of `dataRoot`. */
export function buildCatalogue({ gcpRoot, dataRoot }: CatalogueRoots): CollectionSpec[] {
  const d = (sub: string) => path.join(dataRoot, sub);
  const gcs = (
    id: string,
    display_name: string,
    extra: Partial<CollectionSpec> & Pick<CollectionSpec, 'behaviour' | 'root'>
  ): CollectionSpec => ({
    id,
    display_name,
    entity_type: 'GCSv5_mapped_collection',
    owner_id: GCS_ENDPOINT_CLIENT,
    owner_string: `${GCS_ENDPOINT_CLIENT}@clients.auth.globus.org`,
    description: null,
    organization: 'Sandbox University',
    keywords: null,
    public: true,
    default_directory: null,
    requiresDataAccess: true,
    high_assurance: false,
    gcs_version: '5.4.10',
    host_endpoint_id: null,
    ...extra
  });
  const catalogue: CollectionSpec[] = [
    {
      id: SANDBOX_IDS.gcp,
      display_name: "Alice's Laptop (JupyterLab)",
      entity_type: 'GCP_mapped_collection',
      behaviour: 'plain',
      owner_id: ALICE.id,
      owner_string: ALICE.username,
      description: 'Globus Connect Personal on the machine running JupyterLab',
      organization: null,
      keywords: 'jupyter,laptop',
      public: false,
      root: gcpRoot,
      default_directory: '/~/',
      requiresDataAccess: false,
      high_assurance: false,
      gcs_version: null
    },
    gcs(SANDBOX_IDS.mapped, 'Sandbox University Research Data', {
      behaviour: 'consent',
      root: d('mapped'),
      description: 'GCSv5.4 POSIX mapped collection (needs data_access consent)',
      keywords: 'research,posix'
    }),
    gcs(SANDBOX_IDS.guestHost, 'Sandbox University Project Storage', {
      behaviour: 'consent',
      root: d('project'),
      description: 'Mapped collection that hosts the shared project guest collection'
    }),
    {
      ...gcs(SANDBOX_IDS.guest, 'Shared Project Data (guest)', {
        behaviour: 'plain',
        root: d('project/shared'),
        description: 'Guest collection rooted at /shared/ of Project Storage'
      }),
      entity_type: 'GCSv5_guest_collection',
      owner_id: ALICE.id,
      owner_string: ALICE.username,
      requiresDataAccess: false,
      host_endpoint_id: SANDBOX_IDS.nonFunctional,
      mapped_collection_id: SANDBOX_IDS.guestHost,
      host_path: '/shared/'
    },
    gcs(SANDBOX_IDS.highAssurance, 'Sandbox Secure Enclave (High Assurance)', {
      behaviour: 'highAssurance',
      root: d('ha'),
      description: `High Assurance collection: ${HA_ALLOWED_DOMAIN} identities only`,
      high_assurance: true,
      // data_access is not valid on HA mapped collections (globus-api.md §1.9).
      requiresDataAccess: false,
      allowedDomains: [HA_ALLOWED_DOMAIN],
      keywords: 'secure,ha'
    }),
    gcs(SANDBOX_IDS.s3, 'Sandbox S3 Bucket', {
      behaviour: 's3Credential',
      root: d('s3'),
      description: 'S3 connector collection: register a credential first',
      // Real S3 mapped collections also need data_access; the sandbox leaves it
      // off so this scenario exercises exactly one requirement.
      requiresDataAccess: false,
      keywords: 's3,aws'
    }),
    {
      ...gcs(SANDBOX_IDS.gcsv4, 'Legacy GridFTP Server (GCSv4)', {
        behaviour: 'activation',
        root: d('gcsv4'),
        description: 'Globus Connect Server v4 endpoint: needs activation',
        requiresDataAccess: false
      }),
      entity_type: 'GCSv4_host',
      gcs_version: null,
      owner_id: ALICE.id,
      owner_string: 'go@globusid.org'
    },
    {
      ...gcs(SANDBOX_IDS.nonFunctional, 'Sandbox University GCS Endpoint', {
        behaviour: 'nonFunctional',
        root: null,
        description: 'A GCSv5 endpoint (server): not a collection, cannot list or transfer',
        requiresDataAccess: false
      }),
      entity_type: 'GCSv5_endpoint'
    },
    {
      ...gcs(SANDBOX_IDS.tutorial1, 'Sandbox Tutorial Collection 1', {
        behaviour: 'plain',
        root: d('tutorial1'),
        description: 'Public tutorial collection with sample files',
        requiresDataAccess: false,
        keywords: 'tutorial,godata'
      }),
      entity_type: 'GCSv5_guest_collection',
      host_endpoint_id: SANDBOX_IDS.nonFunctional
    },
    {
      ...gcs(SANDBOX_IDS.tutorial2, 'Sandbox Tutorial Collection 2', {
        behaviour: 'plain',
        root: d('tutorial2'),
        description: 'Public tutorial collection, initially empty',
        requiresDataAccess: false,
        keywords: 'tutorial'
      }),
      entity_type: 'GCSv5_guest_collection',
      host_endpoint_id: SANDBOX_IDS.nonFunctional
    }
  ];
  // A shelf of look-alike lab collections so endpoint_search has pages to walk.
  for (let i = 1; i <= 24; i++) {
    const n = String(i).padStart(2, '0');
    catalogue.push({
      ...gcs(`a1f1c0de-1${n}0-4c0f-9a11-0000000001${n}`, `Sandbox Lab ${n} Shared Storage`, {
        behaviour: 'plain',
        root: d('lab'),
        description: `Shared storage of laboratory ${n}`,
        requiresDataAccess: false,
        keywords: 'lab'
      }),
      entity_type: 'GCSv5_guest_collection',
      host_endpoint_id: SANDBOX_IDS.nonFunctional
    });
  }
  return catalogue;
}
