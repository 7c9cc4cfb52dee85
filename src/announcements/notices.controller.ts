import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryInt } from '../common/paging';
import { Body, Controller, Get, Header, Headers, HttpCode, Ip, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { createHash } from 'crypto';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse, ApiNotModified } from '../common/api-docs';
import { Auth, CurrentUser, Public } from '../common/auth.decorators';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { assertCan } from '../access/policy';
import { AnnouncementListsService } from './announcement-lists.service';
import {
  ExcludeDistrictDto,
  FinalExclusionDto,
  LodgeObjectionDto,
  NoticeSummaryDto,
  ObjectionDto,
  OpenListDto,
  PendingCountDto,
  PublicNoticeDto,
  PublishFromDrawDto,
  PublishPreliminaryDto,
  ReadyListDto,
  ReceiptDto,
  ReceiptStatusDto,
  ResolveObjectionDto,
} from './dto/notices.dto';
import { noticePage } from './notice-page';
import { NoticesService } from './notices.service';
import { ObjectionRateLimit } from './objection-rate-limit';

/** The bodies' side: announcing lists, resolving objections, the final's exclusions. */
@ApiTags('announcements')
@Controller()
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly lists: AnnouncementListsService,
    private readonly tx: Transactions,
  ) {}

  @Post('contests/:contestId/notices/preliminary')
  @Auth('notice.publish')
  @ApiOperation({ summary: "The school announces its submitted preliminary entrant list (初赛名单公示); the window is N working days" })
  @ApiOkResponse({ type: NoticeSummaryDto })
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  publishPreliminary(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: PublishPreliminaryDto): Promise<NoticeSummaryDto> {
    return this.lists.publishPreliminary(user, contestId, dto.schoolId, dto.objectionContact);
  }

  @Post('notices/semifinalists')
  @Auth('notice.publish')
  @ApiOperation({ summary: "The district announces its semi-finalists (复赛名单, 推荐/抽取) once its draw is published" })
  @ApiOkResponse({ type: NoticeSummaryDto })
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  publishSemifinalists(@CurrentUser() user: AuthUser, @Body() dto: PublishFromDrawDto): Promise<NoticeSummaryDto> {
    return this.lists.publishSemifinalists(user, dto.drawId, dto.objectionContact);
  }

  @Post('notices/finalists')
  @Auth('notice.publish')
  @ApiOperation({ summary: "The city announces every district's finalists (决赛名单), one notice per district, once the final's draw is published" })
  @ApiOkResponse({ type: [NoticeSummaryDto] })
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  publishFinalists(@CurrentUser() user: AuthUser, @Body() dto: PublishFromDrawDto): Promise<NoticeSummaryDto[]> {
    return this.lists.publishFinalists(user, dto.drawId, dto.objectionContact);
  }

  @Get('contests/:contestId/notices/mine')
  @Auth('notice.work')
  @ApiOperation({ summary: 'The notices the caller issues or resolves, with their state now' })
  @ApiOkResponse({ type: [NoticeSummaryDto] })
  @ApiErrors(404)
  mine(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<NoticeSummaryDto[]> {
    return this.notices.mine(user, contestId);
  }

  @Get('contests/:contestId/notices/ready')
  @Auth('notice.work')
  @ApiOperation({ summary: 'Lists the caller may announce now and has not announced yet' })
  @ApiOkResponse({ type: [ReadyListDto] })
  @ApiErrors(404)
  ready(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<ReadyListDto[]> {
    return this.lists.ready(user, contestId);
  }

  @Get('contests/:contestId/open-lists')
  @Auth('notice.work')
  @ApiOperation({ summary: 'The lists of the contest not final yet (window open, or objections pending), with their closing dates' })
  @ApiOkResponse({ type: [OpenListDto] })
  @ApiErrors(404)
  openLists(@IdParam('contestId') contestId: number): Promise<OpenListDto[]> {
    return this.notices.openListsOf(contestId);
  }

  @Get('contests/:contestId/objections')
  @Auth('objection.resolve')
  @ApiOperation({ summary: 'Objections to the notices the caller resolves, with the objector (seen only by the resolving body)' })
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'resolved'] })
  @ApiOkResponse({ type: [ObjectionDto] })
  @ApiErrors(404)
  objections(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Query('state') state?: string): Promise<ObjectionDto[]> {
    if (state !== undefined && state !== 'pending' && state !== 'resolved') throw AppError.field('VALIDATION_FAILED', 'state', 'isIn', 'state must be pending or resolved');
    return this.notices.objectionsFor(user, contestId, state);
  }

  @Get('contests/:contestId/objections/pending-count')
  @Auth('notice.work')
  @ApiOperation({ summary: 'How many objections wait for the caller (the badge)' })
  @ApiOkResponse({ type: PendingCountDto })
  @ApiErrors(404)
  async pendingCount(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<PendingCountDto> {
    return { pending: await this.notices.pendingCount(user, contestId) };
  }

  @Post('objections/:id/resolve')
  @Auth('objection.resolve')
  @ApiOperation({ summary: 'Upheld or rejected, with a reason (audited). Upheld with falsified information: the entrant is disqualified, the place passes by its rule, the case is recorded against the school, replacements are announced in a supplementary notice' })
  @ApiOkResponse({ type: ObjectionDto })
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  resolve(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ResolveObjectionDto): Promise<ObjectionDto> {
    return this.notices.resolve(user, id, dto);
  }

  @Post('contests/:contestId/final-exclusions')
  @Auth('final.exclude-district')
  @ApiOperation({ summary: "The city leaves a district with no semi-final out of the final's allocation (audited)" })
  @ApiOkResponse({ type: FinalExclusionDto })
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  exclude(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: ExcludeDistrictDto): Promise<FinalExclusionDto> {
    assertCan(user, 'final.exclude-district');
    return this.tx.run((em) => this.notices.excludeFromFinal(em, user, contestId, dto.districtId, dto.reason));
  }
}

