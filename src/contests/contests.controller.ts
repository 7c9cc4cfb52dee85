import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { Page, PageOf, PageQuery } from '../common/paging';
import { AuthUser } from '../common/roles';
import { ROUND_CODES } from './contest-round.entity';
import { ContestView, CreateContestDto, RoundView, UpdateContestDto, UpdateRoundDto } from './contest.dto';
import { ContestsService } from './contests.service';

const ContestPage = PageOf(ContestView, 'ContestPage');

/** Contests and their rounds: every role reads them; only the city admin changes them. */
@ApiTags('contests')
@Controller('contests')
export class ContestsController {
  constructor(private readonly contests: ContestsService) {}

  @Get()
  @Auth('contest.read')
  @ApiOperation({ summary: 'Contests, latest year first' })
  @ApiOkResponse({ type: ContestPage })
  @ApiErrors(400)
  list(@Query() q: PageQuery): Promise<Page<ContestView>> {
    return this.contests.list(q);
  }

  @Get('current')
  @Auth('contest.read')
  @ApiOperation({ summary: 'The current contest (the latest year): its rules apply to the registry' })
  @ApiOkResponse({ type: ContestView })
  @ApiErrors(404)
  current(): Promise<ContestView> {
    return this.contests.getCurrent();
  }

  @Get(':id')
  @Auth('contest.read')
  @ApiOperation({ summary: 'One contest with its rounds' })
  @ApiOkResponse({ type: ContestView })
  @ApiErrors(400, 404)
  get(@IdParam() id: number): Promise<ContestView> {
    return this.contests.get(id);
  }

  @Post()
  @Auth('contest.write')
  @ApiOperation({ summary: 'Create a contest; what is left out comes from the default preset' })
  @ApiCreatedResponse({ type: ContestView })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateContestDto): Promise<ContestView> {
    return this.contests.create(user, dto);
  }

  @Patch(':id')
  @Auth('contest.write')
  @ApiOperation({ summary: 'Change a contest: cut-off, rates, subjects, prize shares, holiday calendar' })
  @ApiOkResponse({ type: ContestView })
  @ApiErrors(400, 404, 409)
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateContestDto): Promise<ContestView> {
    return this.contests.update(user, id, dto);
  }

  @Get(':id/rounds')
  @Auth('contest.read')
  @ApiOperation({ summary: "A contest's three rounds with their dates and deadlines" })
  @ApiOkResponse({ type: [RoundView] })
  @ApiErrors(400, 404)
  rounds(@IdParam() id: number): Promise<RoundView[]> {
    return this.contests.rounds(id);
  }

  @Patch(':id/rounds/:code')
  @Auth('contest.write')
  @ApiParam({ name: 'code', enum: ROUND_CODES })
  @ApiOperation({ summary: "Change a round's dates or deadline" })
  @ApiOkResponse({ type: RoundView })
  @ApiErrors(400, 404)
  updateRound(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Param('code') code: string,
    @Body() dto: UpdateRoundDto,
  ): Promise<RoundView> {
    return this.contests.updateRound(user, id, code, dto);
  }
}
