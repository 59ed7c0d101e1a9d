/**
 * Where the desktop app keeps the client secret. Electron's safeStorage encrypts with the OS keyring;
 * on a Linux desktop without one it silently falls back to a hard-coded key (`basic_text`), which is
 * plain text with extra steps. Then the secret stays in memory only, and the UI says so.
 */
import type { SecretStorage } from '../../contract/api.js';

/** Electron's Linux password-store backends, as `safeStorage.getSelectedStorageBackend()` names them. */
export type LinuxStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** What safeStorage reports on this machine. Read after `app.whenReady()`: before it Linux says `unknown`. */
export interface SafeStorageProbe {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** Only on Linux; null elsewhere. */
  linuxBackend: LinuxStorageBackend | null;
}

/** The decision: encrypted on disk, or memory only with the reason in words. */
export type SecretStorageDecision =
  | { storage: Extract<SecretStorage, 'safe-storage'> }
  | { storage: Extract<SecretStorage, 'memory'>; reason: string };

/** Decides where the client secret may be stored. */
export function decideSecretStorage(probe: SafeStorageProbe): SecretStorageDecision {
  if (!probe.encryptionAvailable) {
    return { storage: 'memory', reason: 'The system keyring is not available, so the client secret is kept in memory until the app quits.' };
  }
  if (probe.platform === 'linux') {
    if (probe.linuxBackend === 'basic_text') {
      return {
        storage: 'memory',
        reason: 'No desktop keyring (GNOME Keyring, KWallet) was found, and storing the secret without one would leave it readable on disk; it is kept in memory until the app quits.',
      };
    }
    if (probe.linuxBackend === null || probe.linuxBackend === 'unknown') {
      return { storage: 'memory', reason: 'The keyring backend could not be determined, so the client secret is kept in memory until the app quits.' };
    }
  }
  return { storage: 'safe-storage' };
}
