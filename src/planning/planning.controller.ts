import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { attachment, XLSX_MIME } from '../common/download';
import { FileUpload, UploadedBuffer } from '../common/upload';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { findContest } from '../contests/find-contest';
import {
  AcceptedPlanView,
  AssignmentPreviewView,
  AssignmentView,
  CardsDto,
  CardsView,
  CityStagesView,
  CreateJudgeAccountDto,
  ImportResultView,
  MergeRuleDto,
  MergeRuleView,
  PanelJudgesBulkDto,
  PanelJudgesView,
  PlanPreviewView,
  PlanRequestDto,
  PoolAccountsDto,
  PoolMemberView,
  PoolView,
  ProblemView,
  ProgressView,
  ReportProblemDto,
  RoundScopeQuery,
  ScoringExtensionDto,
  ScoringExtensionView,
} from './dto/planning.dto';
import { MAX_POOL_UPLOAD_BYTES, poolTemplate } from './judge-pool-excel';
import { JudgeCardsService } from './judge-cards.service';
import { JudgePoolsService } from './judge-pools.service';
import { MergeRuleService } from './merge-rule.service';
import { PlanningService } from './planning.service';
import { ProgressService } from './progress.service';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const LINK_HEADER = ApiHeader({ name: 'X-Judge-Link', required: false, description: "a judge's private link token (instead of a bearer token)" });

