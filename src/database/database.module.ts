import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { apiLimits, dataSourceOptions } from './data-source';

/**
 * The API's DataSource, its connection pool: connected before any provider that needs it is made,
 * and closed once the application has shut down (after the workers' last writes). Every provider
 * gets it by its class.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly db: DataSource) {}

  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => {
            const setting = <K extends keyof AppConfig>(name: K) => config.get(name, { infer: true });
            return new DataSource(dataSourceOptions(databaseUrl, setting('DATABASE_POOL_SIZE'), apiLimits(setting))).initialize();
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}
