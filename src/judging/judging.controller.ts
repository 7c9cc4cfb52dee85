import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import {
  AddJudgeDto,
  CreatePanelDto,
  UpdatePanelDto,
  DrawDto,
  EntrantIdsDto,
  LinkView,
  NewLinkView,
  PanelQuery,
  ReopenDto,
  SchoolSheetDto,
  ScoreEntryDto,
  ScoreSheetView,
  SheetQuery,
  SheetView,
} from './dto/judging.dto';
import { JudgeLinksService } from './judge-links.service';
import {
  AnnounceView,
  JudgeAccountView,
  LockView,
  MyPanelSummaryView,
  MyPanelView,
  PanelCandidateView,
  PanelDrawView,
  PanelView,
  ScoringProgressView,
  ResultsView,
  SchoolSheetView,
  SheetVersionView,
} from './dto/judging-views.dto';
import { PingView } from '../health/dto/health.dto';
import { PanelDetailsService } from './panel-details';
import { PanelsService } from './panels.service';
import { ResultsService } from './results.service';
import { SchoolSheetsService } from './school-sheets.service';
import { ScoresService } from './scores.service';
import { attachment, JSON_MIME } from '../common/download';


@ApiTags('judging')
@Controller('judging')
export class JudgingController {
  constructor(
    private readonly panels: PanelsService,
    private readonly panelDetails: PanelDetailsService,
    private readonly sheets: SchoolSheetsService,
    private readonly judgeLinks: JudgeLinksService,
    private readonly scores: ScoresService,
    private readonly panelResults: ResultsService,
  ) {}

  @Get('ping')
  @Auth('judging.ping')
  @ApiOperation({ summary: 'Authenticated no-op (the score-entry benchmark baseline)' })
  @ApiOkResponse({ type: PingView })
  ping(): PingView {
    return this.scores.ping();
  }

  // ------------------------------------------------------------ sheets