/** The reply, for the caching headers and the 304. */
type CacheReply = FastifyReply;

interface Cached {
  json: string;
  jsonTag: string;
  html: string;
  htmlTag: string;
}

/** A published notice never changes: its JSON and page are built once and revalidated by ETag. */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

const etag = (text: string) => `"${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 27)}"`;

const matches = (ifNoneMatch: string | undefined, tag: string) => !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);

/** The public notice list's filter. */
class PublicNoticesQuery {
  @ApiPropertyOptional({ description: 'only this contest' })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  contestId?: number;
}

/** The public's side, without an account: notices, the printable sheet, objections and receipts. */
@ApiTags('announcements')
@Public()
@Controller('public')
export class PublicNoticesController {
  private readonly cache = new Map<number, Cached>();

  constructor(
    private readonly notices: NoticesService,
    private readonly limit: ObjectionRateLimit,
    private readonly clock: Clock,
  ) {}

  private async cached(id: number): Promise<Cached> {
    let c = this.cache.get(id);
    if (!c) {
      const view = await this.notices.publicNotice(id);
      const json = JSON.stringify(view);
      const html = noticePage(view, this.clock.timeZone);
      c = { json, jsonTag: etag(json), html, htmlTag: etag(html) };
      if (this.cache.size >= 500) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(id, c);
    }
    return c;
  }

  @Get('notices')
  @ApiOperation({ summary: 'Published notices (newest first) with their state now and the working days left' })
  @ApiOkResponse({ type: [NoticeSummaryDto] })
  list(@Query() q: PublicNoticesQuery): Promise<NoticeSummaryDto[]> {
    return this.notices.summaries(q.contestId ? { contestId: q.contestId } : {});
  }

  @Get('notices/:id')
  @ApiOperation({ summary: "A published notice's immutable content: rows with masked ID numbers, window, audit head. Cacheable: ETag + Cache-Control, If-None-Match → 304" })
  @ApiOkResponse({ type: PublicNoticeDto })
  @ApiErrors(404)
  @ApiNotModified()
  async get(@IdParam() id: number, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: CacheReply): Promise<string> {
    const c = await this.cached(id);
    res.header('ETag', c.jsonTag);
    res.header('Cache-Control', CACHE_CONTROL);
    if (matches(inm, c.jsonTag)) {
      res.status(304);
      return '';
    }
    res.header('Content-Type', 'application/json; charset=utf-8');
    return c.json;
  }

  @Get('notices/:id/page')
  @ApiOperation({ summary: 'The printable A4 公示 sheet of a notice (HTML). Cacheable like the JSON' })
  @ApiFileResponse('text/html', 'the notice as a printable page (HTML)')
  @ApiErrors(404)
  @ApiNotModified()
  async page(@IdParam() id: number, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: CacheReply): Promise<string> {
    const c = await this.cached(id);
    res.header('ETag', c.htmlTag);
    res.header('Cache-Control', CACHE_CONTROL);
    if (matches(inm, c.htmlTag)) {
      res.status(304);
      return '';
    }
    res.header('Content-Type', 'text/html; charset=utf-8');
    return c.html;
  }

  @Get('notices/:id/status')
  @ApiOperation({ summary: "A notice's state now: published (days left), closed (objections pending) or final" })
  @ApiOkResponse({ type: NoticeSummaryDto })
  @ApiErrors(404)
  @Header('Cache-Control', 'no-cache')
  async status(@IdParam() id: number): Promise<NoticeSummaryDto> {
    const [s] = await this.notices.summaries({ ids: [id] });
    if (!s) throw AppError.notFound('NOTICE_NOT_FOUND', 'Notice', id);
    return s;
  }

  @Post('notices/:id/objections')
  @ApiOperation({ summary: 'An objection (异议), without an account, while the window is open: real name, contact, the row (or the whole list), grounds ≤ 2,000 characters. The answer is the receipt code. Rate-limited per client address' })
  @ApiOkResponse({ type: ReceiptDto })
  @ApiErrors(400, 404, 409, 429)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  lodge(@IdParam() id: number, @Body() dto: LodgeObjectionDto, @Ip() ip: string): Promise<ReceiptDto> {
    this.limit.take(ip || 'unknown');
    return this.notices.lodge(id, { name: dto.name, contact: dto.contact, rowId: dto.rowId ?? null, grounds: dto.grounds });
  }

  @Get('objections/:receipt')
  @ApiOperation({ summary: 'With the receipt code, the objector sees the status and the decision, nothing else' })
  @ApiOkResponse({ type: ReceiptStatusDto })
  @ApiErrors(400, 404)
  @Header('Cache-Control', 'no-store')
  receipt(@Param('receipt') receipt: string): Promise<ReceiptStatusDto> {
    return this.notices.receipt(receipt);
  }
}
