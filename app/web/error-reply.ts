/** Turns whatever a verb threw into the ErrorDto that crosses HTTP, never leaking stacks or unknown text. */
import { ERROR_CODES } from '../contract/errors.js';
import type { ErrorCode, ErrorDto } from '../contract/errors.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Message for anything that is not one of our coded errors: its own text may hold paths or secrets. */
export const INTERNAL_MESSAGE = 'Unexpected internal error. See the log (`ai-gateway logs`) for details.';

/** True when `value` is one of the stable error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/**
 * The DTO for a thrown value. Coded errors (the core's AppError, the contract's ApiError) are recognised
 * by shape rather than class, so this server does not depend on the core's internals.
 */
export function toErrorDto(error: unknown): ErrorDto {
  if (typeof error === 'object' && error !== null) {
    const { code, message, field } = error as { code?: unknown; message?: unknown; field?: unknown };
    if (isErrorCode(code) && code !== 'internal' && typeof message === 'string') {
      return typeof field === 'string' ? { code, message, field } : { code, message };
    }
  }
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
