import type { SecretStorage } from '../../../app/contract';

/** Where the client secret is kept, in one sentence. */
export function describeSecretStorage(storage: SecretStorage): string {
  switch (storage) {
    case 'keyring':
      return 'Stored in the system keyring.';
    case 'safe-storage':
      return 'Stored encrypted with the operating system’s secure storage.';
    case 'file':
      return 'Stored in a file readable only by you (no keyring on this machine).';
    case 'environment':
      return 'Read from the environment variable GATEWAY_CLIENT_SECRET; not stored by the app.';
    case 'memory':
      return 'Kept for this session only: no secure storage on this machine, so you will be asked again after a restart.';
    case 'none':
      return 'Not stored yet.';
  }
}
