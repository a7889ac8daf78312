import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts' })
  @ApiPage(UserResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(actor, query);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a staff account (admin or therapist)' })
  @ApiCreatedResponse({ type: UserResponse })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<UserResponse> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account; `active: false` deactivates it at once' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(actor, id, body);
  }
}
