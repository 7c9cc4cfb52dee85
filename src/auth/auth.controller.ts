import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser, Public } from '../common/auth.decorators';
import { RequestOrigin, RequestOriginInfo } from '../common/client-address';
import { AuthUser } from '../common/roles';
import { AccountView, ChangePasswordDto, LoginDto, LoginResult } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with username and password; returns a bearer token',
    description: 'Limited per client address and, for failed attempts, per username: 429 LOGIN_RATE_LIMITED with Retry-After.',
  })
  @ApiOkResponse({ type: LoginResult })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto, @RequestOrigin() origin: RequestOriginInfo): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password, origin);
  }

  @Get('me')
  @Auth('auth.me')
  @ApiOperation({ summary: 'The logged-in account' })
  @ApiOkResponse({ type: AccountView })
  me(@CurrentUser() user: AuthUser): Promise<AccountView> {
    return this.auth.me(user);
  }

  @Post('password')
  @Auth('auth.me')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password (every token of the account, this one included, stops working: log in again)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto);
  }
}