@ApiTags('round planning')
@Controller('planning')
export class PlanningController {
  constructor(
    private readonly planning: PlanningService,
    private readonly pools: JudgePoolsService,
    private readonly cards: JudgeCardsService,
    private readonly progressService: ProgressService,
    private readonly mergeRule: MergeRuleService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  // ------------------------------------------------------------ plan

  @Get('contests/:contestId/merge-rule')
  @Auth('planning.mergeRule.read')
  @ApiOperation({ summary: "The contest's rule for merging small groups into one panel when a round is planned (default: every group gets its own panel)" })
  @ApiOkResponse({ type: MergeRuleView })
  @ApiErrors(403, 404)
  getMergeRule(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number) {
    return this.mergeRule.get(user, contestId);
  }

  @Put('contests/:contestId/merge-rule')
  @Auth('planning.mergeRule.write')
  @ApiOperation({ summary: 'Set the merge rule (the city, for the whole contest); it applies to the plans made afterwards' })
  @ApiOkResponse({ type: MergeRuleView })
  @ApiErrors(400, 403, 404)
  setMergeRule(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: MergeRuleDto) {
    return this.mergeRule.set(user, contestId, dto);
  }

  @Post('plan/preview')
  @HttpCode(200)
  @Auth('plan.preview')
  @ApiOperation({ summary: "A round's plan as it would be accepted: panels by subject × group, sizes, sessions, rooms (nothing stored)" })
  @ApiOkResponse({ type: PlanPreviewView })
  @ApiErrors(400, 403, 404, 409)
  preview(@CurrentUser() user: AuthUser, @Body() dto: PlanRequestDto): Promise<PlanPreviewView> {
    return this.planning.preview(user, dto);
  }

  @Post('plan/preview-assignment')
  @HttpCode(200)
  @Auth('plan.preview')
  @ApiOperation({ summary: "The plan with the judges the pool would give each panel (nothing stored)" })
  @ApiOkResponse({ type: AssignmentPreviewView })
  @ApiErrors(400, 403, 404, 409)
  previewAssignment(@CurrentUser() user: AuthUser, @Body() dto: PlanRequestDto): Promise<AssignmentPreviewView> {
    return this.pools.previewAssignment(user, dto);
  }

  @Post('plan/accept')
  @HttpCode(200)
  @Auth('plan.accept')
  @ApiOperation({ summary: 'Accept the plan: its panels and contestants created in one transaction; replaces an earlier plan until the first score' })
  @ApiOkResponse({ type: AcceptedPlanView })
  @ApiErrors(400, 403, 404, 409)
  accept(@CurrentUser() user: AuthUser, @Body() dto: PlanRequestDto): Promise<AcceptedPlanView> {
    return this.planning.accept(user, dto);
  }

  @Post('scoring-extension')
  @HttpCode(200)
  @Auth('scoring.extend')
  @ApiOperation({ summary: "Extend the scoring dates of the scope's open panels to a later day, with a reason" })
  @ApiOkResponse({ type: ScoringExtensionView })
  @ApiErrors(400, 403, 404, 409)
  extend(@CurrentUser() user: AuthUser, @Body() dto: ScoringExtensionDto): Promise<ScoringExtensionView> {
    return this.planning.extendScoring(user, dto);
  }

  // ------------------------------------------------------------ pools

  @Get('pool')
  @Auth('pool.read')
  @ApiOperation({ summary: "The round's judge pool in your scope" })
  @ApiOkResponse({ type: PoolView })
  @ApiErrors(400, 403, 404)
  pool(@CurrentUser() user: AuthUser, @Query() q: RoundScopeQuery): Promise<PoolView> {
    return this.pools.pool(user, q);
  }

  @Post('pool/accounts')
  @HttpCode(200)
  @Auth('pool.manage')
  @ApiOperation({ summary: 'Put existing judge accounts into the pool (optionally with the subjects they judge)' })
  @ApiOkResponse({ type: PoolView })
  @ApiErrors(400, 403, 404, 409)
  addAccounts(@CurrentUser() user: AuthUser, @Body() dto: PoolAccountsDto): Promise<PoolView> {
    return this.pools.addAccounts(user, dto);
  }

  @Delete('pool/accounts/:accountId')
  @Auth('pool.manage')
  @ApiOperation({ summary: 'Take a judge out of the pool (their panel seats stay)' })
  @ApiOkResponse({ type: PoolView })
  @ApiErrors(400, 403, 404)
  removeAccount(@CurrentUser() user: AuthUser, @Query() q: RoundScopeQuery, @IdParam('accountId') accountId: number): Promise<PoolView> {
    return this.pools.removeMember(user, q, accountId);
  }

  @Post('pool/judges')
  @Auth('pool.manage')
  @ApiOperation({ summary: "Create a judge account in your scope (school: its preliminary; district: its semi-final; city: any) and put it into the pool" })
  @ApiCreatedResponse({ type: PoolMemberView })
  @ApiErrors(400, 403, 404, 409)
  createJudge(@CurrentUser() user: AuthUser, @Body() dto: CreateJudgeAccountDto): Promise<PoolMemberView> {
    return this.pools.createJudge(user, dto);
  }

  @Get('pool/template')
  @Auth('pool.read')
  @ApiOperation({ summary: 'The judge pool sheet to fill in (.xlsx): 姓名 | 手机号 | 学校 | 可评学科' })
  @ApiOkResponse({ description: 'an .xlsx workbook', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 404)
  async template(@Query() q: RoundScopeQuery, @Res({ passthrough: true }) res: FastifyReply) {
    const contest = await findContest(this.ds.manager, q.contestId);
    const buffer = await poolTemplate(contest.subjects);
    attachment(res, XLSX_MIME, '评委名单模板.xlsx');
    return new StreamableFile(buffer);
  }

  @Post('pool/upload')
  @HttpCode(200)
  @Auth('pool.manage')
  @UseInterceptors(new FileUpload('file', MAX_POOL_UPLOAD_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Import the pool from the filled sheet (.xlsx, at most 2 MiB): all or nothing, INVALID_ROWS names every bad row' })
  @ApiOkResponse({ type: ImportResultView })
  @ApiErrors(400, 403, 404, 409, 413)
  upload(@CurrentUser() user: AuthUser, @Query() q: RoundScopeQuery, @UploadedBuffer() file: UploadedBuffer | undefined): Promise<ImportResultView> {
    return this.pools.importSheet(user, q, file);
  }

  @Post('assign')
  @HttpCode(200)
  @Auth('plan.assign')
  @ApiOperation({ summary: "Fill every open panel of the scope from the pool (panel size, a head judge each, no conflict, subjects, even load); panels that cannot be filled are reported" })
  @ApiOkResponse({ type: AssignmentView })
  @ApiErrors(400, 403, 404, 409)
  assign(@CurrentUser() user: AuthUser, @Body() q: RoundScopeQuery): Promise<AssignmentView> {
    return this.pools.autoAssign(user, q);
  }

  @Put('panels/:id/judges')
  @Auth('panel.judges')
  @ApiOperation({ summary: "Change one panel's judges in one call: remove, then add (with the head judge)" })
  @ApiOkResponse({ type: PanelJudgesView })
  @ApiErrors(400, 403, 404, 409)
  panelJudges(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: PanelJudgesBulkDto): Promise<PanelJudgesView> {
    return this.pools.changePanelJudges(user, id, dto);
  }

  // ------------------------------------------------------------ cards

  @Post('cards')
  @HttpCode(200)
  @Auth('cards.print')
  @ApiOperation({ summary: "Judge cards of the scope (or one panel): a fresh private link per judge with its QR code; the judge's earlier links are revoked" })
  @ApiOkResponse({ type: CardsView })
  @ApiErrors(400, 403, 404)
  printCards(@CurrentUser() user: AuthUser, @Body() dto: CardsDto): Promise<CardsView> {
    return this.cards.print(user, dto);
  }

  // ------------------------------------------------------------ progress, problems

  @Get('progress')
  @Auth('progress.read')
  @ApiOperation({ summary: 'Every panel of the round in your scope: sheets submitted / expected, judges not started, locked / announced, open problems' })
  @ApiOkResponse({ type: ProgressView })
  @ApiErrors(400, 403, 404)
  progress(@CurrentUser() user: AuthUser, @Query() q: RoundScopeQuery): Promise<ProgressView> {
    return this.progressService.progress(user, q);
  }

  @Get('contests/:contestId/districts')
  @Auth('planning.cityOverview')
  @ApiOperation({ summary: "The city's overview: every district's stage, with its name" })
  @ApiOkResponse({ type: CityStagesView })
  @ApiErrors(403, 404)
  cityStages(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<CityStagesView> {
    return this.progressService.cityStages(user, contestId);
  }

  @Post('panels/:id/problems')
  @Auth('problem.report')
  @LINK_HEADER
  @ApiOperation({ summary: 'A judge signals a problem from the tablet (报告问题)' })
  @ApiCreatedResponse({ type: ProblemView })
  @ApiErrors(400, 403, 404)
  report(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReportProblemDto): Promise<ProblemView> {
    return this.progressService.report(user, user.judgeLinkPanelId, id, dto);
  }

  @Get('panels/:id/problems')
  @Auth('problem.list')
  @LINK_HEADER
  @ApiOperation({ summary: "The panel's open problems (its head judge and organiser)" })
  @ApiOkResponse({ type: [ProblemView] })
  @ApiErrors(403, 404)
  panelProblems(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ProblemView[]> {
    return this.progressService.panelProblems(user, user.judgeLinkPanelId, id);
  }

  @Post('problems/:id/handled')
  @HttpCode(200)
  @Auth('problem.handle')
  @LINK_HEADER
  @ApiOperation({ summary: 'Mark a problem handled (the head judge or the organiser)' })
  @ApiOkResponse({ type: ProblemView })
  @ApiErrors(403, 404)
  handle(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ProblemView> {
    return this.progressService.handle(user, user.judgeLinkPanelId, id);
  }
}
