import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery, queryBool, queryInt } from '../common/paging';
import { Role, ROLES } from '../common/roles';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

export class LoginDto {
  @ApiProperty({ example: 'city' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'contest-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class AccountView {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'school-S3213020101' }) username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: '东湖镇中心小学管理员' }) displayName: string;
  @ApiProperty({ nullable: true, type: Number }) districtId: number | null;
  @ApiProperty({ nullable: true, type: Number }) schoolId: number | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class LoginResult {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds', example: 28800 }) expiresIn: number;
  @ApiProperty({ type: AccountView }) account: AccountView;
}

export const PASSWORD_RULE = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
const PASSWORD_POLICY_TEXT = `At least ${PASSWORD_MIN_LENGTH} characters, not the username, not a common or easily guessed password (400 WEAK_PASSWORD). Every token of the account stops working when it changes.`;

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_RULE.max)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_RULE.min, description: PASSWORD_POLICY_TEXT })
  @IsString()
  @MinLength(PASSWORD_RULE.min)
  @MaxLength(PASSWORD_RULE.max)
  newPassword: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'school-S001', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/i, { message: 'username must be 2–64 characters: letters, digits, . _ -' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_RULE.min, description: PASSWORD_POLICY_TEXT })
  @IsString()
  @MinLength(PASSWORD_RULE.min)
  @MaxLength(PASSWORD_RULE.max)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[])
  role: Role;

  @ApiProperty({ example: '东湖镇中心小学管理员' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiPropertyOptional({ description: 'district admin: required; judge: optional' })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ description: "school admin: required; judge: optional (the judge's own school)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  schoolId?: number;
}

export class UpdateAccountDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ description: `a new password (reset). ${PASSWORD_POLICY_TEXT}`, minLength: PASSWORD_RULE.min })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_RULE.min)
  @MaxLength(PASSWORD_RULE.max)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class AccountQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[])
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  schoolId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean()
  active?: boolean;
}
