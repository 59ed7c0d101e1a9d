/** The desktop app's secret store: safeStorage first, then the CLI's keyring entry (read-through), or memory where safeStorage would be plain text. */
import { safeStorage } from 'electron';
import { KeyringSecretStore } from '../core/config/secret-store.js';
import { ReadThroughSecretStore } from '../core/desktop/read-through-secret-store.js';
import { decideSecretStorage, type LinuxStorageBackend } from '../core/desktop/secret-storage-policy.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.js';

/** The store for `dataDir`; call after `ready` (safeStorage's backend is only known then on Linux). */
export function desktopSecretStore(dataDir: string, demo: boolean, options: { keyring?: KeyringSecretStore; log?: (message: string) => void } = {}) {
  const decision = decideSecretStorage({
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? (safeStorage.getSelectedStorageBackend() as LinuxStorageBackend) : null,
  });
  if (decision.storage === 'memory') options.log?.(decision.reason);
  // The demo never reads the real credentials, not even through the CLI's keyring entry.
  return new ReadThroughSecretStore(new SafeStorageSecretStore(dataDir, decision), demo ? null : (options.keyring ?? new KeyringSecretStore()));
}
