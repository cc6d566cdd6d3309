import { Controller, Inject, Query, Type } from '@nestjs/common';
import { ApiOperationOptions, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { PublicRouteKey } from '@riskpool/contracts';
import { IdOrderedStore, Page, PageQuery, PublicList, readStorePage } from '@riskpool/service-kit';
import { GatewayRoute } from '../auth/api-key.guard';

/** One admin list the gateway answers from its own table: a page of a store's rows. */
export interface AdminListSpec<R, T> {
  readonly route: PublicRouteKey;
  readonly operation: ApiOperationOptions;
  readonly view: Type<T>;
  readonly description: string;
  readonly store: Type<IdOrderedStore<EntityManager, R>>;
  readonly keyOf: (row: R) => string;
  /** How a row is shown, when not as stored. */
  readonly items?: (rows: readonly R[]) => readonly T[];
}

/**
 * The controller of an admin list (`GET /admin/...`, served at its route's path), a class of its
 * own per list, named `name` (the route checks and Nest's logs name it).
 */
export function AdminListHttpController<R, T>(name: string, spec: AdminListSpec<R, T>) {
  @ApiTags('admin')
  @Controller()
  class AdminList {
    constructor(
      readonly dataSource: DataSource,
      @Inject(spec.store) readonly store: IdOrderedStore<EntityManager, R>,
    ) {}

    @PublicList(GatewayRoute(spec.route), spec.operation, spec.view, spec.description)
    async list(@Query() query: PageQuery): Promise<Page<T>> {
      return readStorePage(query, this.dataSource.manager, this.store, spec.keyOf, spec.items);
    }
  }
  Object.defineProperty(AdminList, 'name', { value: name });
  return AdminList;
}