  @Get('contests/:contestId/sheets')
  @Auth('sheet.readBase')
  @ApiOperation({ summary: "A round's base score sheet (final: with the featured item labelled for `subject`)" })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404)
  baseSheet(@IdParam('contestId') contestId: number, @Query() q: SheetQuery): Promise<SheetView> {
    return this.sheets.baseSheetView(contestId, q);
  }

  @Get('contests/:contestId/schools/:schoolId/sheet')
  @Auth('schoolSheet.read')
  @ApiOperation({ summary: "A school's preliminary sheet (its own when set, else the base sheet)" })
  @ApiOkResponse({ type: SchoolSheetView })
  @ApiErrors(400, 404)
  schoolSheet(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number): Promise<SchoolSheetView> {
    return this.sheets.schoolSheet(user, contestId, schoolId);
  }

  @Put('contests/:contestId/schools/:schoolId/sheet')
  @Auth('schoolSheet.write')
  @ApiOperation({ summary: "Set a school's own preliminary sheet: added items and new points; it must total 100" })
  @ApiOkResponse({ type: SchoolSheetView })
  @ApiErrors(400, 404, 409)
  setSchoolSheet(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @Body() dto: SchoolSheetDto,
  ): Promise<SchoolSheetView> {
    return this.sheets.setSchoolSheet(user, contestId, schoolId, dto);
  }

  @Get('entrants/:entrantId/sheet')
  @Auth('entrantSheet.read')
  @ApiOperation({ summary: 'The effective sheet a contestant is scored on' })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404)
  entrantSheet(@CurrentUser() user: AuthUser, @IdParam('entrantId') entrantId: number): Promise<SheetView> {
    return this.sheets.entrantSheet(user, entrantId);
  }

  // ------------------------------------------------------------ panels (organisers)

  @Get('judges')
  @Auth('judge.list')
  @ApiOperation({ summary: 'Active judge accounts (to put on a panel)' })
  @ApiOkResponse({ type: [JudgeAccountView] })
  judges(@CurrentUser() user: AuthUser): Promise<JudgeAccountView[]> {
    return this.panels.judgeAccounts(user);
  }

  @Post('panels')
  @Auth('panel.create')
  @ApiOperation({ summary: 'Create a panel: round, group, session; school (preliminary), district (semi-final) or city (final)' })
  @ApiErrors(400, 404, 409)
  @ApiCreatedResponse({ type: PanelView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePanelDto): Promise<PanelView> {
    return this.panels.create(user, dto);
  }

  @Get('panels')
  @Auth('panel.list')
  @ApiOperation({ summary: "A contest's panels in the caller's scope (a judge: the judge's panels)" })
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: [PanelView] })
  list(@CurrentUser() user: AuthUser, @Query() q: PanelQuery): Promise<PanelView[]> {
    return this.panels.list(user, q);
  }

  @Get('panels/:id')
  @Auth('panel.read')
  @ApiOperation({ summary: 'A panel with its judges and contestants in order of appearance' })
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: PanelView })
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<PanelView> {
    return this.panels.get(user, id);
  }

  @Patch('panels/:id')
  @Auth('panel.manage')
  @ApiOperation({ summary: "Change a panel's subject and group (made by hand only), room or session, before its first score" })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdatePanelDto): Promise<PanelView> {
    return this.panelDetails.update(user, id, dto, (em, panel) => this.panels.view(em, panel, user));
  }

  @Get('panels/:id/candidates')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Entrants of the round, group and scope who are on no panel yet' })
  @ApiOkResponse({ type: [PanelCandidateView] })
  @ApiErrors(400, 404)
  candidates(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<PanelCandidateView[]> {
    return this.panels.candidates(user, id);
  }

  @Post('panels/:id/judges')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: "Put a judge on the panel (refused when a contestant is from the judge's school; final: district)" })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  addJudge(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: AddJudgeDto): Promise<PanelView> {
    return this.panels.addJudge(user, id, dto);
  }

  @Delete('panels/:id/judges/:accountId')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Take a judge off the panel (refused once the judge has scores)' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  removeJudge(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('accountId') accountId: number): Promise<PanelView> {
    return this.panels.removeJudge(user, id, accountId);
  }

  @Post('panels/:id/contestants')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Add contestants (round entrants of the panel’s round, group and scope), appended to the order' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  addContestants(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EntrantIdsDto): Promise<PanelView> {
    return this.panels.addContestants(user, id, dto);
  }

  @Delete('panels/:id/contestants/:entrantId')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Take a contestant off the panel (refused once scored or after the draw)' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  removeContestant(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number): Promise<PanelView> {
    return this.panels.removeContestant(user, id, entrantId);
  }

  @Put('panels/:id/order')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Set the order of appearance by hand (before any score exists; not after a draw)' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelView })
  setOrder(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EntrantIdsDto): Promise<PanelView> {
    return this.panels.setOrder(user, id, dto);
  }

  @Post('panels/:id/draw')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Draw the order of appearance with contest-draw/1 from the entered entropy (runs once)' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: PanelDrawView })
  draw(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: DrawDto): Promise<PanelDrawView> {
    return this.panels.draw(user, id, dto);
  }

  @Get('panels/:id/draw-record')
  @Auth('panel.read')
  @ApiOperation({ summary: 'The draw record (JSON file; `npm run -s cli -- verify-draw record.json` prints MATCH)' })
  @ApiErrors(400, 404)
  @ApiFileResponse('application/json', 'the contest-draw/1 record (DrawRecordView), its exact stored JSON text')
  async drawRecord(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const f = await this.panels.drawRecord(user, id);
    attachment(res, JSON_MIME, f.filename);
    return f.text;
  }

  @Post('panels/:id/judges/:accountId/links')
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: "Create a judge's private link; the token is shown once (only its SHA-256 is stored)" })
  @ApiCreatedResponse({ type: NewLinkView })
  @ApiErrors(400, 404, 409)
  createLink(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('accountId') accountId: number): Promise<NewLinkView> {
    return this.judgeLinks.createLink(user, id, accountId);
  }

  @Get('panels/:id/links')
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: "The panel's judge links (never the tokens)" })
  @ApiOkResponse({ type: [LinkView] })
  @ApiErrors(400, 404)
  links(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<LinkView[]> {
    return this.judgeLinks.links(user, id);
  }

  @Post('links/:linkId/revoke')
  @HttpCode(200)
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: 'Revoke a judge link: it stops working at once' })
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: LinkView })
  revokeLink(@CurrentUser() user: AuthUser, @IdParam('linkId') linkId: number): Promise<LinkView> {
    return this.judgeLinks.revokeLink(user, linkId);
  }

  @Post('panels/:id/lock')
  @HttpCode(200)
  @Auth('panel.lock')
  @ApiOperation({ summary: 'Lock a complete panel (every judge submitted every contestant); writes the round results' })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: LockView })
  lock(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<LockView> {
    return this.panelResults.lock(user, id);
  }

  @Post('panels/:id/announce')
  @HttpCode(200)
  @Auth('panel.lock')
  @ApiOperation({ summary: "Announce a locked panel's results (until then only organisers and the head judge see them)" })
  @ApiErrors(400, 404, 409)
  @ApiOkResponse({ type: AnnounceView })
  announce(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<AnnounceView> {
    return this.panelResults.announce(user, id);
  }

  // ------------------------------------------------------------ judges (login or private link)

  @Get('my/panels')
  @Auth('judge.panels')
  @ApiOperation({ summary: "The judge's panels (with a private link: its one panel)" })
  @ApiOkResponse({ type: [MyPanelSummaryView] })
  myPanels(@CurrentUser() user: AuthUser): Promise<MyPanelSummaryView[]> {
    return this.scores.myPanels(user);
  }

  @Get('panels/:id/mine')
  @Auth('judge.panels')
  @ApiOperation({ summary: "The judge's contestants in order, each with the sheet and the judge's own entry" })
  @ApiErrors(400, 403, 404)
  @ApiOkResponse({ type: MyPanelView })
  myPanel(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<MyPanelView> {
    return this.scores.myPanel(user, id);
  }

  @Put('panels/:id/sheets/:entrantId')
  @Auth('sheet.write')
  @ApiOperation({ summary: 'Save a draft or submit (submit: true); a resend with the same clientId returns the stored result' })
  @ApiOkResponse({ type: ScoreSheetView })
  @ApiErrors(400, 403, 404, 409)
  enter(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number, @Body() dto: ScoreEntryDto): Promise<ScoreSheetView> {
    return this.scores.enter(user, id, entrantId, dto);
  }

  @Post('panels/:id/sheets/:entrantId/reopen')
  @HttpCode(200)
  @Auth('sheet.reopen')
  @ApiOperation({ summary: "The head judge reopens a judge's submitted sheet, with a reason" })
  @ApiOkResponse({ type: ScoreSheetView })
  @ApiErrors(400, 403, 404, 409)
  reopen(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number, @Body() dto: ReopenDto): Promise<ScoreSheetView> {
    return this.scores.reopen(user, id, entrantId, dto);
  }

  @Get('panels/:id/progress')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Who has submitted what (organisers and the head judge)' })
  @ApiErrors(400, 403, 404)
  @ApiOkResponse({ type: ScoringProgressView })
  progress(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ScoringProgressView> {
    return this.panelResults.progress(user, id);
  }

  @Get('panels/:id/results')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Results by the aggregation rule, outlier flags, bias, ranking (organisers and head judge; judges once announced)' })
  @ApiErrors(400, 403, 404)
  @ApiOkResponse({ type: ResultsView })
  results(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ResultsView> {
    return this.panelResults.results(user, id);
  }

  @Get('panels/:id/versions')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Every version of every sheet of the panel (organisers and the head judge)' })
  @ApiErrors(400, 403, 404)
  @ApiOkResponse({ type: [SheetVersionView] })
  versions(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<SheetVersionView[]> {
    return this.panelResults.versions(user, id);
  }
}
