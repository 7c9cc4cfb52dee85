import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser, Public } from '../common/auth.decorators';
import { AuthUser } from '../common/roles';
import { AccountView, ChangePasswordDto, LoginDto, LoginResult } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password; returns a bearer token' })
  @ApiOkResponse({ type: LoginResult })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password);
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
  @ApiOperation({ summary: 'Change your own password' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto);
  }
}
