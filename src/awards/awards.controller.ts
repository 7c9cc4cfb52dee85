import { Body, Controller, Get, HttpCode, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { attachment, JSON_MIME, XLSX_MIME } from '../common/download';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { can } from '../access/policy';
import { awardsWorkbook } from './awards.download';
import { AwardsPublicationService } from './awards-publication.service';
import { AwardsService } from './awards.service';
import { AwardOptionsDto, AwardOptionsView, AwardRoundView, ComputeAwardsDto, CorrectAwardDto } from './dto/awards.dto';

@ApiTags('awards')
@Controller()
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly publication: AwardsPublicationService,
  ) {}

  @Post('award-rounds/:id/publish')
  @Auth('awards.compute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the computed award list as a notice (公示, RULES §6: window and objections); it is never recomputed afterwards' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404, 409)
  publish(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<AwardRoundView> {
    return this.publication.publish(user, id);
  }

  @Post('award-rounds/:id/corrections')
  @Auth('awards.compute')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Correct a published award list (remove an award given in error, reinstate a removed one, or correct a name as printed), announced as a supplementary notice (补充公示) with its own window; the award’s certificate waits until that notice is final',
  })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(400, 403, 404, 409)
  correct(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CorrectAwardDto) {
    return this.publication.correct(user, id, dto);
  }

  @Post('award-rounds/:id/finalise')
  @Auth('awards.compute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Once the notice and its supplementary notices are final (windows closed, every objection resolved): fix the certificate numbers; later, number an award reinstated by a correction once its notice is final' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404, 409)
  finalise(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<AwardRoundView> {
    return this.publication.finalise(user, id);
  }

  @Get('contests/:contestId/award-options')
  @Auth('awards.options.read')
  @ApiOperation({ summary: "The contest's award options (RULES §5): first prize in every group, team share, participation threshold, single-item awards" })
  @ApiOkResponse({ type: AwardOptionsView })
  @ApiErrors(403, 404)
  getOptions(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<AwardOptionsView> {
    return this.awards.getOptions(user, contestId);
  }

  @Put('contests/:contestId/award-options')
  @Auth('awards.options.write')
  @ApiOperation({ summary: 'Change the award options (city admin), until the first award list is published' })
  @ApiOkResponse({ type: AwardOptionsView })
  @ApiErrors(400, 403, 404, 409)
  setOptions(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: AwardOptionsDto): Promise<AwardOptionsView> {
    return this.awards.setOptions(user, contestId, dto);
  }

  @Post('contests/:contestId/award-rounds')
  @Auth('awards.compute')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Compute a round's prizes and awards (district admin: its semi-final; city admin: the final), once every panel of the round is locked and its results announced; recomputing is allowed until publication",
  })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(400, 403, 404, 409)
  compute(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: ComputeAwardsDto): Promise<AwardRoundView> {
    return this.awards.compute(user, contestId, dto);
  }

  @Get('contests/:contestId/award-rounds')
  @Auth('awards.read')
  @ApiOperation({ summary: 'The award rounds the caller may see' })
  @ApiOkResponse({ type: [AwardRoundView] })
  @ApiErrors(403, 404)
  list(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number): Promise<AwardRoundView[]> {
    return this.awards.list(user, contestId);
  }

  @Get('award-rounds/:id')
  @Auth('awards.read')
  @ApiOperation({ summary: 'The prize report and the award list of a round' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<AwardRoundView> {
    return this.awards.get(user, id);
  }

  @Get('award-rounds/:id/report.json')
  @Auth('awards.read')
  @ApiOperation({ summary: 'The prize report and award list as a JSON download' })
  @ApiFileResponse('application/json', 'the prize report and award list (AwardRoundView) as a JSON file')
  @ApiErrors(403, 404)
  async reportJson(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const v = await this.awards.get(user, id);
    attachment(res, JSON_MIME, `awards-${v.round}-${id}.json`);
    return new StreamableFile(Buffer.from(JSON.stringify(v, null, 2), 'utf8'));
  }

  @Get('award-rounds/:id/report.xlsx')
  @Auth('awards.read')
  @ApiOperation({ summary: 'The winners list (ID numbers as text, A4 landscape, print titles) and the report per group, as Excel' })
  @ApiFileResponse(XLSX_MIME, 'the winners list and the report per group, as an .xlsx workbook')
  @ApiErrors(403, 404)
  async reportXlsx(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) res: FastifyReply) {
    const v = await this.awards.get(user, id);
    const rows = await this.awards.awardsOf(id);
    const ids = await this.awards.idNumbers(rows.filter((a) => a.teacherId !== null).map((a) => a.teacherId!));
    const buffer = await awardsWorkbook(v.report, rows, ids, (a) => can(user, 'teacher.idNumber.full', { districtId: a.districtId }));
    attachment(res, XLSX_MIME, `awards-${v.round}-${id}.xlsx`);
    return new StreamableFile(buffer);
  }
}
