import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { DatabaseLimits, dataSourceOptions } from './data-source';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The tools' DataSource (migrations, the migration check and generator, the admin tool): the API's
 * connection with the schema's declaration (the entities) and the migrations.
 */
export function createDataSource(url: string, poolSize?: number, limits?: DatabaseLimits): DataSource {
  return new DataSource({
    ...dataSourceOptions(url, poolSize, limits),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
  });
}
