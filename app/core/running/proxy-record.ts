/**
 * The running proxy's record: a 0600 file in the user's 0700 app data folder naming the port, the pid and
 * a random per-run proof secret. Only this user (and root) can read it, so a listener that answers a
 * challenge with that secret is this user's own proxy, whoever else can bind ports on 127.0.0.1.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../config/atomic-file.js';

/** What the record holds. */
export interface ProxyRecord {
  service: 'ai-gateway';
  port: number;
  pid: number;
  demo: boolean;
  version: string;
  startedAt: number;
  /** base64url, 32 random bytes, new for every run. */
  proof: string;
}

/** The header a client sends its nonce in, and the field the proxy answers in. */
export const CHALLENGE_HEADER = 'x-ai-gateway-challenge';

/** A fresh per-run proof secret. */
export function newProofSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh client nonce. */
export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The answer to a challenge. The port is part of it, so a listener on another port cannot relay the
 * challenge to the real proxy and pass its answer off as its own.
 */
export function proofFor(secret: string, nonce: string, port: number): string {
  return createHmac('sha256', secret).update(`ai-gateway-proof\n${port}\n${nonce}`).digest('base64url');
}

/** True when `answer` is the right answer to `nonce` for the proxy the record describes. */
export function isValidProof(record: ProxyRecord, nonce: string, answer: unknown): boolean {
  if (typeof answer !== 'string') return false;
  const expected = Buffer.from(proofFor(record.proof, nonce, record.port));
  const given = Buffer.from(answer);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Writes the record (0600, folder 0700), replacing any earlier one. */
export async function writeProxyRecord(path: string, record: ProxyRecord): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(record, null, 2) + '\n', 0o600);
}

/** Removes the record if it is still this run's (another proxy may have written its own since). */
export async function removeProxyRecord(path: string, proof: string): Promise<void> {
  let current: ProxyRecord | null = null;
  try {
    current = readProxyRecord(path);
  } catch {
    // A record this run did not write (it would pass the checks): not ours to remove.
  }
  if (current?.proof === proof) rmSync(path, { force: true });
}

/** Refuses a file or folder this user does not own, or that others may write (or, for the file, read). */
function checkPrivate(path: string, info: { uid: number; mode: number }, what: 'file' | 'folder'): void {
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`${path} belongs to another user (uid ${info.uid}); remove it.`);
  // The folder may be readable by others (its files are 0600); writable, someone else could swap the record.
  const forbidden = what === 'file' ? 0o077 : 0o022;
  if ((info.mode & forbidden) !== 0) {
    const may = what === 'file' ? 'readable or writable' : 'writable';
    throw new Error(`${path} is ${may} by other users (mode ${(info.mode & 0o777).toString(8)}); ${what === 'file' ? 'remove it' : `run chmod 700 ${path}`}.`);
  }
}

/**
 * The record, or null when there is none. Refuses (throws) a record this user does not own or that others
 * may read or write, a symlink, and a folder others may write: trusting it would let someone else steer the
 * CLI. The file is opened once and checked through that descriptor, so what is checked is what is read.
 * Synchronous: a few hundred bytes on a local disk, read on every `ai-gateway token` (an apiKeyHelper
 * call), where node:fs/promises would add ~0.6 ms to load and a thread-pool round trip per step.
 */
export function readProxyRecord(path: string): ProxyRecord | null {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink is refused by the open itself (ELOOP), not followed to a file someone else chose.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new Error(`${path} is a symbolic link, not the record a proxy writes; remove it.`, { cause: error });
    throw error;
  }
  let text: string;
  try {
    if (process.platform !== 'win32') {
      const info = fstatSync(fd);
      if (!info.isFile()) throw new Error(`${path} is not a file; remove it.`);
      checkPrivate(path, info, 'file');
      const folder = dirname(path);
      checkPrivate(folder, statSync(folder), 'folder');
    }
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  try {
    const value = JSON.parse(text) as Partial<ProxyRecord>;
    if (value.service !== 'ai-gateway' || !Number.isInteger(value.port) || !Number.isInteger(value.pid) || typeof value.proof !== 'string') return null;
    return { service: 'ai-gateway', port: value.port!, pid: value.pid!, demo: value.demo === true, version: String(value.version ?? ''), startedAt: Number(value.startedAt ?? 0), proof: value.proof };
  } catch {
    return null;
  }
}

/** True when a process with `pid` exists (possibly another user's: EPERM still means it exists). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
