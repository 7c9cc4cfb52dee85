import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { FileUpload, UploadedBuffer } from '../common/upload';
import { IdParam } from '../common/id-param';
import { AuthUser } from '../common/roles';
import {
  ApplyExemptionDto,
  ApproveExemptionDto,
  ExemptionNoteDto,
  ExemptionQuery,
  ExemptionView,
  ExtensionDto,
  OverviewQuery,
  OverviewView,
  PrintableView,
  RejectExemptionDto,
  SchoolListView,
  UploadResultView,
} from './dto/entrants.dto';
import { EntrantListViewsService } from './entrant-list-views.service';
import { EntrantListsService } from './entrant-lists.service';
import { EntrantsExcelService, MAX_UPLOAD_BYTES } from './entrants-excel.service';
import { EntrantsUploadService, UploadedXlsx } from './entrants-upload.service';
import { ApplyUploadDto, UploadPreviewView } from './dto/upload.dto';
import { attachment, XLSX_MIME } from '../common/download';
import { ExemptionsService } from './exemptions.service';

/** An .xlsx answer (error answers stay JSON). */
const XLSX_RESPONSE = { description: 'an .xlsx workbook', content: { [XLSX_MIME]: { schema: { type: 'string' as const, format: 'binary' } } } };

function sendFile(res: FastifyReply, file: { buffer: Buffer; filename: string }): StreamableFile {
  attachment(res, XLSX_MIME, file.filename);
  return new StreamableFile(file.buffer);
}

@ApiTags('entrant lists')
@Controller('contests/:contestId/entrant-lists')
export class EntrantListsController {
  constructor(
    private readonly lists: EntrantListsService,
    private readonly listViews: EntrantListViewsService,
    private readonly excel: EntrantsExcelService,
    private readonly uploads: EntrantsUploadService,
  ) {}

  @Get()
  @Auth('entrantList.overview')
  @ApiOperation({ summary: "Every school's list state and counts (district admin: its district; city admin: all or one district)" })
  @ApiOkResponse({ type: OverviewView })
  @ApiErrors(400, 404)
  overview(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Query() q: OverviewQuery) {
    return this.listViews.overview(user, contestId, q);
  }

  @Get(':schoolId')
  @Auth('entrantList.read')
  @ApiOperation({ summary: "A school's preliminary entrant list: every teacher as entrant, excluded or exempted, with group and subject" })
  @ApiOkResponse({ type: SchoolListView })
  @ApiErrors(400, 404)
  view(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number) {
    return this.listViews.view(user, contestId, schoolId);
  }

  @Post(':schoolId/submit')
  @HttpCode(200)
  @Auth('entrantList.edit')
  @ApiOperation({ summary: 'Submit the list (locks it and writes the preliminary entrants); refused after the deadline' })
  @ApiOkResponse({ type: SchoolListView })
  @ApiErrors(400, 404, 409)
  submit(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number) {
    return this.lists.submit(user, contestId, schoolId);
  }

  @Post(':schoolId/reopen')
  @HttpCode(200)
  @Auth('entrantList.edit')
  @ApiOperation({ summary: 'Reopen a submitted list before the deadline (its preliminary entrants are removed)' })
  @ApiOkResponse({ type: SchoolListView })
  @ApiErrors(400, 404, 409)
  reopen(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number) {
    return this.lists.reopen(user, contestId, schoolId);
  }

  @Post(':schoolId/extension')
  @HttpCode(200)
  @Auth('entrantList.extend')
  @ApiOperation({ summary: "Extend one school's deadline, with a reason (the school's district admin)" })
  @ApiOkResponse({ type: SchoolListView })
  @ApiErrors(400, 404, 409)
  extend(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @Body() dto: ExtensionDto,
  ) {
    return this.lists.extend(user, contestId, schoolId, dto);
  }

  @Get(':schoolId/printable')
  @Auth('entrantList.read')
  @ApiOperation({ summary: 'The printable list (masked ID numbers, by group and subject, totals, date); rendered by /print-list.html' })
  @ApiOkResponse({ type: PrintableView })
  @ApiErrors(400, 404)
  printable(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @IdParam('schoolId') schoolId: number) {
    return this.listViews.printable(user, contestId, schoolId);
  }

  @Get(':schoolId/template.xlsx')
  @Auth('entrantList.read')
  @ApiOperation({ summary: "The upload template: the school's teachers, the contest's subjects as a drop-down" })
  @ApiOkResponse(XLSX_RESPONSE)
  @ApiErrors(400, 404)
  async template(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return sendFile(res, await this.excel.template(user, contestId, schoolId));
  }

