import { Body, Controller, Get, HttpCode, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser, Public } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { AdvancementService, AllocationView } from './advancement.service';
import { AnnounceDto, CreateAllocationDto, EntropyDto, RecommendDto, ReRecommendDto, WithdrawDto } from './dto/advancement.dto';
import { DrawRecordsService } from './draw-records.service';
import { DrawsService } from './draws.service';
import { ReplacementsService } from './replacements.service';
import { attachment, JSON_MIME, XLSX_MIME } from '../common/download';

/** The allocation report as a workbook: every RULES §4 field per unit, then the totals. */
export async function allocationWorkbook(a: AllocationView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名额分配');
  ws.addRow(['单位代码', '单位名称', '人数 n', '份额 rate×n', '整数部分', '余数', '余数排序', '追加', '名额 q', '推荐 r', '抽取 d', '已推荐']);
  for (const u of a.units) {
    ws.addRow([u.code, u.name, u.entrants, u.share, u.floor, u.remainder, u.tieOrder, u.extra, u.places, u.recommended, u.drawn, u.recommendedSoFar] as ExcelJS.CellValue[]);
  }
  const t = a.totals;
  ws.addRow([]);
  ws.addRow(['合计', '', t.entrants, '', '', '', '', '', t.total, t.recommended, t.drawn] as ExcelJS.CellValue[]);
  ws.addRow(['比例 rate %', t.rate, '推荐比例 %', t.recommendedShare, '实际推荐比例 %', t.recommendedPercent] as ExcelJS.CellValue[]);
  ws.addRow(['推荐截止日期', a.recommendationDeadline]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

@ApiTags('advancement')
@Controller()
export class AdvancementController {
  constructor(
    private readonly adv: AdvancementService,
    private readonly draws: DrawsService,
    private readonly drawRecords: DrawRecordsService,
    private readonly replacements: ReplacementsService,
  ) {}

  @Post('contests/:contestId/allocations')
  @Auth('allocation.create')
  @ApiOperation({ summary: 'Allocate the semi-final places of a district over its schools (district admin) or the final places over the districts (city admin), RULES §4; re-allocating is allowed until recommendations start' })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: CreateAllocationDto) {
    return this.adv.createAllocation(user, contestId, dto);
  }

  @Get('contests/:contestId/allocations')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'The allocations the caller may see' })
  list(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number) {
    return this.adv.list(user, contestId);
  }

  @Get('allocations/:id')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'The allocation report (JSON): every RULES §4 field per unit, totals, the share actually recommended' })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.adv.get(user, id);
  }

  @Get('allocations/:id/report.json')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'The allocation report as a JSON download' })
  async reportJson(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const a = await this.adv.get(user, id);
    attachment(res, JSON_MIME, `allocation-${a.round}-${id}.json`);
    return new StreamableFile(Buffer.from(JSON.stringify(a, null, 2), 'utf8'));
  }

  @Get('allocations/:id/report.xlsx')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'The allocation report as an Excel download' })
  async reportXlsx(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const a = await this.adv.get(user, id);
    attachment(res, XLSX_MIME, `allocation-${a.round}-${id}.xlsx`);
    return new StreamableFile(await allocationWorkbook(a));
  }

  @Get('allocations/:id/units/:unitId/candidates')
  @Auth('allocation.candidates')
  @ApiOperation({ summary: "A unit's previous-round entrants: took part (has a result), recommended" })
  candidates(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('unitId') unitId: number) {
    return this.adv.candidates(user, id, unitId);
  }

  @Put('allocations/:id/units/:unitId/recommendations')
  @Auth('allocation.recommend')
  @ApiOperation({ summary: "The unit recommends exactly its recommended places (replaces its earlier choice) before the deadline and the freeze" })
  @ApiErrors(400, 404, 409)
  recommend(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('unitId') unitId: number, @Body() dto: RecommendDto) {
    return this.adv.recommend(user, id, unitId, dto);
  }

  // ---------------------------------------------------------------- the ceremony

  @Post('allocations/:id/draw')
  @HttpCode(200)
  @Auth('draw.run')
  @ApiOperation({ summary: 'Ceremony step 1: freeze the pools (recommendations close; snapshot and pool hash)' })
  @ApiErrors(404, 409)
  freeze(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.draws.freeze(user, id);
  }

  @Get('draws/:id')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'A draw with its state, pools and announcement' })
  draw(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.drawRecords.get(user, id);
  }

  @Post('draws/:id/announce')
  @HttpCode(200)
  @Auth('draw.run')
  @ApiOperation({ summary: 'Ceremony step 2: publish the announcement (pool hash, n and d per unit, protocol, entropy sources)' })
  @ApiErrors(400, 404, 409)
  announce(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: AnnounceDto) {
    return this.draws.announce(user, id, dto);
  }

  @Post('draws/:id/entropy')
  @HttpCode(200)
  @Auth('draw.run')
  @ApiOperation({ summary: 'Ceremony step 3: the values of the announced entropy sources' })
  @ApiErrors(400, 404, 409)
  entropy(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EntropyDto) {
    return this.draws.enterEntropy(user, id, dto);
  }

  @Post('draws/:id/run')
  @HttpCode(200)
  @Auth('draw.run')
  @ApiOperation({ summary: 'Ceremony step 4: run the draw (once)' })
  @ApiErrors(404, 409)
  run(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.draws.run(user, id);
  }

  @Post('draws/:id/publish')
  @HttpCode(200)
  @Auth('draw.run')
  @ApiOperation({ summary: "Ceremony step 5: publish; the next round's entrants are created (recommended + drawn)" })
  @ApiErrors(404, 409)
  publish(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.draws.publish(user, id);
  }

  @Get('draws/:id/record.json')
  @Auth('allocation.read')
  @ApiOperation({ summary: 'The contest-draw/1 record, its exact stored JSON text' })
  async record(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const r = await this.drawRecords.recordOf(id, user);
    attachment(res, JSON_MIME, r.filename);
    return new StreamableFile(Buffer.from(r.text, 'utf8'));
  }

  @Get('draws/:id/entrants')
  @Auth('allocation.read')
  @ApiOperation({ summary: "The draw's advanced entrants with source and status" })
  advanced(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.drawRecords.advanced(id, user);
  }

  @Post('draws/:id/entrants/:entrantId/withdraw')
  @HttpCode(200)
  @Auth('draw.withdraw')
  @ApiOperation({ summary: 'Withdraw or disqualify an advanced entrant (with reason); a drawn place passes to the next reserve' })
  @ApiErrors(400, 404, 409)
  withdraw(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number, @Body() dto: WithdrawDto) {
    return this.replacements.withdraw(user, id, entrantId, dto);
  }

  @Post('draws/:id/replacements/:replacementId/recommend')
  @HttpCode(200)
  @Auth('allocation.recommend')
  @ApiOperation({ summary: 'The unit recommends again for a recommended place that fell free, before its deadline' })
  @ApiErrors(400, 404, 409)
  reRecommend(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('replacementId') replacementId: number, @Body() dto: ReRecommendDto) {
    return this.replacements.reRecommend(user, id, replacementId, dto);
  }
}

/** Public pages' API (no login): draws, announcements, records, the advanced lists with masked ID numbers. */
@ApiTags('public')
@Controller('public/draws')
@Public()
export class PublicDrawsController {
  constructor(private readonly draws: DrawRecordsService) {}

  @Get()
  @ApiOperation({ summary: 'Every draw with its state (public)' })
  list() {
    return this.draws.publicList();
  }

  @Get(':id')
  @ApiOperation({ summary: "A draw's announcement and state (public)" })
  @ApiErrors(404)
  get(@IdParam() id: number) {
    return this.draws.publicGet(id);
  }

  @Get(':id/record.json')
  @ApiOperation({ summary: 'The published contest-draw/1 record (public)' })
  @ApiErrors(404, 409)
  async record(@IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const r = await this.draws.recordOf(id, null);
    attachment(res, JSON_MIME, r.filename);
    return new StreamableFile(Buffer.from(r.text, 'utf8'));
  }

  @Get(':id/entrants')
  @ApiOperation({ summary: 'The advanced entrants per unit, marked recommended / drawn / reserve, masked ID numbers (public)' })
  @ApiErrors(404, 409)
  entrants(@IdParam() id: number) {
    return this.draws.advanced(id, null);
  }
}
