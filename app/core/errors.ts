/** Errors with stable codes; every message says what is wrong and how to fix it, and holds no secret. */
import type { ErrorCode, ErrorDto, FailingSide } from '../contract/errors.js';

/** The app's one error class: a stable code, a message for people, and optionally a field and the failing side. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly side: FailingSide | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; side?: FailingSide; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.side = options.side;
  }

  /** The form that crosses IPC and HTTP. */
  toDto(): ErrorDto {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

/** Any thrown value as an ErrorDto; unknown errors become `internal` without leaking their text. */
export function toErrorDto(error: unknown): ErrorDto {
  if (error instanceof AppError) return error.toDto();
  return { code: 'internal', message: 'Unexpected internal error. See the log (`ai-gateway logs`) for details.' };
}
