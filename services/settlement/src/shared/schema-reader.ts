import { Inject, Injectable, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTLEMENT_SCHEMA } from './tokens';

/** What a query controller reads through: the data source and a repository bound to the schema. */
export interface SchemaReader<R> {
  readonly dataSource: DataSource;
  readonly repository: R;
}

/** The base of a query controller that reads the settlement schema through one repository. */
export function ReadsThrough<R>(repository: new (schema: string) => R): Type<SchemaReader<R>> {
  @Injectable()
  class Reader implements SchemaReader<R> {
    private bound: R | undefined;

    constructor(
      readonly dataSource: DataSource,
      @Inject(SETTLEMENT_SCHEMA) private readonly schema: string,
    ) {}

    /** Bound at first use: the OpenAPI document builds the controller with stand-ins only. */
    get repository(): R {
      this.bound ??= new repository(this.schema);
      return this.bound;
    }
  }
  return Reader;
}
