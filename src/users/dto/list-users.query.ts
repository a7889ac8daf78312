import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROLES, Role } from '../../common/auth/roles';
import { PageQuery } from '../../common/pagination/pagination';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
