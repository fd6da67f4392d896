// The one catalogue of error codes. Every 4xx/5xx the API returns has { code, message, field? }.
export const errorCatalogue = {
  validation_failed: 400,
  invalid_phone: 400,
  invalid_csv: 400,
  callback_time_required: 400,
  callback_time_not_allowed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  campaign_id_taken: 409,
  username_taken: 409,
  import_not_ready: 409,
  status_in_use: 409,
  invalid_transition: 409,
  case_locked: 409,
  campaign_not_ready: 409,
  process_invalid: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  /** the SMTP server refused or could not be reached */
  mail_failed: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, opts: { field?: string; details?: unknown } = {}) {
    super(message);
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }
  get status(): number {
    return errorCatalogue[this.code];
  }
}

export const notFound = (what: string, field?: string) => new AppError('not_found', `${what} not found`, { field });
export const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });
