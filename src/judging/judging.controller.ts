import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import {
  AddJudgeDto,
  CreatePanelDto,
  DrawDto,
  EntrantIdsDto,
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
    private readonly sheets: SchoolSheetsService,
    private readonly judgeLinks: JudgeLinksService,
    private readonly scores: ScoresService,
    private readonly panelResults: ResultsService,
  ) {}

  @Get('ping')
  @Auth('judging.ping')
  @ApiOperation({ summary: 'Authenticated no-op (the score-entry benchmark baseline)' })
  ping() {
    return this.scores.ping();
  }

  // ------------------------------------------------------------ sheets

  @Get('contests/:contestId/sheets')
  @Auth('sheet.readBase')
  @ApiOperation({ summary: "A round's base score sheet (final: with the featured item labelled for `subject`)" })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404)
  baseSheet(@IdParam('contestId') contestId: number, @Query() q: SheetQuery) {
    return this.sheets.baseSheetView(contestId, q);
  }

  @Get('contests/:contestId/schools/:schoolId/sheet')
  @Auth('schoolSheet.read')
  @ApiOperation({ summary: "A school's preliminary sheet (its own when set, else the base sheet)" })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404)
  schoolSheet(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number) {
    return this.sheets.schoolSheet(user, contestId, schoolId);
  }

  @Put('contests/:contestId/schools/:schoolId/sheet')
  @Auth('schoolSheet.write')
  @ApiOperation({ summary: "Set a school's own preliminary sheet: added items and new points; it must total 100" })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404, 409)
  setSchoolSheet(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @Body() dto: SchoolSheetDto,
  ) {
    return this.sheets.setSchoolSheet(user, contestId, schoolId, dto);
  }

  @Get('entrants/:entrantId/sheet')
  @Auth('entrantSheet.read')
  @ApiOperation({ summary: 'The effective sheet a contestant is scored on' })
  @ApiOkResponse({ type: SheetView })
  @ApiErrors(400, 404)
  entrantSheet(@CurrentUser() user: AuthUser, @IdParam('entrantId') entrantId: number) {
    return this.sheets.entrantSheet(user, entrantId);
  }

  // ------------------------------------------------------------ panels (organisers)

  @Get('judges')
  @Auth('judge.list')
  @ApiOperation({ summary: 'Active judge accounts (to put on a panel)' })
  judges(@CurrentUser() user: AuthUser) {
    return this.panels.judgeAccounts(user);
  }

  @Post('panels')
  @Auth('panel.create')
  @ApiOperation({ summary: 'Create a panel: round, group, session; school (preliminary), district (semi-final) or city (final)' })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePanelDto) {
    return this.panels.create(user, dto);
  }

  @Get('panels')
  @Auth('panel.list')
  @ApiOperation({ summary: "A contest's panels in the caller's scope (a judge: the judge's panels)" })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: AuthUser, @Query() q: PanelQuery) {
    return this.panels.list(user, q);
  }

  @Get('panels/:id')
  @Auth('panel.read')
  @ApiOperation({ summary: 'A panel with its judges and contestants in order of appearance' })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panels.get(user, id);
  }

  @Get('panels/:id/candidates')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Entrants of the round, group and scope who are on no panel yet' })
  candidates(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panels.candidates(user, id);
  }

  @Post('panels/:id/judges')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: "Put a judge on the panel (refused when a contestant is from the judge's school; final: district)" })
  @ApiErrors(400, 404, 409)
  addJudge(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: AddJudgeDto) {
    return this.panels.addJudge(user, id, dto);
  }

  @Delete('panels/:id/judges/:accountId')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Take a judge off the panel (refused once the judge has scores)' })
  @ApiErrors(400, 404, 409)
  removeJudge(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('accountId') accountId: number) {
    return this.panels.removeJudge(user, id, accountId);
  }

  @Post('panels/:id/contestants')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Add contestants (round entrants of the panel’s round, group and scope), appended to the order' })
  @ApiErrors(400, 404, 409)
  addContestants(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EntrantIdsDto) {
    return this.panels.addContestants(user, id, dto);
  }

  @Delete('panels/:id/contestants/:entrantId')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Take a contestant off the panel (refused once scored or after the draw)' })
  @ApiErrors(400, 404, 409)
  removeContestant(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number) {
    return this.panels.removeContestant(user, id, entrantId);
  }

  @Put('panels/:id/order')
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Set the order of appearance by hand (before any score exists; not after a draw)' })
  @ApiErrors(400, 404, 409)
  setOrder(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EntrantIdsDto) {
    return this.panels.setOrder(user, id, dto);
  }

  @Post('panels/:id/draw')
  @HttpCode(200)
  @Auth('panel.manage')
  @ApiOperation({ summary: 'Draw the order of appearance with contest-draw/1 from the entered entropy (runs once)' })
  @ApiErrors(400, 404, 409)
  draw(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: DrawDto) {
    return this.panels.draw(user, id, dto);
  }

  @Get('panels/:id/draw-record')
  @Auth('panel.read')
  @ApiOperation({ summary: 'The draw record (JSON file; `npm run -s cli -- verify-draw record.json` prints MATCH)' })
  @ApiErrors(400, 404)
  async drawRecord(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const f = await this.panels.drawRecord(user, id);
    attachment(res, JSON_MIME, f.filename);
    return f.text;
  }

  @Post('panels/:id/judges/:accountId/links')
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: "Create a judge's private link; the token is shown once (only its SHA-256 is stored)" })
  @ApiOkResponse({ type: NewLinkView })
  @ApiErrors(400, 404, 409)
  createLink(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('accountId') accountId: number) {
    return this.judgeLinks.createLink(user, id, accountId);
  }

  @Get('panels/:id/links')
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: "The panel's judge links (never the tokens)" })
  links(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.judgeLinks.links(user, id);
  }

  @Post('links/:linkId/revoke')
  @HttpCode(200)
  @Auth('judgeLink.manage')
  @ApiOperation({ summary: 'Revoke a judge link: it stops working at once' })
  @ApiErrors(400, 404)
  revokeLink(@CurrentUser() user: AuthUser, @IdParam('linkId') linkId: number) {
    return this.judgeLinks.revokeLink(user, linkId);
  }

  @Post('panels/:id/lock')
  @HttpCode(200)
  @Auth('panel.lock')
  @ApiOperation({ summary: 'Lock a complete panel (every judge submitted every contestant); writes the round results' })
  @ApiErrors(400, 404, 409)
  lock(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panelResults.lock(user, id);
  }

  @Post('panels/:id/announce')
  @HttpCode(200)
  @Auth('panel.lock')
  @ApiOperation({ summary: "Announce a locked panel's results (until then only organisers and the head judge see them)" })
  @ApiErrors(400, 404, 409)
  announce(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panelResults.announce(user, id);
  }

  // ------------------------------------------------------------ judges (login or private link)

  @Get('my/panels')
  @Auth('judge.panels')
  @ApiOperation({ summary: "The judge's panels (with a private link: its one panel)" })
  myPanels(@CurrentUser() user: AuthUser) {
    return this.scores.myPanels(user, );
  }

  @Get('panels/:id/mine')
  @Auth('judge.panels')
  @ApiOperation({ summary: "The judge's contestants in order, each with the sheet and the judge's own entry" })
  @ApiErrors(400, 403, 404)
  myPanel(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.scores.myPanel(user, id);
  }

  @Put('panels/:id/sheets/:entrantId')
  @Auth('sheet.write')
  @ApiOperation({ summary: 'Save a draft or submit (submit: true); a resend with the same clientId returns the stored result' })
  @ApiOkResponse({ type: ScoreSheetView })
  @ApiErrors(400, 403, 404, 409)
  enter(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number, @Body() dto: ScoreEntryDto) {
    return this.scores.enter(user, id, entrantId, dto);
  }

  @Post('panels/:id/sheets/:entrantId/reopen')
  @HttpCode(200)
  @Auth('sheet.reopen')
  @ApiOperation({ summary: "The head judge reopens a judge's submitted sheet, with a reason" })
  @ApiOkResponse({ type: ScoreSheetView })
  @ApiErrors(400, 403, 404, 409)
  reopen(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('entrantId') entrantId: number, @Body() dto: ReopenDto) {
    return this.scores.reopen(user, id, entrantId, dto);
  }

  @Get('panels/:id/progress')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Who has submitted what (organisers and the head judge)' })
  @ApiErrors(400, 403, 404)
  progress(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panelResults.progress(user, id);
  }

  @Get('panels/:id/results')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Results by the aggregation rule, outlier flags, bias, ranking (organisers and head judge; judges once announced)' })
  @ApiErrors(400, 403, 404)
  results(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panelResults.results(user, id);
  }

  @Get('panels/:id/versions')
  @Auth('panel.results')
  @ApiOperation({ summary: 'Every version of every sheet of the panel (organisers and the head judge)' })
  @ApiErrors(400, 403, 404)
  versions(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.panelResults.versions(user, id);
  }
}
