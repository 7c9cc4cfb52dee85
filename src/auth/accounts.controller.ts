import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { Page, PageOf } from '../common/paging';
import { AuthUser } from '../common/roles';
import { AccountQuery, AccountView, CreateAccountDto, UpdateAccountDto } from './auth.dto';
import { AccountsService } from './accounts.service';

const AccountPage = PageOf(AccountView, 'AccountPage');

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Auth('account.list')
  @ApiOperation({ summary: 'List accounts (district admin: the school admins of its district)' })
  @ApiOkResponse({ type: AccountPage })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() q: AccountQuery): Promise<Page<AccountView>> {
    return this.accounts.list(user, q);
  }

  @Post()
  @Auth('account.create')
  @ApiOperation({ summary: 'Create an account (district admin: school admins of its district only)' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAccountDto): Promise<AccountView> {
    return this.accounts.create(user, dto);
  }

  @Get(':id')
  @Auth('account.manage')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountView })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<AccountView> {
    return this.accounts.get(user, id);
  }

  @Patch(':id')
  @Auth('account.manage')
  @ApiOperation({ summary: 'Change display name, reset password, enable/disable' })
  @ApiOkResponse({ type: AccountView })
  @ApiErrors(400, 404)
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateAccountDto): Promise<AccountView> {
    return this.accounts.update(user, id, dto);
  }
}
