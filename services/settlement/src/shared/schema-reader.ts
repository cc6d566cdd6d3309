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
    readonly repository: R;

    constructor(
      readonly dataSource: DataSource,
      @Inject(SETTLEMENT_SCHEMA) schema: string,
    ) {
      this.repository = new repository(schema);
    }
  }
  return Reader;
}
