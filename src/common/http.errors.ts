/** Errors of the HTTP layer itself (src/common/http-body.ts, src/common/upload.ts). */
import { HttpStatus } from '@nestjs/common';

export const HTTP_ERRORS = {
  /**
   * The body is not of a type the endpoint takes: not JSON (text/plain, XML, a form, none where
   * a JSON body is needed), JSON in a charset other than UTF-8, or an unsupported Content-Encoding.
   */
  UNSUPPORTED_MEDIA_TYPE: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE },
} as const satisfies Record<string, { status: number }>;
