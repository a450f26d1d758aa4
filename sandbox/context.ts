/** What every route module of the sandbox shares. */
import type { Clock } from './clock';
import type { CollectionSpec } from './catalogue';
import type { AuthStore } from './auth/store';
import type { TransferStore } from './transfer/store';

export interface RegisteredClient {
  id: string;
  name: string;
}

export interface SandboxContext {
  clock: Clock;
  auth: AuthStore;
  transfer: TransferStore;
  collections: Map<string, CollectionSpec>;
  clients: Map<string, RegisteredClient>;
  /** `http://127.0.0.1:PORT`, known once listening. */
  baseUrl(): string;
  transferBytesPerSecond: number;
}
