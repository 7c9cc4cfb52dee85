import { Controller, Get, Header, Headers, Param, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { readFileSync } from 'fs';
import { join } from 'path';
import { PUBLIC_DIR } from '../app.setup';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser, Public } from '../common/auth.decorators';
import { WindowCounter } from '../auth/login-limits';
import { clientAddress, RequestOrigin, RequestOriginInfo } from '../common/client-address';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { CertificatesService } from './certificates.service';
import { CertificateView, PublicCertificateView, SchoolAwardsView } from './dto/certificates.dto';


/** Verification requests per client and minute (guessing certificate numbers is rate-limited). */
const VERIFY_RATE_LIMIT = 30;

/** The address the QR codes point at: the host the page was reached on (a reverse proxy's protocol honoured). */
function origin(host: string | undefined, proto: string | undefined): string {
  const p = proto?.split(',')[0].trim() === 'https' ? 'https' : 'http';
  return `${p}://${host ?? 'localhost'}`;
}

function contestQuery(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2147483647) throw AppError.field('VALIDATION_FAILED', 'contestId', 'isId', 'contestId must be a positive whole number (at most 2147483647)');
  return Number(value);
}

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('certificates/:number')
  @Auth('certificate.read')
  @ApiOperation({ summary: "One certificate for printing (the holder's school, its district, the city), with its QR code" })
  @ApiOkResponse({ type: CertificateView })
  @ApiErrors(403, 404, 409, 410)
  one(@CurrentUser() user: AuthUser, @Param('number') no: string, @Headers('host') host?: string, @Headers('x-forwarded-proto') proto?: string): Promise<CertificateView> {
    return this.certificates.one(user, no, origin(host, proto));
  }

  @Get('award-rounds/:id/certificates')
  @Auth('awards.read')
  @ApiOperation({ summary: "Every certificate of a round's final award list, in list order (printing as one document)" })
  @ApiOkResponse({ type: [CertificateView] })
  @ApiErrors(403, 404)
  ofRound(@CurrentUser() user: AuthUser, @IdParam() id: number, @Headers('host') host?: string, @Headers('x-forwarded-proto') proto?: string): Promise<CertificateView[]> {
    return this.certificates.ofRound(user, id, origin(host, proto));
  }

  @Get('schools/:schoolId/awards')
  @Auth('certificate.read')
  @ApiOperation({ summary: "A school's prizes and awards of a contest (published lists), with their certificates once issued" })
  @ApiQuery({ name: 'contestId', type: Number })
  @ApiOkResponse({ type: SchoolAwardsView })
  @ApiErrors(400, 403, 404)
  ofSchool(
    @CurrentUser() user: AuthUser,
    @IdParam('schoolId') schoolId: number,
    @Query('contestId') contestId: string | undefined,
    @Headers('host') host?: string,
    @Headers('x-forwarded-proto') proto?: string,
  ): Promise<SchoolAwardsView> {
    return this.certificates.ofSchool(user, contestQuery(contestId), schoolId, origin(host, proto));
  }
}

@ApiTags('public')
@Controller('public')
export class PublicCertificatesController {
  /** Guessing numbers is slowed: VERIFY_RATE_LIMIT look-ups a minute per client address. */
  private readonly lookups = new WindowCounter(VERIFY_RATE_LIMIT, 60_000);

  constructor(
    private readonly certificates: CertificatesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  // Not `certificates/:number`: that path is the page's, excluded from the /api prefix (app.setup).
  @Get('certificates/:number/verification')
  @Public()
  @ApiOperation({ summary: "Verify a certificate by its number: holder's name, school, award, contest (never the ID number); rate-limited per client" })
  @ApiOkResponse({ type: PublicCertificateView })
  @ApiErrors(404, 409, 410, 429)
  verify(@Param('number') no: string, @RequestOrigin() origin: RequestOriginInfo): Promise<PublicCertificateView> {
    const client = clientAddress(origin.peer, origin.forwardedFor, this.config.trustProxy);
    const now = this.clock.now().getTime();
    const wait = this.lookups.retryAfter(client, now);
    if (wait) throw new AppError('TOO_MANY_REQUESTS', 'Too many certificate look-ups from this address; try again later', undefined, { 'Retry-After': String(wait) });
    this.lookups.add(client, now);
    return this.certificates.verify(no);
  }
}

/** The verification page itself, at the address the QR code carries (outside /api). */
@Controller('public/certificates')
export class CertificatePageController {
  private page: string | null = null;

  @Get(':number')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @ApiExcludeEndpoint()
  show(): string {
    return (this.page ??= readFileSync(join(PUBLIC_DIR, 'public', 'certificate.html'), 'utf8'));
  }
}
