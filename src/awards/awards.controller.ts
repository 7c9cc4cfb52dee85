import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import { seesFullIds } from './awards.access';
import { awardsWorkbook, download, jsonDownload, XLSX_MIME } from './awards.download';
import { AwardsPublicationService } from './awards-publication.service';
import { AwardsService } from './awards.service';
import { AwardOptionsDto, AwardOptionsView, AwardRoundView, ComputeAwardsDto } from './dto/awards.dto';

@ApiTags('awards')
@Controller()
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly publication: AwardsPublicationService,
  ) {}

  @Post('award-rounds/:id/publish')
  @Auth('district_admin', 'city_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the computed award list as a notice (公示, RULES §6: window and objections); it is never recomputed afterwards' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404, 409)
  publish(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.publication.publish(user, id);
  }

  @Post('award-rounds/:id/finalise')
  @Auth('district_admin', 'city_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Once the notice is final (window closed, every objection resolved): fix the certificate numbers' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404, 409)
  finalise(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.publication.finalise(user, id);
  }

  @Get('contests/:contestId/award-options')
  @Auth('city_admin', 'district_admin')
  @ApiOperation({ summary: "The contest's award options (RULES §5): first prize in every group, team share, participation threshold, single-item awards" })
  @ApiOkResponse({ type: AwardOptionsView })
  @ApiErrors(403, 404)
  getOptions(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number) {
    return this.awards.getOptions(user, contestId);
  }

  @Put('contests/:contestId/award-options')
  @Auth('city_admin')
  @ApiOperation({ summary: 'Change the award options (city admin), until the first award list is published' })
  @ApiOkResponse({ type: AwardOptionsView })
  @ApiErrors(400, 403, 404, 409)
  setOptions(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: AwardOptionsDto) {
    return this.awards.setOptions(user, contestId, dto);
  }

  @Post('contests/:contestId/award-rounds')
  @Auth('district_admin', 'city_admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Compute a round's prizes and awards (district admin: its semi-final; city admin: the final), once every panel of the round is locked and its results announced; recomputing is allowed until publication",
  })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(400, 403, 404, 409)
  compute(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: ComputeAwardsDto) {
    return this.awards.compute(user, contestId, dto);
  }

  @Get('contests/:contestId/award-rounds')
  @Auth('district_admin', 'city_admin')
  @ApiOperation({ summary: 'The award rounds the caller may see' })
  @ApiOkResponse({ type: [AwardRoundView] })
  @ApiErrors(403, 404)
  list(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number) {
    return this.awards.list(user, contestId);
  }

  @Get('award-rounds/:id')
  @Auth('district_admin', 'city_admin')
  @ApiOperation({ summary: 'The prize report and the award list of a round' })
  @ApiOkResponse({ type: AwardRoundView })
  @ApiErrors(403, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    return this.awards.get(user, id);
  }

  @Get('award-rounds/:id/report.json')
  @Auth('district_admin', 'city_admin')
  @ApiOperation({ summary: 'The prize report and award list as a JSON download' })
  @ApiOkResponse({ description: 'the AwardRoundView as a file' })
  @ApiErrors(403, 404)
  async reportJson(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    const v = await this.awards.get(user, id);
    return jsonDownload(v, `awards-${v.round}-${id}.json`);
  }

  @Get('award-rounds/:id/report.xlsx')
  @Auth('district_admin', 'city_admin')
  @ApiOperation({ summary: 'The winners list (ID numbers as text, A4 landscape, print titles) and the report per group, as Excel' })
  @ApiOkResponse({ description: 'an .xlsx workbook' })
  @ApiErrors(403, 404)
  async reportXlsx(@CurrentUser() user: AuthUser, @IdParam() id: number) {
    const v = await this.awards.get(user, id);
    const rows = await this.awards.awardsOf(id);
    const ids = await this.awards.idNumbers(rows.filter((a) => a.teacherId !== null).map((a) => a.teacherId!));
    const buffer = await awardsWorkbook(v.report, rows, ids, (a) => seesFullIds(user, a.districtId));
    return download(buffer, XLSX_MIME, `awards-${v.round}-${id}.xlsx`);
  }
}