  @Get(':schoolId/export.xlsx')
  @Auth('entrantList.read')
  @ApiOperation({ summary: "The school's list as Excel" })
  @ApiOkResponse(XLSX_RESPONSE)
  @ApiErrors(400, 404)
  async export(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return sendFile(res, await this.excel.export(user, contestId, schoolId));
  }

  @Post(':schoolId/upload')
  @HttpCode(200)
  @Auth('entrantList.edit')
  @UseInterceptors(new FileUpload('file', MAX_UPLOAD_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary:
      'Preview an upload of the filled sheet (.xlsx, at most 2 MiB; stores nothing): every row is checked (INVALID_ROWS lists every problem), ' +
      'then every change is shown (created, unchanged, changed old → new, registered but not in the file) with a confirm token for …/upload/apply',
  })
  @ApiOkResponse({ type: UploadPreviewView })
  @ApiErrors(400, 404, 409, 413)
  upload(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @UploadedBuffer() file: UploadedXlsx | undefined,
  ) {
    return this.uploads.preview(user, contestId, schoolId, file);
  }

  @Post(':schoolId/upload/apply')
  @HttpCode(200)
  @Auth('entrantList.edit')
  @UseInterceptors(new FileUpload('file', MAX_UPLOAD_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'confirmToken'],
      properties: { file: { type: 'string', format: 'binary' }, confirmToken: { type: 'string', description: "the preview's confirmToken" } },
    },
  })
  @ApiOperation({
    summary:
      'Apply a previewed upload: the same file and the preview\'s confirmToken; refused when the file differs (UPLOAD_FILE_CHANGED) or the list changed since (UPLOAD_PREVIEW_STALE)',
  })
  @ApiOkResponse({ type: UploadResultView })
  @ApiErrors(400, 404, 409, 413)
  apply(
    @CurrentUser() user: AuthUser,
    @IdParam('contestId') contestId: number,
    @IdParam('schoolId') schoolId: number,
    @UploadedBuffer() file: UploadedXlsx | undefined,
    @Body() dto: ApplyUploadDto,
  ) {
    return this.uploads.apply(user, contestId, schoolId, file, dto.confirmToken);
  }
}

@ApiTags('exemptions')
@Controller()
export class ExemptionsController {
  constructor(private readonly exemptions: ExemptionsService) {}

  @Get('contests/:contestId/exemptions')
  @Auth('exemption.list')
  @ApiOperation({ summary: 'Exemption applications in your scope' })
  @ApiOkResponse({ type: [ExemptionView] })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Query() q: ExemptionQuery) {
    return this.exemptions.list(user, contestId, q);
  }

  @Post('contests/:contestId/exemptions')
  @Auth('exemption.apply')
  @ApiOperation({ summary: 'Apply for a teacher of your school (near retirement: refused with the reason when the teacher does not qualify)' })
  @ApiOkResponse({ type: ExemptionView })
  @ApiErrors(400, 404, 409)
  apply(@CurrentUser() user: AuthUser, @IdParam('contestId') contestId: number, @Body() dto: ApplyExemptionDto) {
    return this.exemptions.apply(user, contestId, dto);
  }

  @Post('exemptions/:id/review')
  @HttpCode(200)
  @Auth('exemption.apply')
  @ApiOperation({ summary: "The school's review: applied → school-reviewed" })
  @ApiOkResponse({ type: ExemptionView })
  @ApiErrors(400, 404, 409)
  review(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ExemptionNoteDto) {
    return this.exemptions.review(user, id, dto);
  }

  @Post('exemptions/:id/withdraw')
  @HttpCode(200)
  @Auth('exemption.apply')
  @ApiOperation({ summary: 'The school withdraws an open application' })
  @ApiOkResponse({ type: ExemptionView })
  @ApiErrors(400, 404, 409)
  withdraw(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ExemptionNoteDto) {
    return this.exemptions.withdraw(user, id, dto);
  }

  @Post('exemptions/:id/approve')
  @HttpCode(200)
  @Auth('exemption.decide')
  @ApiOperation({ summary: "The district approves a reviewed application (the school's district admin)" })
  @ApiOkResponse({ type: ExemptionView })
  @ApiErrors(400, 404, 409)
  approve(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ApproveExemptionDto) {
    return this.exemptions.approve(user, id, dto);
  }

  @Post('exemptions/:id/reject')
  @HttpCode(200)
  @Auth('exemption.decide')
  @ApiOperation({ summary: 'The district rejects a reviewed application, with a reason' })
  @ApiOkResponse({ type: ExemptionView })
  @ApiErrors(400, 404, 409)
  reject(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: RejectExemptionDto) {
    return this.exemptions.reject(user, id, dto);
  }
}
