import type { ErrorCode, ErrorInfo } from '../../shared/errors.ts';

/** An error the signing worker answered a message with. */
export class WorkerError extends Error {
  override name = 'WorkerError' as const;
  readonly code: ErrorCode;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
  }
}
